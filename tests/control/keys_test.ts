import assert from "node:assert/strict";
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from "jose";
import { type TestProvider, testProvider } from "../helpers.ts";
import { call, json, signIn } from "./admin_helpers.ts";

const T2030 = Date.UTC(2030, 0, 1);

/** The published RS256 keys (the default alg's; every other advertised alg has its own key). */
async function jwks(p: TestProvider): Promise<JSONWebKeySet> {
  const all: JSONWebKeySet = await (await p.request("/jwks")).json();
  return { keys: all.keys.filter((k) => k.alg === "RS256") };
}

/** Verifies `token` the way a relying party does: against the published JWKS, at the OP's time. */
async function verifies(p: TestProvider, token: string): Promise<string> {
  try {
    await jwtVerify(token, createLocalJWKSet(await jwks(p)), {
      issuer: "http://localhost:9400",
      currentDate: new Date(p.clock.now()),
    });
    return "ok";
  } catch (err) {
    return (err as { code: string }).code;
  }
}

Deno.test("a rotated key stays in the JWKS until its tokens expired, then the JWKS drops it", async () => {
  await using p = await testProvider({ signingKeys: null, autoLogin: "" });
  await call(p, "/admin/clock", json({ now: T2030 / 1000 }, "PUT"));
  const before = await signIn(p);
  const [oldKid] = (await jwks(p)).keys.map((k) => k.kid);
  const rotated = await call(p, "/admin/keys/rotate", json({}));
  assert.equal(rotated.status, 200);
  assert.deepEqual(rotated.body.previous, {
    kid: oldKid,
    retire_at: new Date(T2030 + 3600_000).toISOString(),
  });
  const newKid = rotated.body.kid as string;
  assert.notEqual(newKid, oldKid);
  assert.deepEqual((await jwks(p)).keys.map((k) => k.kid).sort(), [oldKid, newKid].sort());

  const after = await signIn(p);
  assert.equal(decodeProtectedHeader(after.id_token).kid, newKid);
  assert.equal(decodeProtectedHeader(before.id_token).kid, oldKid);
  assert.equal(await verifies(p, before.id_token), "ok");
  assert.equal(await verifies(p, after.id_token), "ok");

  await call(p, "/admin/clock/advance", json({ seconds: 3599 }));
  assert.equal(await verifies(p, before.access_token), "ok", "still valid, still published");
  await call(p, "/admin/clock/advance", json({ seconds: 1 }));
  assert.deepEqual((await jwks(p)).keys.map((k) => k.kid), [newKid]);
  assert.equal(await verifies(p, before.id_token), "ERR_JWKS_NO_MATCHING_KEY");
  assert.equal(await verifies(p, (await signIn(p)).id_token), "ok");
});

Deno.test("rotation keeps the old key published as long as a longer-lived minted token", async () => {
  await using p = await testProvider({ signingKeys: null });
  await call(p, "/admin/clock", json({ now: T2030 / 1000 }, "PUT"));
  const minted = await call(p, "/admin/tokens", json({ sub: "alice", expires_in: 7200 }));
  assert.equal(minted.status, 200);
  const rotated = await call(p, "/admin/keys/rotate", json({}));
  assert.equal(
    (rotated.body.previous as Record<string, unknown>).retire_at,
    new Date(T2030 + 7200_000).toISOString(),
  );
  await call(p, "/admin/clock/advance", json({ seconds: 7199 }));
  assert.equal(await verifies(p, minted.body.access_token as string), "ok");
});

Deno.test("keys from --signing-key cannot be rotated: 409 with the reason", async () => {
  await using p = await testProvider();
  const res = await call(p, "/admin/keys/rotate", json({}));
  assert.equal(res.status, 409);
  assert.equal(res.type, "application/problem+json");
  assert.equal(res.body.code, "fixed_keys");
  assert.equal(
    res.body.detail,
    "the signing keys come from --signing-key, which fixes them; start without it to rotate",
  );
  const bad = await call(p, "/admin/keys/rotate", json({ alg: "HS256" }));
  assert.equal(bad.status, 400);
  assert.equal(bad.body.detail, '"alg" must be one of RS256, PS256, ES256, ES384, EdDSA');
});
