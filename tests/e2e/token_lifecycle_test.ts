import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import * as oauth from "oauth4webapi";
import * as oidc from "openid-client";
import { defaultConfig } from "../../src/config/schema.ts";
import { REFRESH_RETRY_GRACE_MS } from "../../src/grants/refresh_token.ts";
import { createLog } from "../../src/log.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { answerDevice } from "../device_flow.ts";
import { ALICE } from "../helpers.ts";

const REDIRECT = "http://127.0.0.1:3000/callback";
const INSECURE = { execute: [oidc.allowInsecureRequests] };

/** A provider on a real port that signs in `login_hint` without a page. */
async function provider(): Promise<RunningServer> {
  return await startServer(
    { ...defaultConfig(), port: 0, users: [ALICE], autoLogin: "" },
    { deps: { log: createLog("text", () => {}) } },
  );
}

/** The code flow as openid-client runs it, for the public client `rp`. */
async function signIn(server: RunningServer, scope: string) {
  const config = await oidc.discovery(
    new URL(server.issuer),
    "rp",
    undefined,
    oidc.None(),
    INSECURE,
  );
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    login_hint: "alice",
  });
  const res = await fetch(url, { redirect: "manual" });
  await res.body?.cancel();
  const tokens = await oidc.authorizationCodeGrant(config, new URL(res.headers.get("location")!), {
    pkceCodeVerifier: verifier,
  });
  return { config, tokens };
}

Deno.test("openid-client refreshes: rotation, same sub and auth_time, the old token refused", async () => {
  await using server = withClose(await provider());
  const { config, tokens } = await signIn(server, "openid profile offline_access");
  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
  assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
  assert.equal(refreshed.claims()!.sub, "alice");
  assert.equal(refreshed.claims()!.auth_time, tokens.claims()!.auth_time);
  const info = await oidc.fetchUserInfo(config, refreshed.access_token, "alice");
  assert.equal(info.name, ALICE.name);
  // Past the one retry a lost answer is allowed (tests/grants/refresh_grace_test.ts).
  server.deps.clock.advance(REFRESH_RETRY_GRACE_MS + 1000);
  await assert.rejects(
    oidc.refreshTokenGrant(config, tokens.refresh_token!),
    (err: oidc.ResponseBodyError) => {
      assert.equal(err.error, "invalid_grant");
      return true;
    },
  );
  await assert.rejects(
    oidc.fetchUserInfo(config, refreshed.access_token, "alice"),
    (err: oidc.WWWAuthenticateChallengeError) => {
      assert.equal(err.status, 401, "reuse revoked the whole grant");
      return true;
    },
  );
});

Deno.test("openid-client gets a client_credentials token for a resource", async () => {
  await using server = withClose(await provider());
  const config = await oidc.discovery(
    new URL(server.issuer),
    "svc",
    undefined,
    oidc.ClientSecretBasic("s3cret"),
    INSECURE,
  );
  const tokens = await oidc.clientCredentialsGrant(config, {
    scope: "read",
    resource: "https://api.example.com/",
  });
  assert.equal(tokens.scope, "read");
  assert.equal(tokens.refresh_token, undefined);
  assert.equal(tokens.id_token, undefined);
  const claims = decodeJwt(tokens.access_token);
  assert.equal(claims.sub, "svc");
  assert.equal(claims.aud, "https://api.example.com/");
});

Deno.test("openid-client runs the device flow, approved on the device page over HTTP", async () => {
  await using server = withClose(await provider());
  const config = await oidc.discovery(
    new URL(server.issuer),
    "tv",
    undefined,
    oidc.None(),
    INSECURE,
  );
  const response = await oidc.initiateDeviceAuthorization(config, { scope: "openid profile" });
  assert.match(response.user_code, /^[A-Z]{4}-[A-Z]{4}$/);
  const polling = oidc.pollDeviceAuthorizationGrant(config, response);
  const page = await answerDevice(
    (path, init) => fetch(new URL(path.slice(1), `${server.url}/`), init),
    response.user_code,
  );
  assert.match(page.html, /Device connected/);
  const tokens = await polling;
  assert.equal(tokens.claims()!.sub, "alice");
  assert.equal(tokens.claims()!.aud, "tv");
  assert.equal((await oidc.fetchUserInfo(config, tokens.access_token, "alice")).name, ALICE.name);
});

Deno.test("oauth4webapi introspects and revokes; userinfo and introspection honour it", async () => {
  await using server = withClose(await provider());
  const { config, tokens } = await signIn(server, "openid profile");
  const as = await oauth.processDiscoveryResponse(
    new URL(server.issuer),
    await oauth.discoveryRequest(new URL(server.issuer), { [oauth.allowInsecureRequests]: true }),
  );
  const rs = { client_id: "rs" };
  const rsAuth = oauth.ClientSecretPost("rs-secret");
  const opts = { [oauth.allowInsecureRequests]: true };
  const look = async (token: string) =>
    await oauth.processIntrospectionResponse(
      as,
      rs,
      await oauth.introspectionRequest(as, rs, rsAuth, token, opts),
    );
  const active = await look(tokens.access_token);
  assert.equal(active.active, true);
  assert.equal(active.sub, "alice");
  assert.equal(active.client_id, "rp");
  assert.equal(active.token_type, "Bearer");
  assert.equal((await look(tokens.refresh_token!)).active, true);
  const rp = { client_id: "rp" };
  await oauth.processRevocationResponse(
    await oauth.revocationRequest(as, rp, oauth.None(), tokens.access_token, opts),
  );
  assert.deepEqual(await look(tokens.access_token), { active: false });
  await assert.rejects(oidc.fetchUserInfo(config, tokens.access_token, "alice"));
  await oauth.processRevocationResponse(
    await oauth.revocationRequest(as, rp, oauth.None(), tokens.refresh_token!, opts),
  );
  assert.deepEqual(await look(tokens.refresh_token!), { active: false });
});

/** Lets `await using` close a server. */
function withClose(server: RunningServer): RunningServer & AsyncDisposable {
  return { ...server, [Symbol.asyncDispose]: () => server.close() };
}
