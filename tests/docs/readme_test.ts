import assert from "node:assert/strict";
import { readmeCells, readmeRows } from "../../tools/readme_flags.ts";
import { FLAGS } from "../../src/config/flags.ts";

const README = await Deno.readTextFile(new URL("../../README.md", import.meta.url));

Deno.test("the README's flags table is the flag table (run `deno task readme-flags`)", () => {
  assert.deepEqual(readmeRows(README), FLAGS.map(readmeCells));
});

Deno.test("the README's flags table shows each flag's env var and default", () => {
  const rows = new Map(readmeRows(README).map((r) => [r[0].match(/^`--([a-z-]+)/)![1], r]));
  const wrong = FLAGS.filter((f) => {
    const row = rows.get(f.name);
    return !row || row[1] !== `\`${f.env}\`` || (f.default && row[2] !== `\`${f.default}\``);
  });
  assert.deepEqual(wrong.map((f) => `--${f.name}`), []);
});
