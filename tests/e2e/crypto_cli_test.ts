import assert from "node:assert/strict";
import { runDeno, spawnGatehouse } from "../fixtures/gatehouse_process.ts";

/** Every permission the binary is built with except `--allow-ffi`. */
const NO_FFI = ["run", "--allow-net", "--allow-read", "--allow-write", "--allow-env", "main.ts"];

Deno.test("--crypto openssl without --allow-ffi is a configuration error, exit 2", async () => {
  const r = await runDeno([...NO_FFI, "--port", "0", "--crypto", "openssl"]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(
    r.stderr.trim(),
    "Invalid configuration (1 problem):\n" +
      "  - --crypto openssl: FFI is not allowed (run with --allow-ffi)",
  );
});

Deno.test("--crypto auto without --allow-ffi starts on WebCrypto and says why", async () => {
  await using op = await spawnGatehouse(["--port", "0", "--crypto", "auto"], { denoArgs: NO_FFI });
  assert.match(
    op.stdout(),
    /^ {2}signing +RS256 by Deno WebCrypto \(OpenSSL not used: FFI is not allowed \(run with --allow-ffi\)\)$/m,
  );
});

Deno.test("the banner names OpenSSL when it signs", async () => {
  await using op = await spawnGatehouse(["--port", "0", "--crypto", "openssl", "--alg", "ES256"]);
  assert.match(op.stdout(), /^ {2}signing +ES256 by OpenSSL 3\.\d+\.\d+/m);
  const res = await fetch(`${op.url}/metrics`);
  assert.match(await res.text(), /^gatehouse_crypto_info\{backend="openssl",library="OpenSSL 3/m);
});
