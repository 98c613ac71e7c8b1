import assert from "node:assert/strict";
import { FLAGS } from "../../src/config/flags.ts";

const SOURCE = await Deno.readTextFile(new URL("../../src/options.ts", import.meta.url));
/** Flags the library covers another way: `users` objects, and the options object itself. */
const NOT_OPTIONS = new Set(["user", "user-claims", "config"]);

Deno.test("ProviderOptions has a documented camelCase option for every flag", () => {
  const body = SOURCE.split("export interface ProviderOptions {")[1]?.split("\n}\n")[0] ?? "";
  const missing = FLAGS.filter((f) => !NOT_OPTIONS.has(f.name))
    .map((f) => f.name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()))
    .filter((name) => !new RegExp(`\\*/\\n  ${name}\\?: `).test(body));
  assert.deepEqual(missing, [], "add these to ProviderOptions in src/options.ts, with TSDoc");
});
