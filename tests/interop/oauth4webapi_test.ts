/**
 * oauth4webapi, driven as its users drive it, as a public client: discovery, dynamic
 * registration, the code flow with PKCE through the login page, ID token validation, userinfo
 * and refresh, in the default mode and under --strict. (It has no RP-initiated logout helper.)
 */
import assert from "node:assert/strict";
import * as oauth from "oauth4webapi";
import { ALICE } from "../helpers.ts";
import { startCallbackServer } from "../browser/callback_server.ts";
import { chooseUser, interopHarness, MODES, SCOPE } from "./harness.ts";
import { browserTest } from "../browser/chromium.ts";

const insecure = { [oauth.allowInsecureRequests]: true };

for (const mode of MODES) {
  browserTest({
    name: `oauth4webapi signs in a public client, reads userinfo and refreshes (${mode.name})`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      await using h = await interopHarness(mode.config);
      const rp = startCallbackServer();
      try {
        const issuer = new URL(h.op.issuer);
        const as = await oauth.processDiscoveryResponse(
          issuer,
          await oauth.discoveryRequest(issuer, insecure),
        );
        const client: oauth.Client = await oauth.processDynamicClientRegistrationResponse(
          await oauth.dynamicClientRegistrationRequest(as, {
            redirect_uris: [rp.url],
            grant_types: ["authorization_code", "refresh_token"],
            token_endpoint_auth_method: "none",
          }, insecure),
        );
        const auth = oauth.None();
        const verifier = oauth.generateRandomCodeVerifier();
        const nonce = oauth.generateRandomNonce();
        const url = new URL(as.authorization_endpoint!);
        url.search = new URLSearchParams({
          client_id: client.client_id,
          redirect_uri: rp.url,
          response_type: "code",
          scope: SCOPE,
          nonce,
          code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
          code_challenge_method: "S256",
        }).toString();
        await h.page.goto(url.href);
        await chooseUser(h.page);
        await h.page.waitForSelector("#done");
        const callback = new URL(`${rp.url}?${new URLSearchParams(rp.received.at(-1)!.params)}`);
        const params = oauth.validateAuthResponse(as, client, callback, oauth.expectNoState);
        const response = await oauth.authorizationCodeGrantRequest(
          as,
          client,
          auth,
          params,
          rp.url,
          verifier,
          insecure,
        );
        const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
          expectedNonce: nonce,
          requireIdToken: true,
        });
        const claims = oauth.getValidatedIdTokenClaims(tokens)!;
        assert.equal(claims.sub, "alice");
        const info = await oauth.processUserInfoResponse(
          as,
          client,
          "alice",
          await oauth.userInfoRequest(as, client, tokens.access_token, insecure),
        );
        assert.equal(info.email, ALICE.email);
        assert.ok(tokens.refresh_token, "offline_access brings a refresh token");
        const refreshed = await oauth.processRefreshTokenResponse(
          as,
          client,
          await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, insecure),
        );
        assert.equal(oauth.getValidatedIdTokenClaims(refreshed)?.sub, "alice");
        assert.deepEqual(await h.rejectWarnings(), []);
      } finally {
        await rp.close();
      }
    },
  });
}
