import { SIGNING_ALGS } from "../../src/types.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { getJson, ROOT, runDeno, spawnGatehouse } from "../fixtures/gatehouse_process.ts";
import { tempDir } from "../fixtures/temp_dir.ts";

/** The flags the README runs the bundle with (`deno run … dist/gatehouse.js`). */
const README = await Deno.readTextFile(join(ROOT, "README.md"));
const PERMISSIONS = README.match(/`deno run ([^`]*) dist\/gatehouse\.js`/)![1].split(" ");

Deno.test("the bundle is one self-contained file that serves discovery and JWKS, run as the README says", async () => {
  const bundle = await runDeno(["task", "bundle"]);
  assert.equal(bundle.code, 0, bundle.stderr);
  // Only Deno's built-in node: modules may stay imports; a cached npm: import would hide a gap.
  const source = await Deno.readTextFile(join(ROOT, "dist", "gatehouse.js"));
  // Import statements start a line; dynamic imports are import("…"). Error messages may contain
  // `from "…"` too, so the statement form is matched from the line start.
  const statements = /^\s*(?:import|export)\b[^;\n]*?\bfrom\s*"([^"]+)"/gm;
  const dynamic = /\bimport\(\s*"([^"]+)"\s*\)/g;
  const imports = [...source.matchAll(statements), ...source.matchAll(dynamic)].map((m) => m[1]);
  assert.deepEqual(imports.filter((s) => !s.startsWith("node:")), []);
  await using dir = await tempDir();
  await Deno.copyFile(join(ROOT, "dist", "gatehouse.js"), join(dir.path, "gatehouse.js"));
  await using op = await spawnGatehouse(["--port", "0"], {
    cwd: dir.path,
    denoArgs: ["run", ...PERMISSIONS, "gatehouse.js"],
  });
  const issuer = op.stdout().match(/^\s+issuer\s+(\S+)$/m)?.[1];
  const discovery = await getJson(`${op.url}/.well-known/openid-configuration`) as {
    issuer: string;
    jwks_uri: string;
  };
  assert.equal(discovery.issuer, issuer);
  const jwks = await getJson(`${op.url}/jwks`) as { keys: { kid: string; alg: string }[] };
  assert.deepEqual(jwks.keys.map((k) => k.alg).sort(), [...SIGNING_ALGS].sort());
  assert.deepEqual([...Deno.readDirSync(dir.path)].map((e) => e.name), ["gatehouse.js"]);
});
