import assert from "node:assert/strict";
import * as oidc from "openid-client";
import { startServer } from "../../src/server.ts";
import { defaultConfig } from "../../src/config/schema.ts";
import { ALICE } from "../helpers.ts";

const REDIRECT = "http://127.0.0.1:3000/callback";

/** A provider on a real port that signs in `login_hint` without a page (as CI would). */
async function provider() {
  return await startServer({ ...defaultConfig(), port: 0, users: [ALICE], autoLogin: "" });
}

/** Runs the code flow as openid-client does: discovery, PKCE S256, state, nonce, exchange. */
async function signIn(issuer: string, scope: string) {
  const config = await oidc.discovery(new URL(issuer), "rp-e2e", undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    login_hint: "alice",
  });
  const res = await fetch(url, { redirect: "manual" });
  await res.body?.cancel();
  assert.equal(res.status, 303);
  const callback = new URL(res.headers.get("location")!);
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  return { config, tokens, callback };
}

Deno.test("openid-client signs in with PKCE, state and nonce and reads userinfo", async () => {
  const server = await provider();
  try {
    const { config, tokens, callback } = await signIn(server.issuer, "openid profile email");
    assert.equal(callback.origin + callback.pathname, REDIRECT);
    assert.equal(callback.searchParams.get("iss"), server.issuer);
    const claims = tokens.claims()!;
    assert.equal(claims.sub, "alice");
    assert.equal(claims.iss, server.issuer);
    assert.equal(claims.aud, "rp-e2e");
    assert.equal(typeof claims.sid, "string");
    assert.equal(typeof claims.auth_time, "number");
    assert.equal(claims.email, ALICE.email);
    assert.equal(tokens.token_type, "bearer");
    const info = await oidc.fetchUserInfo(config, tokens.access_token, "alice");
    assert.deepEqual(info, {
      sub: "alice",
      name: ALICE.name,
      given_name: ALICE.given_name,
      family_name: ALICE.family_name,
      email: ALICE.email,
      email_verified: true,
      groups: ALICE.groups,
    });
  } finally {
    await server.close();
  }
});

Deno.test("profile and email claims appear only when those scopes are asked for", async () => {
  const server = await provider();
  try {
    const { config, tokens } = await signIn(server.issuer, "openid");
    const claims = tokens.claims()!;
    assert.equal(claims.email, undefined);
    assert.equal(claims.name, undefined);
    assert.deepEqual(claims.groups, ALICE.groups, "custom claims are always released");
    const info = await oidc.fetchUserInfo(config, tokens.access_token, "alice");
    assert.deepEqual(info, { sub: "alice", groups: ALICE.groups });

    const withEmail = await signIn(server.issuer, "openid email");
    const info2 = await oidc.fetchUserInfo(config, withEmail.tokens.access_token, "alice");
    assert.deepEqual(info2, {
      sub: "alice",
      email: ALICE.email,
      email_verified: true,
      groups: ALICE.groups,
    });
  } finally {
    await server.close();
  }
});

Deno.test("the access token is an RFC 9068 JWT that jose verifies against /jwks", async () => {
  const { createRemoteJWKSet, jwtVerify } = await import("jose");
  const server = await provider();
  try {
    const { tokens } = await signIn(server.issuer, "openid");
    const jwks = createRemoteJWKSet(new URL(`${server.issuer}/jwks`));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
      issuer: server.issuer,
      audience: "rp-e2e",
      typ: "at+jwt",
    });
    assert.equal(protectedHeader.alg, "RS256");
    assert.equal(payload.sub, "alice");
    assert.equal(payload.client_id, "rp-e2e");
    assert.equal(payload.scope, "openid");
    assert.equal(typeof payload.jti, "string");
    assert.equal(typeof payload.auth_time, "number");
    assert.equal(payload.exp! - payload.iat!, 3600);
  } finally {
    await server.close();
  }
});
