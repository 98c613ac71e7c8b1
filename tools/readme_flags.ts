/**
 * Rewrites the README's flags table from the flag table (src/config/flags.ts):
 * `deno task readme-flags`. tests/docs/readme_test.ts fails when the two differ.
 */
import { FLAGS, type FlagSpec } from "../src/config/flags.ts";

const README = new URL("../README.md", import.meta.url);
const HEADER = ["flag", "env var", "default", "what"];

/** The cells of a flag's README row. */
export function readmeCells(f: FlagSpec): string[] {
  const value = f.placeholder ? ` ${f.placeholder}` : "";
  const notes = f.alias ? ` (alias \`--${f.alias}${value}\`)` : "";
  const repeat = f.parser.arg === "list" ? " (repeatable)" : "";
  const shown = f.defaultText ?? f.default;
  const def = shown ? `\`${shown}\`` : f.parser.arg === "flag" ? "off" : "";
  return [`\`--${f.name}${value}\`${notes}${repeat}`, `\`${f.env}\``, def, f.doc];
}

/** The rows of the table under "## Flags" in `readme`, as trimmed cells. */
export function readmeRows(readme: string): string[][] {
  const section = readme.split(/^## Flags$/m)[1]?.split(/^## /m)[0] ?? "";
  return section.split("\n").filter((l) => l.startsWith("| `--"))
    .map((l) => l.slice(1, -1).split(" | ").map((c) => c.trim()));
}

/** `readme` with the flags table replaced by one built from FLAGS. */
export function withFlagsTable(readme: string): string {
  const lines = readme.split("\n");
  const start = lines.findIndex((l, i) =>
    l.startsWith("| flag ") && lines.slice(0, i).some((p) => p === "## Flags")
  );
  let end = start;
  while (lines[end]?.startsWith("|")) end++;
  const table = [HEADER, HEADER.map(() => "---"), ...FLAGS.map(readmeCells)]
    .map((cells) => `| ${cells.join(" | ")} |`);
  return [...lines.slice(0, start), ...table, ...lines.slice(end)].join("\n");
}

if (import.meta.main) {
  await Deno.writeTextFile(README, withFlagsTable(await Deno.readTextFile(README)));
  const fmt = new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", README.pathname] });
  if (!(await fmt.output()).success) Deno.exit(1);
  console.log("README.md: flags table rewritten from src/config/flags.ts");
}
