import assert from "node:assert/strict";
import { createLocalJWKSet, type JWTPayload, jwtVerify } from "jose";
import { leftHalfSha256 } from "../oidc/helpers.ts";
import type { CallbackServer } from "./callback_server.ts";
import { ALICE } from "../helpers.ts";
import { browserHarness } from "./harness.ts";
import { browserTest } from "./chromium.ts";

const CLIENT = "spa";

/** Waits for the relying party to record a delivery after `count` earlier ones. */
async function nextDelivery(rp: CallbackServer, count: number) {
  for (let i = 0; i < 100 && rp.received.length <= count; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(rp.received.length, count + 1, "the relying party received nothing");
  return rp.received[count];
}

browserTest({
  name:
    "Chromium runs every implicit and hybrid response type against a relying party that reads the fragment or form_post",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await using h = await browserHarness();
    const { op, rp, page } = h;
    const jwks = createLocalJWKSet(await (await fetch(`${op.url}/jwks`)).json());
    let n = 0;
    /** Runs /authorize in the browser; returns what the RP received and the nonce sent. */
    const run = async (type: string, extra: Record<string, string> = {}) => {
      const nonce = `nonce-${++n}`;
      const before = rp.received.length;
      const query = new URLSearchParams({
        client_id: CLIENT,
        redirect_uri: extra.response_mode === "form_post" ? rp.url : rp.fragmentUrl,
        response_type: type,
        scope: "openid profile email",
        state: `state-${n}`,
        nonce,
        ...extra,
      });
      await page.goto(`${op.issuer}/authorize?${query}`);
      if (n === 1) await page.click('button[name="sub"][value="alice"]');
      const got = await nextDelivery(rp, before);
      assert.equal(got.params.state, `state-${n}`, JSON.stringify(got.params));
      assert.equal(got.params.iss, op.issuer);
      return { got, nonce };
    };
    /** Verifies the ID token with jose against /jwks: signature, iss, aud, nonce. */
    const verify = async (token: string, nonce: string): Promise<JWTPayload> => {
      const { payload } = await jwtVerify(token, jwks, { issuer: op.issuer, audience: CLIENT });
      assert.equal(payload.nonce, nonce);
      assert.equal(payload.sub, "alice");
      return payload;
    };
    await t.step(
      "id_token: signing in on the login page, the fragment has the ID token",
      async () => {
        const { got, nonce } = await run("id_token");
        assert.equal(got.fragment, true);
        assert.deepEqual(Object.keys(got.params).sort(), ["id_token", "iss", "state"]);
        const id = await verify(got.params.id_token, nonce);
        assert.equal(id.email, ALICE.email);
      },
    );
    await t.step("id_token token: at_hash matches the access token", async () => {
      const { got, nonce } = await run("id_token token");
      assert.equal(got.fragment, true);
      assert.equal(got.params.token_type, "Bearer");
      const id = await verify(got.params.id_token, nonce);
      assert.equal(id.at_hash, await leftHalfSha256(got.params.access_token));
      const info = await fetch(`${op.url}/userinfo`, {
        headers: { authorization: `Bearer ${got.params.access_token}` },
      });
      assert.equal((await info.json()).sub, "alice");
    });
    await t.step("code id_token: c_hash matches the code, which redeems", async () => {
      const { got, nonce } = await run("code id_token");
      const id = await verify(got.params.id_token, nonce);
      assert.equal(id.c_hash, await leftHalfSha256(got.params.code));
      const res = await fetch(`${op.url}/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code: got.params.code,
          client_id: CLIENT,
          redirect_uri: rp.fragmentUrl,
        }),
      });
      assert.equal(res.status, 200);
      await verify((await res.json()).id_token, nonce);
    });
    await t.step("code token: a code and an access token, no ID token", async () => {
      const { got } = await run("code token");
      assert.deepEqual(Object.keys(got.params).sort(), [
        "access_token",
        "code",
        "expires_in",
        "iss",
        "state",
        "token_type",
      ]);
    });
    await t.step("code id_token token: c_hash and at_hash", async () => {
      const { got, nonce } = await run("code id_token token");
      const id = await verify(got.params.id_token, nonce);
      assert.equal(id.c_hash, await leftHalfSha256(got.params.code));
      assert.equal(id.at_hash, await leftHalfSha256(got.params.access_token));
    });
    await t.step(
      "code id_token token with form_post: the form posts to the callback",
      async () => {
        const { got, nonce } = await run("code id_token token", { response_mode: "form_post" });
        assert.equal(got.method, "POST");
        assert.equal(got.fragment, undefined);
        const id = await verify(got.params.id_token, nonce);
        assert.equal(id.c_hash, await leftHalfSha256(got.params.code));
        assert.equal(id.at_hash, await leftHalfSha256(got.params.access_token));
      },
    );
    await t.step(
      "response_mode=query with a token response type: the error is in the fragment",
      async () => {
        const { got } = await run("id_token", { response_mode: "query" });
        assert.equal(got.fragment, true);
        assert.equal(got.params.error, "invalid_request");
      },
    );
    await t.step("none: only state and iss, in the query", async () => {
      const before = rp.received.length;
      const query = new URLSearchParams({
        client_id: CLIENT,
        redirect_uri: rp.url,
        response_type: "none",
        scope: "openid",
        state: "state-none",
      });
      await page.goto(`${op.issuer}/authorize?${query}`);
      await page.waitForSelector("#done");
      const got = await nextDelivery(rp, before);
      assert.equal(got.method, "GET");
      assert.deepEqual(got.params, { state: "state-none", iss: op.issuer });
    });
  },
});
