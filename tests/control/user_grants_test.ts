import assert from "node:assert/strict";
import type { GrantRecord } from "../../src/store/store.ts";
import { MINUTE, storeTest, T0 } from "../store/store_fixture.ts";

function grant(grantId: string, sub: string, clientId = "app"): GrantRecord {
  return { grantId, clientId, sub, claims: { sub }, revoked: false, exp: T0 + 60 * MINUTE };
}

storeTest(
  "revokeUserGrants revokes every grant of the user, across clients, and no one else's",
  async (store, clock) => {
    await store.createGrant(grant("g1", "alice", "app"));
    await store.createGrant(grant("g2", "alice", "other"));
    await store.createGrant(grant("g3", "bob", "app"));
    const rt = {
      grantId: "g2",
      clientId: "other",
      sub: "alice",
      scope: "openid",
      claims: {},
      authTime: T0 / 1000,
      iat: T0,
      exp: T0 + 30 * MINUTE,
      absoluteExp: T0 + 60 * MINUTE,
    };
    await store.recordIssued("g1", { jti: "at1", exp: T0 + 5 * MINUTE });
    await store.recordIssued("g2", null, { hash: "rt-hash", record: rt });
    await store.recordIssued("g3", { jti: "at3", exp: T0 + 5 * MINUTE });

    assert.equal(await store.revokeUserGrants("alice", clock.now()), 2);
    assert.equal((await store.getGrant("g1"))?.revoked, true);
    assert.equal((await store.getGrant("g2"))?.revoked, true);
    assert.equal((await store.getGrant("g3"))?.revoked, false);
    assert.equal(await store.isAccessTokenRevoked("at1", clock.now()), true);
    assert.equal(await store.isAccessTokenRevoked("at3", clock.now()), false);
    assert.equal((await store.getRefreshToken("rt-hash"))?.revokedAt, clock.now());
    // The index entries go with the revocation: a second call finds nothing left.
    assert.equal(await store.revokeUserGrants("alice", clock.now()), 0);
  },
);
