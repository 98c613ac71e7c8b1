import assert from "node:assert/strict";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { createClock } from "../../src/clock.ts";
import { signJwt } from "../../src/crypto/jwt.ts";
import { createKeyManager } from "../../src/crypto/keys.ts";
import { openKvStore } from "../../src/store/kv_store.ts";
import { SIGNING_ALGS } from "../../src/types.ts";

Deno.test("signJwt makes a compact JWS that jose verifies, for every signing algorithm", async () => {
  const store = await openKvStore(":memory:");
  try {
    const keys = createKeyManager({ store, clock: createClock(), alg: "RS256" });
    const payload = { iss: "https://op.example", sub: "ünïcødé", n: 1, list: ["a", "b"] };
    for (const alg of SIGNING_ALGS) {
      const token = await signJwt(keys, payload, { alg, typ: "at+jwt" });
      const key = await keys.signingKey(alg);
      assert.deepEqual(decodeProtectedHeader(token), { alg, kid: key.kid, typ: "at+jwt" });
      const verified = await jwtVerify(token, key.publicKey, { algorithms: [alg], typ: "at+jwt" });
      assert.deepEqual(verified.payload, payload, alg);
    }
    const plain = await signJwt(keys, { sub: "x" });
    assert.equal(decodeProtectedHeader(plain).typ, undefined, "no typ unless asked");
  } finally {
    store.close();
  }
});
