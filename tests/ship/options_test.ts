import assert from "node:assert/strict";
import { FLAGS } from "../../src/config/flags.ts";
import { LIBRARY_ONLY } from "../../src/options.ts";

const SOURCE = await Deno.readTextFile(new URL("../../src/options.ts", import.meta.url));
const BODY = SOURCE.split("export interface ProviderOptions {")[1]?.split("\n}\n")[0] ?? "";

Deno.test("ProviderOptions has a documented camelCase option for every flag the table gives one", () => {
  const missing = FLAGS.flatMap((f) => f.option ? [f.option] : [])
    .filter((name) => !new RegExp(`\\*/\\n  ${name}\\?: `).test(BODY));
  assert.deepEqual(missing, [], "add these to ProviderOptions in src/options.ts, with TSDoc");
});

Deno.test("ProviderOptions has no option that is neither a flag nor library-only", () => {
  const declared = [...BODY.matchAll(/^ {2}(\w+)\?: /gm)].map((m) => m[1]);
  const known = new Set([...FLAGS.map((f) => f.option), ...LIBRARY_ONLY]);
  assert.deepEqual(declared.filter((name) => !known.has(name)), []);
});
