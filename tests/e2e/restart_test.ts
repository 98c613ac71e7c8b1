import { SIGNING_ALGS } from "../../src/types.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { tempDir } from "../fixtures/temp_dir.ts";
import { getJson, spawnGatehouse } from "../fixtures/gatehouse_process.ts";

type Jwks = { keys: { kid: string; alg: string }[] };

/** Starts Gatehouse with `args`, reads /jwks, and stops it. */
async function jwksOfOneRun(args: string[]): Promise<Jwks> {
  await using op = await spawnGatehouse(["--port", "0", ...args]);
  return await getJson(`${op.url}/jwks`) as Jwks;
}

Deno.test("a generated signing key survives a restart with a file KV", async () => {
  await using dir = await tempDir();
  const kv = join(dir.path, "gatehouse.kv");
  const first = await jwksOfOneRun(["--kv", kv, "--alg", "ES256"]);
  const second = await jwksOfOneRun(["--kv", kv, "--alg", "ES256"]);
  assert.deepEqual(first.keys.map((k) => k.alg).sort(), [...SIGNING_ALGS].sort());
  // The same keys; their order follows which finished generating first, so it may differ.
  const byKid = (jwks: Jwks) => jwks.keys.toSorted((a, b) => a.kid.localeCompare(b.kid));
  assert.deepEqual(byKid(second), byKid(first));
});

Deno.test("with :memory: KV every start generates a new signing key", async () => {
  const first = await jwksOfOneRun(["--alg", "ES256"]);
  const second = await jwksOfOneRun(["--alg", "ES256"]);
  const es256 = (jwks: Jwks) => jwks.keys.find((k) => k.alg === "ES256")!.kid;
  assert.notEqual(es256(second), es256(first));
});
