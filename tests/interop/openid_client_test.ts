/**
 * openid-client, driven as its users drive it: dynamic registration, the code flow with PKCE,
 * state and nonce through the login page, ID token validation, userinfo, refresh and
 * RP-initiated logout, in the default mode and under --strict.
 */
import assert from "node:assert/strict";
import * as oidc from "openid-client";
import { ALICE } from "../helpers.ts";
import { startCallbackServer } from "../browser/callback_server.ts";
import { chooseUser, interopHarness, MODES, SCOPE } from "./harness.ts";
import { browserTest } from "../browser/chromium.ts";

for (const mode of MODES) {
  browserTest({
    name: `openid-client signs in, reads userinfo, refreshes and logs out (${mode.name})`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      await using h = await interopHarness(mode.config);
      const rp = startCallbackServer();
      try {
        const config = await oidc.dynamicClientRegistration(
          new URL(h.op.issuer),
          {
            redirect_uris: [rp.url],
            post_logout_redirect_uris: [rp.url],
            grant_types: ["authorization_code", "refresh_token"],
            token_endpoint_auth_method: "client_secret_post",
          },
          undefined,
          { execute: [oidc.allowInsecureRequests] },
        );
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        const url = oidc.buildAuthorizationUrl(config, {
          redirect_uri: rp.url,
          scope: SCOPE,
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: "S256",
          state,
          nonce,
        });
        await h.page.goto(url.href);
        await chooseUser(h.page);
        await h.page.waitForSelector("#done");
        const callback = new URL(`${rp.url}?${new URLSearchParams(rp.received.at(-1)!.params)}`);
        const tokens = await oidc.authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: verifier,
          expectedState: state,
          expectedNonce: nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims()!;
        assert.equal(claims.sub, "alice");
        assert.equal(claims.email, ALICE.email, "scope claims are in the ID token");
        const info = await oidc.fetchUserInfo(config, tokens.access_token, "alice");
        assert.equal(info.email, ALICE.email);
        assert.ok(tokens.refresh_token, "offline_access brings a refresh token");
        const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
        assert.equal(refreshed.claims()?.sub, "alice");
        assert.notEqual(refreshed.access_token, tokens.access_token);

        const end = oidc.buildEndSessionUrl(config, {
          id_token_hint: tokens.id_token!,
          post_logout_redirect_uri: rp.url,
          state: "bye",
        });
        await h.page.goto(end.href);
        await h.page.waitForSelector("#done");
        assert.deepEqual(rp.received.at(-1)!.params, { state: "bye" });
        assert.deepEqual(await h.rejectWarnings(), []);
      } finally {
        await rp.close();
      }
    },
  });
}
