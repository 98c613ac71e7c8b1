import assert from "node:assert/strict";
import { decodeJwt, generateKeyPair } from "jose";
import * as oauth from "oauth4webapi";
import * as oidc from "openid-client";
import { type TestProvider, testProvider } from "../helpers.ts";
import { introspect } from "../token_clients.ts";

const ISSUER = new URL("http://localhost:9400");
const REDIRECT = "http://localhost:3000/callback";

/** oauth4webapi's options for the in-process provider: its fetch goes to the Hono app. */
function via(p: TestProvider) {
  return {
    [oauth.allowInsecureRequests]: true,
    [oauth.customFetch]: ((url: string, init: RequestInit) => p.request(url, init)) as typeof fetch,
  };
}

async function keyPair(): Promise<CryptoKeyPair> {
  return await generateKeyPair("ES256") as CryptoKeyPair;
}

/** Signs in as alice (auto-login) with oauth4webapi; returns the callback URL and the checks. */
async function authorize(p: TestProvider, as: oauth.AuthorizationServer, extra = {}) {
  const verifier = oauth.generateRandomCodeVerifier();
  const url = new URL(as.authorization_endpoint!);
  const params = {
    client_id: "spa",
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: "openid profile offline_access",
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    nonce: "n-1",
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = await p.request(url.href);
  assert.equal(res.status, 303);
  return { callback: new URL(res.headers.get("location")!), verifier };
}

Deno.test("oauth4webapi: code flow, refresh and userinfo with DPoP-bound tokens", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const as = await oauth.processDiscoveryResponse(
    ISSUER,
    await oauth.discoveryRequest(ISSUER, via(p)),
  );
  assert.deepEqual(as.dpop_signing_alg_values_supported, [
    "ES256",
    "ES384",
    "EdDSA",
    "RS256",
    "PS256",
  ]);
  const client: oauth.Client = { client_id: "spa" };
  const DPoP = oauth.DPoP(client, await keyPair());
  const { callback, verifier } = await authorize(p, as, {
    dpop_jkt: await DPoP.calculateThumbprint(),
  });
  const params = oauth.validateAuthResponse(as, client, callback);
  const tokens = await oauth.processAuthorizationCodeResponse(
    as,
    client,
    await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      REDIRECT,
      verifier,
      {
        ...via(p),
        DPoP,
      },
    ),
    { expectedNonce: "n-1", requireIdToken: true },
  );
  assert.equal(tokens.token_type, "dpop");
  const jkt = await DPoP.calculateThumbprint();
  assert.deepEqual(decodeJwt(tokens.access_token).cnf, { jkt });
  const info = await introspect(p, tokens.access_token);
  assert.equal(info.token_type, "DPoP");
  assert.deepEqual(info.cnf, { jkt });

  const user = await oauth.processUserInfoResponse(
    as,
    client,
    "alice",
    await oauth.userInfoRequest(as, client, tokens.access_token, { ...via(p), DPoP }),
  );
  assert.equal(user.name, "Alice Adams");

  const refreshed = await oauth.processRefreshTokenResponse(
    as,
    client,
    await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token!, {
      ...via(p),
      DPoP,
    }),
  );
  assert.equal(refreshed.token_type, "dpop");
  assert.deepEqual(decodeJwt(refreshed.access_token).cnf, { jkt });

  // The public client's refresh token is bound: another key cannot use it.
  const other = oauth.DPoP(client, await keyPair());
  const stolen = await oauth.refreshTokenGrantRequest(
    as,
    client,
    oauth.None(),
    refreshed.refresh_token!,
    { ...via(p), DPoP: other },
  );
  assert.equal(stolen.status, 400);
  assert.deepEqual(await stolen.json(), {
    error: "invalid_dpop_proof",
    error_description:
      "the DPoP proof is signed by another key than the one the refresh token is bound to",
  });
});

Deno.test("oauth4webapi: a server nonce round trip at the token endpoint and at userinfo", async () => {
  await using p = await testProvider({ autoLogin: "", dpopNonce: true });
  const as = await oauth.processDiscoveryResponse(
    ISSUER,
    await oauth.discoveryRequest(ISSUER, via(p)),
  );
  const client: oauth.Client = { client_id: "spa" };
  const DPoP = oauth.DPoP(client, await keyPair());
  const { callback, verifier } = await authorize(p, as);
  const params = oauth.validateAuthResponse(as, client, callback);
  const redeem = async () =>
    await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(
        as,
        client,
        oauth.None(),
        params,
        REDIRECT,
        verifier,
        {
          ...via(p),
          DPoP,
        },
      ),
      { expectedNonce: "n-1" },
    );
  const first = await redeem().then(() => null, (err) => err);
  assert.ok(oauth.isDPoPNonceError(first), `expected use_dpop_nonce, got ${first}`);
  assert.equal(first.error, "use_dpop_nonce");
  // The handle kept the DPoP-Nonce of the error; the code was not spent by the refused request.
  const tokens = await redeem();
  assert.equal(tokens.token_type, "dpop");

  // Two nonce periods later the kept nonce is stale: userinfo asks for a fresh one.
  p.clock.advance(241_000);
  const userinfo = () =>
    oauth.userInfoRequest(as, client, tokens.access_token, { ...via(p), DPoP });
  const stale = await userinfo();
  assert.equal(stale.status, 401);
  assert.ok(stale.headers.get("dpop-nonce"));
  assert.match(stale.headers.get("www-authenticate")!, /^DPoP error="use_dpop_nonce"/);
  const err = await oauth.processUserInfoResponse(as, client, "alice", stale).then(
    () => null,
    (e) => e,
  );
  assert.ok(oauth.isDPoPNonceError(err));
  // The proofs' iat now lags the provider's clock by 241s: in nonce mode the nonce, not iat,
  // shows a proof is fresh (RFC 9449 §11.1).
  const user = await oauth.processUserInfoResponse(as, client, "alice", await userinfo());
  assert.equal(user.sub, "alice");
});

Deno.test("openid-client: DPoP-bound tokens from the code flow, used at userinfo", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const fetchVia = ((url: string, init: RequestInit) => p.request(url, init)) as oidc.CustomFetch;
  const config = await oidc.discovery(ISSUER, "spa", undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
    [oidc.customFetch]: fetchVia,
  });
  const DPoP = oidc.getDPoPHandle(config, await keyPair());
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: "openid profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    nonce: "n-2",
  });
  const res = await p.request(url.href);
  const tokens = await oidc.authorizationCodeGrant(
    config,
    new URL(res.headers.get("location")!),
    { pkceCodeVerifier: verifier, expectedNonce: "n-2" },
    undefined,
    { DPoP },
  );
  assert.equal(tokens.token_type, "dpop");
  const info = await oidc.fetchUserInfo(config, tokens.access_token, "alice", { DPoP });
  assert.equal(info.name, "Alice Adams");
  // Sent as a bearer token, the bound token is refused with a DPoP challenge.
  const bearer = await p.request("/userinfo", {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  assert.equal(bearer.status, 401);
  assert.match(bearer.headers.get("www-authenticate")!, /^DPoP error="invalid_token"/);
  assert.equal((await bearer.json()).error, "invalid_token");
});

Deno.test("oauth4webapi: a DPoP proof sent to /par binds the code to its key", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const as = await oauth.processDiscoveryResponse(
    ISSUER,
    await oauth.discoveryRequest(ISSUER, via(p)),
  );
  const client: oauth.Client = { client_id: "spa" };
  const DPoP = oauth.DPoP(client, await keyPair());
  const signIn = async () => {
    const verifier = oauth.generateRandomCodeVerifier();
    const pushed = await oauth.processPushedAuthorizationResponse(
      as,
      client,
      await oauth.pushedAuthorizationRequest(as, client, oauth.None(), {
        redirect_uri: REDIRECT,
        response_type: "code",
        scope: "openid",
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
      }, { ...via(p), DPoP }),
    );
    const url = new URL(as.authorization_endpoint!);
    url.searchParams.set("client_id", "spa");
    url.searchParams.set("request_uri", pushed.request_uri);
    const res = await p.request(url.href);
    const params = oauth.validateAuthResponse(as, client, new URL(res.headers.get("location")!));
    return { params, verifier };
  };
  const first = await signIn();
  const other = oauth.DPoP(client, await keyPair());
  const refused = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    first.params,
    REDIRECT,
    first.verifier,
    { ...via(p), DPoP: other },
  );
  assert.equal(refused.status, 400);
  assert.deepEqual(await refused.json(), {
    error: "invalid_dpop_proof",
    error_description:
      "the DPoP proof is signed by another key than the one the code (by dpop_jkt at /authorize) is bound to",
  });
  const second = await signIn();
  const tokens = await oauth.processAuthorizationCodeResponse(
    as,
    client,
    await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      second.params,
      REDIRECT,
      second.verifier,
      { ...via(p), DPoP },
    ),
  );
  assert.equal(tokens.token_type, "dpop");
  // dpop_jkt and the proof sent to /par must agree.
  const mismatch = await oauth.pushedAuthorizationRequest(as, client, oauth.None(), {
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: "openid",
    code_challenge: "x".repeat(43),
    code_challenge_method: "S256",
    dpop_jkt: await other.calculateThumbprint(),
  }, { ...via(p), DPoP });
  assert.equal(mismatch.status, 400);
  assert.equal((await mismatch.json()).error, "invalid_dpop_proof");
});
