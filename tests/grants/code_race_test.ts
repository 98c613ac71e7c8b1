import assert from "node:assert/strict";
import { codeFor, redeem } from "../flow.ts";
import { form, testProvider } from "../helpers.ts";
import { introspect } from "../token_clients.ts";

const REDEMPTIONS = 50;

/**
 * A code presented many times at once: one redemption may win, every other one is reuse and
 * revokes the grant (RFC 6749 §4.1.2, RFC 9700 §4.4.1.1). Whatever the interleaving, no token
 * issued from that code may outlive the revocation — including the winner's, whose tokens may
 * still be minting when a loser revokes the grant.
 */
Deno.test("50 concurrent redemptions of one code leave no token of that code usable", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const code = await codeFor(p, { scope: "openid profile offline_access" });
  const results = await Promise.all(
    Array.from({ length: REDEMPTIONS }, async () => {
      const res = await redeem(p, code);
      return { status: res.status, body: await res.json() };
    }),
  );
  const won = results.filter((r) => r.status === 200);
  const lost = results.filter((r) => r.status !== 200);
  assert.ok(won.length <= 1, `${won.length} redemptions succeeded`);
  assert.ok(lost.length >= REDEMPTIONS - 1);
  for (const r of lost) {
    assert.equal(r.status, 400);
    assert.equal(r.body.error, "invalid_grant");
  }
  for (const { body } of won) {
    assert.deepEqual(await introspect(p, body.access_token), { active: false });
    const userinfo = await p.request("/userinfo", {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    await userinfo.body?.cancel();
    assert.equal(userinfo.status, 401, "the winner's access token is refused at userinfo");
    const refreshed = await p.request(
      "/token",
      form({ grant_type: "refresh_token", refresh_token: body.refresh_token, client_id: "app" }),
    );
    assert.equal(refreshed.status, 400);
    assert.equal((await refreshed.json()).error, "invalid_grant");
  }
});
