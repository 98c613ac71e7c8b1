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

Deno.test("the README names the publishing account in one way, GATEHOUSE_OWNER, in every snippet", () => {
  assert.doesNotMatch(README, /\bOWNER\//);
  const places = [...README.matchAll(/ghcr\.io\/(\S+?)\/gatehouse|github\.com\/(\S+?)\/gatehouse/g)]
    .map((m) => m[1] ?? m[2]);
  assert.ok(places.length >= 5, places.join(" "));
  const owner =
    /^(?:<account>|\$GATEHOUSE_OWNER|\$\{GATEHOUSE_OWNER\}|\$\{\{ vars\.GATEHOUSE_OWNER \}\}|\$\{process\.env\.GATEHOUSE_OWNER\})$/;
  assert.deepEqual(places.filter((p) => !owner.test(p)), []);
});

/** The README's command that runs the bundle, as arguments to `deno`. */
export function bundleCommand(): string[] {
  const line = README.match(/`deno run ([^`]*dist\/gatehouse\.js)`/);
  assert.ok(line, "the README says how to run the bundle");
  return line[1].split(" ");
}

Deno.test("the README says how to run the bundle", () => {
  assert.deepEqual(bundleCommand().at(-1), "dist/gatehouse.js");
});
