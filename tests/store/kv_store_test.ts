import assert from "node:assert/strict";
import type { CodeRecord, RefreshTokenRecord } from "../../src/store/store.ts";
import { countBy, MINUTE, storeTest, T0 } from "./store_fixture.ts";

function code(overrides: Partial<CodeRecord> = {}): CodeRecord {
  return {
    clientId: "app",
    redirectUri: "http://localhost:3000/cb",
    scope: "openid",
    sub: "alice",
    claims: { sub: "alice" },
    authTime: T0 / 1000,
    grantId: "g1",
    exp: T0 + MINUTE,
    ...overrides,
  };
}

function refresh(overrides: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord {
  return {
    grantId: "g1",
    clientId: "app",
    sub: "alice",
    scope: "openid offline_access",
    claims: { sub: "alice" },
    authTime: T0 / 1000,
    exp: T0 + 60 * MINUTE,
    absoluteExp: T0 + 24 * 60 * MINUTE,
    iat: T0,
    ...overrides,
  };
}

const GRANT = {
  grantId: "g1",
  clientId: "app",
  sub: "alice",
  claims: { sub: "alice" },
  revoked: false,
  exp: T0 + 60 * MINUTE,
};

storeTest("20 concurrent redemptions of one code: exactly one wins", async (store, clock) => {
  await store.saveCode("h1", code());
  const results = await Promise.all(
    Array.from({ length: 20 }, () => store.redeemCode("h1", clock.now())),
  );
  assert.deepEqual(countBy(results.map((r) => r.status)), { ok: 1, reused: 19 });
  for (const r of results) assert.deepEqual("record" in r && r.record, code());
});

storeTest("a redeemed code is reused on its next redemption", async (store, clock) => {
  await store.saveCode("h1", code());
  assert.deepEqual(await store.redeemCode("h1", clock.now()), { status: "ok", record: code() });
  clock.advance(1000);
  const again = await store.redeemCode("h1", clock.now());
  assert.equal(again.status, "reused");
});

storeTest("a code expires by its own exp, whatever KV still holds", async (store, clock) => {
  await store.saveCode("h1", code());
  clock.advance(MINUTE);
  assert.deepEqual(await store.redeemCode("h1", clock.now()), {
    status: "expired",
    record: code(),
  });
  assert.deepEqual(await store.redeemCode("nope", clock.now()), { status: "unknown" });
});

storeTest("refresh rotation race: exactly one winner", async (store, clock) => {
  await store.createGrant(GRANT);
  await store.recordIssued("g1", null, { hash: "r0", record: refresh() });
  let n = 0;
  const results = await Promise.all(
    Array.from({ length: 20 }, () =>
      store.rotateRefreshToken("r0", clock.now(), (current) => ({
        hash: `r${++n}`,
        record: { ...current, iat: clock.now() },
      }))),
  );
  assert.deepEqual(countBy(results.map((r) => r.status)), { ok: 1, reused: 19 });
  assert.deepEqual((await store.getRefreshToken("r0"))?.rotatedAt, T0);
  const stored = await Promise.all(
    Array.from({ length: 20 }, (_, i) => store.getRefreshToken(`r${i + 1}`)),
  );
  assert.deepEqual(stored.filter(Boolean), [refresh()]);
});

storeTest("a rotated refresh token is reused when presented again", async (store, clock) => {
  await store.createGrant(GRANT);
  await store.recordIssued("g1", null, { hash: "r0", record: refresh() });
  const next = () => ({ hash: "r1", record: refresh() });
  assert.deepEqual(await store.rotateRefreshToken("r0", clock.now(), next), {
    status: "ok",
    record: refresh(),
  });
  const again = await store.rotateRefreshToken("r0", clock.now(), next);
  // The rotated record names its successor (for the one retry a lost response allows).
  const rotated = { ...refresh(), rotatedAt: T0, successor: { hash: "r1" } };
  assert.deepEqual(again, { status: "reused", record: rotated });
});

storeTest(
  "told the grant, a rotation reads it with the token: the same outcomes",
  async (store, clock) => {
    await store.createGrant(GRANT);
    await store.recordIssued("g1", null, { hash: "r0", record: refresh() });
    const next = (hash: string) => () => ({ hash, record: refresh() });
    const rotate = (hash: string, to: string) =>
      store.rotateRefreshToken(hash, clock.now(), next(to), undefined, "g1");
    assert.deepEqual(await rotate("r0", "r1"), { status: "ok", record: refresh() });
    assert.equal((await rotate("r0", "r2")).status, "reused");
    assert.equal(await store.getRefreshToken("r2"), null, "a reused token writes nothing");
    assert.deepEqual(await rotate("none", "r3"), { status: "unknown" });
    await store.revokeGrant("g1", clock.now());
    assert.equal((await rotate("r1", "r4")).status, "revoked");
    assert.equal(await store.getRefreshToken("r4"), null);
    // A wrong hint is only a hint: the token's own grant decides.
    await store.createGrant({ ...GRANT, grantId: "g2" });
    await store.recordIssued("g2", null, { hash: "q0", record: refresh({ grantId: "g2" }) });
    const hinted = await store.rotateRefreshToken("q0", clock.now(), next("q1"), undefined, "g1");
    assert.equal(hinted.status, "ok");
  },
);

storeTest("a refresh token expires by its sliding and its absolute exp", async (store, clock) => {
  const next = () => ({ hash: "x", record: refresh() });
  await store.createGrant(GRANT);
  await store.recordIssued("g1", null, { hash: "slid", record: refresh() });
  const early = refresh({ exp: T0 + 120 * MINUTE, absoluteExp: T0 + 30 * MINUTE });
  await store.recordIssued("g1", null, { hash: "abs", record: early });
  clock.advance(60 * MINUTE);
  assert.deepEqual(await store.rotateRefreshToken("slid", clock.now(), next), {
    status: "expired",
    record: refresh(),
  });
  assert.deepEqual(await store.rotateRefreshToken("abs", clock.now(), next), {
    status: "expired",
    record: early,
  });
  assert.deepEqual(await store.rotateRefreshToken("none", clock.now(), next), {
    status: "unknown",
  });
});

storeTest(
  "revokeGrant deny-lists its live access tokens and marks its refresh tokens revoked",
  async (store, clock) => {
    await store.createGrant(GRANT);
    await store.createGrant({ ...GRANT, grantId: "g2" });
    await store.recordIssued("g1", { jti: "at1", exp: T0 + 5 * MINUTE }, {
      hash: "r0",
      record: refresh(),
    });
    await store.recordIssued("g1", { jti: "at0", exp: T0 - MINUTE });
    await store.recordIssued("g2", { jti: "other", exp: T0 + 5 * MINUTE });
    assert.equal(await store.isAccessTokenRevoked("at1", clock.now()), false);
    await store.revokeGrant("g1", clock.now());
    assert.equal(await store.isAccessTokenRevoked("at1", clock.now()), true);
    assert.equal(await store.isAccessTokenRevoked("at0", clock.now()), false);
    assert.equal(await store.isAccessTokenRevoked("other", clock.now()), false);
    // Kept, marked: a late presenter is told its grant was revoked, not that it is unknown.
    assert.deepEqual(await store.getRefreshToken("r0"), { ...refresh(), revokedAt: clock.now() });
    const next = () => ({ hash: "r9", record: refresh() });
    assert.deepEqual(await store.rotateRefreshToken("r0", clock.now(), next), {
      status: "revoked",
      record: { ...refresh(), revokedAt: clock.now() },
    });
    assert.deepEqual(await store.getGrant("g1"), { ...GRANT, revoked: true });
  },
);

storeTest("useOnce accepts a value once until its exp, then again", async (store, clock) => {
  const exp = T0 + MINUTE;
  assert.equal(await store.useOnce("jti", "a", exp, clock.now()), true);
  assert.equal(await store.useOnce("jti", "a", exp, clock.now()), false);
  assert.equal(await store.useOnce("other", "a", exp, clock.now()), true);
  clock.advance(MINUTE);
  assert.equal(await store.useOnce("jti", "a", clock.now() + MINUTE, clock.now()), true);
});

storeTest(
  "20 concurrent useOnce calls for one value: exactly one is first",
  async (store, clock) => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => store.useOnce("jti", "b", T0 + MINUTE, clock.now())),
    );
    assert.deepEqual(countBy(results.map(String)), { true: 1, false: 19 });
  },
);

storeTest(
  "tokens recorded under a grant revoked meanwhile are recorded revoked",
  async (store, clock) => {
    await store.createGrant(GRANT);
    await store.revokeGrant("g1", clock.now());
    const rt = { hash: "r0", record: refresh() };
    assert.equal(await store.recordIssued("g1", { jti: "late", exp: T0 + 5 * MINUTE }, rt), false);
    assert.equal(await store.isAccessTokenRevoked("late", clock.now()), true);
    assert.deepEqual(await store.getRefreshToken("r0"), { ...refresh(), revokedAt: T0 });
    assert.equal(await store.recordIssued("gone", { jti: "orphan", exp: T0 + MINUTE }), false);
    assert.equal(await store.isAccessTokenRevoked("orphan", clock.now()), true);
  },
);
