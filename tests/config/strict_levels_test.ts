import assert from "node:assert/strict";
import { configFromOptions } from "../../src/options.ts";
import { loadConfig, problemsOf } from "./helpers.ts";

/** [strict, strictAll] as loaded. */
async function levels(args: string[], env: Record<string, string> = {}) {
  const config = await loadConfig(args, env);
  return [config.strict, config.strictAll];
}

Deno.test("--strict enforces reject rules; --strict=all and --pedantic the advice too", async () => {
  assert.deepEqual(await levels([]), [false, false]);
  assert.deepEqual(await levels(["--strict"]), [true, false]);
  assert.deepEqual(await levels(["--strict", "--port", "0"]), [true, false]);
  assert.deepEqual(await levels(["--strict=all"]), [true, true]);
  assert.deepEqual(await levels(["--strict", "all"]), [true, true]);
  assert.deepEqual(await levels(["--pedantic"]), [true, true]);
  assert.deepEqual(await levels([], { GATEHOUSE_STRICT: "all" }), [true, true]);
  assert.deepEqual(await levels([], { GATEHOUSE_STRICT: "true" }), [true, false]);
  assert.deepEqual(await levels([], { GATEHOUSE_STRICT: "false" }), [false, false]);
  assert.deepEqual(await levels([], { GATEHOUSE_PEDANTIC: "1" }), [true, true]);
});

Deno.test("--strict with another value is a configuration problem", async () => {
  assert.deepEqual(await problemsOf(["--strict=most"]), [
    { source: "--strict", message: 'expected true, false or all, got "most"' },
  ]);
});

Deno.test("--id-token-claims takes default or minimal, independently of --strict", async () => {
  assert.equal((await loadConfig([])).idTokenClaims, "default");
  assert.equal((await loadConfig(["--strict"])).idTokenClaims, "default");
  assert.equal((await loadConfig(["--id-token-claims", "minimal"])).idTokenClaims, "minimal");
  assert.deepEqual(await problemsOf(["--id-token-claims", "some"]), [
    { source: "--id-token-claims", message: 'expected one of default or minimal, got "some"' },
  ]);
});

Deno.test('library options: strict true or "all", pedantic, idTokenClaims', async () => {
  const of = async (o: Parameters<typeof configFromOptions>[0]) => {
    const c = await configFromOptions(o, "test");
    return [c.strict, c.strictAll, c.idTokenClaims];
  };
  assert.deepEqual(await of({ strict: true }), [true, false, "default"]);
  assert.deepEqual(await of({ strict: "all" }), [true, true, "default"]);
  assert.deepEqual(await of({ pedantic: true, idTokenClaims: "minimal" }), [true, true, "minimal"]);
});
