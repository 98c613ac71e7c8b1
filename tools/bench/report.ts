import { median } from "./stats.ts";
import type { BenchRow, BenchSection } from "./types.ts";

const round = (n: number) => (Number.isNaN(n) ? "n/a" : n.toFixed(1));

function targetText(row: BenchRow): string {
  if (row.target?.below !== undefined) return `< ${row.target.below} ${row.unit}`;
  if (row.target?.above !== undefined) return `> ${row.target.above} ${row.unit}`;
  return "-";
}

/** Whether the row's median meets its target; null when it has none or no samples. */
export function targetMet(row: BenchRow): boolean | null {
  const m = median(row.samples);
  if (!row.target || Number.isNaN(m)) return null;
  if (row.target.below !== undefined && m >= row.target.below) return false;
  if (row.target.above !== undefined && m <= row.target.above) return false;
  return true;
}

/** A readable table of one section's rows: median, range, target and whether it is met. */
export function formatSection(section: BenchSection, rows: BenchRow[]): string {
  const header = ["metric", "median", "min … max", "target", "met"];
  const lines = rows.map((row) => {
    const s = row.samples;
    const met = targetMet(row);
    return [
      row.metric,
      s.length ? `${round(median(s))} ${row.unit}` : "n/a",
      s.length ? `${round(Math.min(...s))} … ${round(Math.max(...s))}` : "n/a",
      targetText(row),
      met === null ? "-" : met ? "yes" : "NO",
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) =>
    ("  " + cells.map((c, i) => c.padEnd(widths[i])).join("  ")).trimEnd();
  return [`${section.name}: ${section.description}`, fmt(header), ...lines.map(fmt)].join("\n")
    .trimEnd();
}
