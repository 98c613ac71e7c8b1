import assert from "node:assert/strict";
import { envName, FLAGS } from "../../src/config/flags.ts";

const README = await Deno.readTextFile(new URL("../../README.md", import.meta.url));

/** The rows of the README's flags table: flag name → the whole row. */
function flagRows(): Map<string, string> {
  const section = README.split(/^## Flags$/m)[1]?.split(/^## /m)[0] ?? "";
  const rows = new Map<string, string>();
  for (const row of section.split("\n").filter((l) => l.startsWith("| `--"))) {
    rows.set(row.match(/^\| `--([a-z-]+)/)![1], row);
  }
  return rows;
}

Deno.test("the README's flags table lists every flag with its env var", () => {
  const rows = flagRows();
  const missing = FLAGS.filter((f) => !rows.get(f.name)?.includes(`\`${envName(f.name)}\``));
  assert.deepEqual(missing.map((f) => `--${f.name} (${envName(f.name)})`), []);
});

Deno.test("the README's flags table lists no flag Gatehouse does not have", () => {
  const known = new Set(FLAGS.map((f) => f.name));
  assert.deepEqual([...flagRows().keys()].filter((name) => !known.has(name)), []);
});

Deno.test("the README's flags table shows each flag's default", () => {
  const rows = flagRows();
  const wrong = FLAGS.filter((f) => f.default && !rows.get(f.name)?.includes(`\`${f.default}\``));
  assert.deepEqual(wrong.map((f) => `--${f.name} defaults to ${f.default}`), []);
});
