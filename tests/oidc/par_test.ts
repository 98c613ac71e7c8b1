import assert from "node:assert/strict";
import * as oauth from "oauth4webapi";
import { SignJWT } from "jose";
import { CHALLENGE, VERIFIER } from "../flow.ts";
import { type TestProvider, testProvider } from "../helpers.ts";
import { ecKey, staticClients } from "../http/client_fixtures.ts";
import { authorizeWith, queryOf, REDIRECT } from "./helpers.ts";

const ISSUER = "http://localhost:9400";
const SECRET = "par-secret";
const BASIC = `Basic ${btoa(`par:${SECRET}`)}`;

/** oauth4webapi options that send its requests through the in-process app. */
function through(op: TestProvider) {
  return {
    [oauth.customFetch]: (url: string, init: RequestInit) => op.request(url, init),
    [oauth.allowInsecureRequests]: true,
  };
}

/** Clients `par` (client_secret_basic) and `pushy` (must use PAR; public, ES256 keys). */
async function setup() {
  const key = await ecKey("pushy-1");
  const base = {
    redirect_uris: [REDIRECT],
    grant_types: ["authorization_code"],
    response_types: ["code"],
  };
  const clients = await staticClients([
    { ...base, client_id: "par", client_secret: SECRET },
    {
      ...base,
      client_id: "pushy",
      token_endpoint_auth_method: "none",
      require_pushed_authorization_requests: true,
      jwks: { keys: [key.jwk] },
    },
  ]);
  return { p: await testProvider({ autoLogin: "", clients }), key };
}

/** Authorization parameters for `clientId`. */
function authParams(clientId: string, extra: Record<string, string> = {}) {
  return {
    client_id: clientId,
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: "openid email",
    state: "par-state",
    nonce: "par-nonce",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
    ...extra,
  };
}

/** POST /par with a form and headers; the status and JSON body. */
async function push(
  p: TestProvider,
  params: Record<string, string>,
  headers: Record<string, string> = { authorization: BASIC },
) {
  const res = await p.request("/par", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(params),
  });
  return { status: res.status, res, body: await res.json() };
}

/** GET /authorize with only client_id and request_uri, as RFC 9126 §4 has it. */
async function useRequestUri(p: TestProvider, clientId: string, requestUri: string) {
  return queryOf(await authorizeWith(p, { client_id: clientId, request_uri: requestUri }));
}

Deno.test("oauth4webapi pushes a request to /par, signs in with its request_uri and redeems the code", async () => {
  const { p } = await setup();
  await using _ = p;
  const issuer = new URL(ISSUER);
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { ...through(p), algorithm: "oidc" }),
  );
  assert.equal(as.pushed_authorization_request_endpoint, `${ISSUER}/par`);
  const client: oauth.Client = { client_id: "par" };
  const auth = oauth.ClientSecretBasic(SECRET);
  const verifier = oauth.generateRandomCodeVerifier();
  const { client_id: _id, ...params } = authParams("par", {
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
  });
  const pushed = await oauth.processPushedAuthorizationResponse(
    as,
    client,
    await oauth.pushedAuthorizationRequest(as, client, auth, params, through(p)),
  );
  assert.match(pushed.request_uri, /^urn:ietf:params:oauth:request_uri:[\w-]{43}$/);
  assert.equal(pushed.expires_in, 60);
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({ client_id: "par", request_uri: pushed.request_uri })
    .toString();
  const res = await p.request(url.href);
  assert.equal(res.status, 303);
  const callback = oauth.validateAuthResponse(
    as,
    client,
    new URL(res.headers.get("location")!),
    "par-state",
  );
  const tokens = await oauth.processAuthorizationCodeResponse(
    as,
    client,
    await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      callback,
      REDIRECT,
      verifier,
      through(p),
    ),
    { expectedNonce: "par-nonce", requireIdToken: true },
  );
  assert.equal(oauth.getValidatedIdTokenClaims(tokens)!.sub, "alice");
  assert.equal(tokens.scope, "openid email");
});

Deno.test("/par answers 201 with no-store, and a request_uri is single use", async () => {
  const { p } = await setup();
  await using _ = p;
  const { status, res, body } = await push(p, authParams("par"));
  assert.equal(status, 201);
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.deepEqual(Object.keys(body).sort(), ["expires_in", "request_uri"]);
  const first = await useRequestUri(p, "par", body.request_uri);
  assert.equal(first.state, "par-state");
  assert.ok(first.code);
  assert.deepEqual(await useRequestUri(p, "par", body.request_uri), {
    error: "invalid_request_uri",
    error_description: '"request_uri" was already used; push the request again',
    iss: ISSUER,
  });
});

Deno.test("of concurrent uses of one request_uri, exactly one gets a code", async () => {
  const { p } = await setup();
  await using _ = p;
  const { body } = await push(p, authParams("par"));
  const results = await Promise.all(
    Array.from({ length: 10 }, () => useRequestUri(p, "par", body.request_uri)),
  );
  assert.equal(results.filter((r) => r.code).length, 1);
  assert.deepEqual(
    [...new Set(results.filter((r) => !r.code).map((r) => r.error))],
    ["invalid_request_uri"],
  );
});

Deno.test("a request_uri expires 60s after the push, by the provider's clock", async () => {
  const { p } = await setup();
  await using _ = p;
  const { body } = await push(p, authParams("par"));
  p.clock.advance(61_000);
  assert.deepEqual(await useRequestUri(p, "par", body.request_uri), {
    error: "invalid_request_uri",
    error_description: '"request_uri" expired 1s ago; push the request again',
    iss: ISSUER,
  });
});

Deno.test("another client cannot use a pushed request, and does not use it up", async () => {
  const { p } = await setup();
  await using _ = p;
  const { body } = await push(p, authParams("par"));
  const stolen = await authorizeWith(p, {
    client_id: "thief",
    redirect_uri: REDIRECT,
    request_uri: body.request_uri,
  });
  assert.deepEqual(queryOf(stolen), {
    error: "invalid_request_uri",
    error_description: '"request_uri" was pushed by client "par"',
    iss: ISSUER,
  });
  assert.ok((await useRequestUri(p, "par", body.request_uri)).code);
  const unknown = `urn:ietf:params:oauth:request_uri:${"x".repeat(43)}`;
  assert.equal(
    (await useRequestUri(p, "par", unknown)).error_description,
    '"request_uri" is unknown: /par did not issue it',
  );
});

Deno.test("/par refuses clients that do not authenticate as registered", async () => {
  const { p } = await setup();
  await using _ = p;
  const none = await push(p, authParams("par"), {});
  assert.equal(none.status, 401);
  assert.deepEqual(none.body, {
    error: "invalid_client",
    error_description: 'client "par" is registered for client_secret_basic, but used none',
  });
  const wrong = await push(p, authParams("par"), { authorization: `Basic ${btoa("par:nope")}` });
  assert.equal(wrong.status, 401);
  assert.equal(
    wrong.res.headers.get("www-authenticate"),
    'Basic realm="gatehouse", charset="UTF-8"',
  );
  assert.deepEqual(wrong.body, {
    error: "invalid_client",
    error_description: 'wrong client_secret for client "par"',
  });
});

Deno.test("/par validates the request as /authorize would, answering in JSON", async () => {
  const { p } = await setup();
  await using _ = p;
  const cases: [Record<string, string>, string, string][] = [
    [
      { redirect_uri: "https://evil.example/cb" },
      "invalid_request",
      `"redirect_uri" https://evil.example/cb is not registered for client "par" (registered: ${REDIRECT})`,
    ],
    [
      { response_type: "code id_token" },
      "unauthorized_client",
      'the client may not use response_type "code id_token" (registered: code)',
    ],
    [
      { prompt: "sometimes" },
      "invalid_request",
      'unsupported "prompt" value "sometimes"; use none, login, consent or select_account',
    ],
    [
      { request_uri: "urn:x" },
      "invalid_request",
      '"request_uri" cannot be pushed; send the authorization parameters',
    ],
    [{ claims: "{" }, "invalid_request", `"claims" is not valid JSON: ${jsonError("{")}`],
  ];
  for (const [extra, error, description] of cases) {
    const { status, res, body } = await push(p, authParams("par", extra));
    assert.equal(status, 400, JSON.stringify(extra));
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    assert.deepEqual(body, { error, error_description: description });
  }
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  return "";
}

Deno.test("require_pushed_authorization_requests: /authorize alone is refused; through /par it works", async () => {
  const { p, key } = await setup();
  await using _ = p;
  const direct = queryOf(await authorizeWith(p, authParams("pushy")));
  assert.deepEqual(direct, {
    error: "invalid_request",
    error_description:
      'client "pushy" must push its authorization requests to /par first (require_pushed_authorization_requests)',
    state: "par-state",
    iss: ISSUER,
  });
  // A public client pushes with its client_id; this one sends a signed request object too.
  const request = await new SignJWT({ ...authParams("pushy"), iss: "pushy", aud: ISSUER })
    .setProtectedHeader({ alg: "ES256", kid: "pushy-1" })
    .sign(key.privateKey);
  const { status, body } = await push(p, { client_id: "pushy", request }, {});
  assert.equal(status, 201, JSON.stringify(body));
  const done = await useRequestUri(p, "pushy", body.request_uri);
  assert.equal(done.state, "par-state");
  const code = await p.request("/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: done.code,
      client_id: "pushy",
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
    }),
  });
  assert.equal(code.status, 200);
});
