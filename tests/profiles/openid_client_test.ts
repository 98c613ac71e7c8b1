import assert from "node:assert/strict";
import * as oidc from "openid-client";
import { decodeJwt } from "jose";
import { startServer } from "../../src/server.ts";
import { defaultConfig } from "../../src/config/schema.ts";
import { cookiesOf, hidden } from "../flow.ts";
import { AUTH0, COGNITO, ENTRA, GOOGLE, KEYCLOAK, OKTA } from "./fixtures.ts";

const REDIRECT = "http://127.0.0.1:3000/callback";
const USER = { sub: "alice", name: "Alice", roles: ["admin"], groups: ["eng"], hd: "example.com" };

/** openid-client's code flow, signing in by posting the login page as a browser would. */
async function signIn(issuer: string) {
  const config = await oidc.discovery(new URL(issuer), "rp", undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: "openid profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
  });
  const page = await fetch(url, { redirect: "manual" });
  assert.equal(page.status, 200, "the login page");
  const html = await page.text();
  const action = html.match(/<form method="post" action="([^"]+)"/)![1];
  const body = new URLSearchParams({
    interaction: hidden(html, "interaction"),
    csrf: hidden(html, "csrf"),
    sub: "alice",
  });
  const posted = await fetch(new URL(action.replaceAll("&amp;", "&"), url), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(page) },
    body,
    redirect: "manual",
  });
  await posted.body?.cancel();
  assert.equal(posted.status, 303);
  const callback = new URL(posted.headers.get("location")!);
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    idTokenExpected: true,
  });
  return { config, tokens };
}

/** A port that was free a moment ago: the issuer, which carries the port, is fixed up front. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

const CASES = [
  ["keycloak", KEYCLOAK],
  ["entra", ENTRA],
  ["okta", OKTA],
  ["auth0", AUTH0],
  ["cognito", COGNITO],
  ["google", GOOGLE],
] as const;

for (const [profile, fixture] of CASES) {
  Deno.test(`openid-client signs in through the login page of a --profile ${profile} issuer`, async () => {
    const port = freePort();
    const issuer = `http://localhost:${port}${fixture.issuerPath}`;
    const server = await startServer({ ...defaultConfig(), port, issuer, users: [USER], profile });
    try {
      const { config, tokens } = await signIn(issuer);
      const meta = config.serverMetadata();
      const endpoints = `http://localhost:${port}${fixture.endpointsPath ?? fixture.issuerPath}`;
      assert.equal(meta.token_endpoint, `${endpoints}${fixture.endpoints.token_endpoint}`);
      assert.equal(tokens.claims()!.sub, "alice");
      const at = decodeJwt(tokens.access_token);
      for (const [claim, value] of Object.entries(fixture.accessToken(USER, "rp"))) {
        if (claim !== "scp") assert.deepEqual(at[claim], value, claim);
      }
      const id = tokens.claims()!;
      for (const [claim, value] of Object.entries(fixture.idToken(USER, "rp"))) {
        assert.deepEqual(id[claim], value, `ID token ${claim}`);
      }
      const info = await oidc.fetchUserInfo(config, tokens.access_token, "alice");
      assert.equal(info.name, "Alice");
    } finally {
      await server.close();
    }
  });
}
