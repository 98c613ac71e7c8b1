import assert from "node:assert/strict";
import fc from "fast-check";
import { createClock } from "../../src/clock.ts";
import { encodeBase64Url } from "../../src/crypto/base64url.ts";
import { createKeyManager, type KeyManager } from "../../src/crypto/keys.ts";
import { signJwt, verifyOwnJwt } from "../../src/crypto/jwt.ts";
import { selectSigner } from "../../src/crypto/signer.ts";
import { openKvStore } from "../../src/store/kv_store.ts";
import { SIGNING_ALGS } from "../../src/types.ts";

const ISS = "https://op.example";
const NOW = 1_800_000_000;
const utf8 = new TextEncoder();
const b64 = (v: unknown) => encodeBase64Url(utf8.encode(JSON.stringify(v)));

/** A token signed by our current `alg` key with any header and payload we like. */
async function forge(keys: KeyManager, header: Record<string, unknown>, payload: unknown) {
  const key = await keys.signingKey("RS256");
  const input = `${b64({ alg: key.alg, kid: key.kid, ...header })}.${
    typeof payload === "string" ? encodeBase64Url(utf8.encode(payload)) : b64(payload)
  }`;
  return `${input}.${encodeBase64Url(await keys.signer.sign(key, utf8.encode(input)))}`;
}

for (const mode of ["openssl", "webcrypto"] as const) {
  Deno.test(`verifyOwnJwt (${mode}) accepts our tokens of every alg and says why it refuses others`, async () => {
    const store = await openKvStore(":memory:");
    try {
      const signer = await selectSigner(mode);
      const keys = createKeyManager({ store, clock: createClock(), alg: "RS256", signer });
      const verify = (token: string, extra: { typ?: string; checkExp?: boolean } = {}) =>
        verifyOwnJwt(keys, token, { issuer: ISS, now: NOW, ...extra });
      const payload = { iss: ISS, sub: "alice", exp: NOW + 60, iat: NOW };
      for (const alg of SIGNING_ALGS) {
        const token = await signJwt(keys, payload, { alg, typ: "at+jwt" });
        const ok = await verify(token, { typ: "application/AT+JWT" });
        assert.deepEqual(ok, { ok: true, payload, kid: (await keys.signingKey(alg)).kid }, alg);
      }
      const good = await signJwt(keys, payload);
      const [h, p, s] = good.split(".");
      const reason = async (token: string, extra = {}) => {
        const r = await verify(token, extra);
        return r.ok ? "ok" : r.reason;
      };
      assert.equal(await reason("a.b"), "the token is not a JWT");
      assert.equal(await reason(`${h}=.${p}.${s}`), "the token is not a JWT");
      assert.equal(await reason(`${b64([1])}.${p}.${s}`), "the token is not a JWT");
      assert.equal(
        await reason(`${b64({ alg: "RS256", kid: "nope" })}.${p}.${s}`),
        "the token was not signed by a key of this provider",
      );
      assert.equal(await reason(`${h}.${p}.${s.slice(0, -2)}AA`), "the token signature is invalid");
      assert.equal(await reason(`${h}.${p}.${s}=`), "the token signature is invalid");
      assert.equal(
        await reason(`${h}.${b64({ ...payload, sub: "mallory" })}.${s}`),
        "the token signature is invalid",
      );
      const es256 = await keys.signingKey("ES256");
      assert.match(await reason(await forge(keys, { kid: es256.kid }, payload)), /"alg"/);
      assert.match(await reason(await forge(keys, { crit: ["exp"] }, payload)), /"crit"/);
      assert.match(await reason(await forge(keys, {}, "[1]")), /top-level JSON object/);
      assert.match(await reason(await forge(keys, {}, { ...payload, iss: "x" })), /"iss"/);
      assert.match(await reason(good, { typ: "at+jwt" }), /"typ"/);
      assert.match(
        await reason(await forge(keys, {}, { ...payload, exp: "soon" })),
        /"exp" claim must be a number/,
      );
      assert.match(await reason(await forge(keys, {}, { ...payload, nbf: NOW + 1 })), /"nbf"/);
      const expired = await forge(keys, {}, { ...payload, exp: NOW });
      assert.equal(await reason(expired), "the token has expired");
      assert.equal(await reason(expired, { checkExp: false }), "ok");
    } finally {
      store.close();
    }
  });
}

Deno.test("verifyOwnJwt never throws and never accepts mangled tokens (generated, seeded)", async () => {
  const store = await openKvStore(":memory:");
  try {
    const keys = createKeyManager({ store, clock: createClock(), alg: "RS256" });
    const good = await signJwt(keys, { iss: ISS, sub: "alice", exp: NOW + 60 });
    const [h, p, s] = good.split(".");
    const part = fc.oneof(
      fc.string(),
      fc.string({ unit: "grapheme" }),
      fc.constantFrom(h, p, s, "", "=", "AA", "%00", "ü"),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(part, { maxLength: 5 }), async (parts) => {
        const token = parts.join(".");
        const result = await verifyOwnJwt(keys, token, { issuer: ISS, now: NOW });
        return token === good ? result.ok : !result.ok && typeof result.reason === "string";
      }),
      { seed: 14, numRuns: 300 },
    );
  } finally {
    store.close();
  }
});
