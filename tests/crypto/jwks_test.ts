import assert from "node:assert/strict";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import { createClock } from "../../src/clock.ts";
import { parseSigningKeys } from "../../src/crypto/key_file.ts";
import { createKeyManager } from "../../src/crypto/keys.ts";
import { openKvStore } from "../../src/store/kv_store.ts";
import { SIGNING_ALGS } from "../../src/types.ts";
import { testProvider } from "../helpers.ts";

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k"];

/** GET /jwks: asserts status and content type and returns the keys. */
async function fetchJwks(request: (path: string) => Promise<Response>, path = "/jwks") {
  const res = await request(path);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/jwk-set+json");
  const body = await res.json() as { keys: JWK[] };
  assert.deepEqual(Object.keys(body), ["keys"]);
  return body.keys;
}

function assertPublicOnly(keys: JWK[]) {
  for (const key of keys) {
    const leaked = PRIVATE_MEMBERS.filter((m) => m in key);
    assert.deepEqual(leaked, [], `kid ${key.kid} publishes private members`);
  }
}

for (const alg of SIGNING_ALGS) {
  Deno.test(`with --alg ${alg}, /jwks publishes one generated key per advertised alg, public members only`, async () => {
    await using op = await testProvider({ alg, signingKeys: null });
    const keys = await fetchJwks(op.request);
    assertPublicOnly(keys);
    assert.deepEqual(keys.map((k) => k.alg).sort(), [...SIGNING_ALGS].sort());
    for (const { kid, alg: published, use, ...members } of keys) {
      assert.equal(use, "sig");
      assert.equal(kid, await calculateJwkThumbprint(members as JWK, "sha256"), String(published));
    }
    assert.equal((await op.deps.keys.signingKey()).alg, alg);
  });
}

Deno.test("/jwks.json is the same key set as /jwks", async () => {
  await using op = await testProvider();
  assert.deepEqual(await fetchJwks(op.request, "/jwks.json"), await fetchJwks(op.request));
});

Deno.test("/jwks publishes every key of a --signing-key JWKS, public members only", async () => {
  const jwks = { keys: [] as JWK[] };
  for (const alg of ["RS256", "ES256", "EdDSA"] as const) {
    const opts = alg === "EdDSA" ? { crv: "Ed25519" } : {};
    const pair = await generateKeyPair(alg, { extractable: true, ...opts });
    jwks.keys.push({ ...await exportJWK(pair.privateKey), alg });
  }
  const signingKeys = await parseSigningKeys(JSON.stringify(jwks), "RS256");
  await using op = await testProvider({ signingKeys });
  const keys = await fetchJwks(op.request);
  assertPublicOnly(keys);
  assert.deepEqual(keys, signingKeys.map((k) => k.publicJwk));
  assert.deepEqual(keys.map((k) => k.alg), ["RS256", "ES256", "EdDSA"]);
});

Deno.test("a generated key is kept in the store and reused by the next key manager", async () => {
  const store = await openKvStore(":memory:");
  try {
    const clock = createClock();
    const first = await createKeyManager({ store, clock, alg: "ES256" }).signingKey();
    const second = await createKeyManager({ store, clock, alg: "ES256" }).signingKey();
    assert.equal(second.kid, first.kid);
    assert.deepEqual(second.publicJwk, first.publicJwk);
    assert.deepEqual((await store.listKeys()).map((k) => k.kid), [first.kid]);
  } finally {
    store.close();
  }
});

Deno.test("a rotated key stays published until it retires", async () => {
  await using op = await testProvider({ alg: "ES256" });
  const before = await op.deps.keys.signingKey();
  const retireAt = op.clock.now() + 60_000;
  const after = await op.deps.keys.rotate("ES256", retireAt);
  const es256 = async () =>
    (await fetchJwks(op.request)).filter((k) => k.alg === "ES256").map((k) => k.kid);
  assert.deepEqual((await es256()).sort(), [before.kid, after.kid].sort());
  op.clock.advance(60_001);
  assert.deepEqual(await es256(), [after.kid]);
});

Deno.test("the key manager's JWK Set waits for a key of every advertised alg", async () => {
  const store = await openKvStore(":memory:");
  try {
    const keys = createKeyManager({
      store,
      clock: createClock(),
      alg: "RS256",
      algs: ["ES256", "EdDSA"],
    });
    const { keys: published } = await keys.jwks();
    assert.deepEqual(published.map((k) => k.alg).sort(), ["ES256", "EdDSA", "RS256"]);
  } finally {
    store.close();
  }
});

Deno.test("the JWK Set reads storage at most once a second, and then sees another process's rotation", async () => {
  const store = await openKvStore(":memory:");
  try {
    const clock = createClock();
    clock.freeze(Date.now());
    let listed = 0;
    const counted = new Proxy(store, {
      get: (target, name) =>
        name === "listKeys"
          ? () => (listed++, target.listKeys())
          : Reflect.get(target, name, target),
    });
    const other = createKeyManager({ store, clock, alg: "ES256" });
    const keys = createKeyManager({ store: counted, clock, alg: "ES256" });
    const before = (await keys.jwks()).keys.map((k) => k.kid);
    const served = await keys.jwksJson();
    listed = 0;
    const rotated = await other.rotate("ES256", clock.now() + 3_600_000);
    // 99 requests over 990 ms: the set published first is served from memory.
    for (let i = 0; i < 99; i++) {
      clock.advance(10);
      assert.deepEqual((await keys.jwks()).keys.map((k) => k.kid), before);
    }
    assert.equal(listed, 0);
    assert.equal(await keys.jwksJson(), served, "the serialised set too");
    clock.advance(10);
    const after = (await keys.jwks()).keys.map((k) => k.kid);
    assert.ok(after.includes(rotated.kid), "the other process's new key is published");
    assert.equal(listed, 1);
    const json = JSON.parse(await keys.jwksJson()) as { keys: { kid: string }[] };
    assert.deepEqual(json.keys.map((k) => k.kid), after);
  } finally {
    store.close();
  }
});
