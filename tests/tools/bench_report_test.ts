import assert from "node:assert/strict";
import { formatSection, targetMet } from "../../tools/bench/report.ts";
import { median } from "../../tools/bench/stats.ts";
import type { BenchRow, BenchSection } from "../../tools/bench/types.ts";

const SECTION: BenchSection = {
  name: "startup",
  description: "a fresh process per run",
  run: () => Promise.resolve([]),
};

Deno.test("median takes the middle sample, or the mean of the middle two", () => {
  assert.equal(median([30, 10, 20]), 20);
  assert.equal(median([40, 10, 30, 20]), 25);
  assert.ok(Number.isNaN(median([])));
});

Deno.test("a target is met only when the median is on the right side of it", () => {
  const row = (samples: number[], target?: BenchRow["target"]): BenchRow => ({
    metric: "m",
    samples,
    unit: "ms",
    target,
  });
  assert.equal(targetMet(row([50, 70, 55], { below: 60 })), true);
  assert.equal(targetMet(row([60, 61, 59], { below: 60 })), false);
  assert.equal(targetMet(row([900, 1100, 1000], { above: 500 })), true);
  assert.equal(targetMet(row([1, 2, 3])), null);
  assert.equal(targetMet(row([], { below: 60 })), null);
});

Deno.test("a section prints as a table with median, range, target and verdict", () => {
  const rows: BenchRow[] = [
    { metric: "spawn → discovery", samples: [48, 52.25, 50], unit: "ms", target: { below: 60 } },
    { metric: "RSS", samples: [70, 71], unit: "MB", target: { below: 60 } },
    { metric: "spawn → /jwks", samples: [], unit: "ms" },
  ];
  assert.equal(
    formatSection(SECTION, rows),
    [
      "startup: a fresh process per run",
      "  metric             median   min … max    target   met",
      "  spawn → discovery  50.0 ms  48.0 … 52.3  < 60 ms  yes",
      "  RSS                70.5 MB  70.0 … 71.0  < 60 MB  NO",
      "  spawn → /jwks      n/a      n/a          -        -",
    ].join("\n"),
  );
});
