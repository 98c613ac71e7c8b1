import assert from "node:assert/strict";
import { decodeJwt, type JWTPayload, SignJWT, UnsecuredJWT } from "jose";
import { epochSeconds } from "../../src/clock.ts";
import { CHALLENGE, redeem } from "../flow.ts";
import { type TestProvider, testProvider } from "../helpers.ts";
import { ecKey, staticClients } from "../http/client_fixtures.ts";
import { authorizeWith, queryOf, REDIRECT, warnedRules } from "./helpers.ts";

const ISSUER = "http://localhost:9400";
const SECRET = "a-secret-long-enough-for-hs256-keys!";

/** The authorization parameters inside the request objects. */
function inner(extra: JWTPayload = {}): JWTPayload {
  return {
    iss: "ro",
    aud: ISSUER,
    client_id: "ro",
    response_type: "code",
    redirect_uri: REDIRECT,
    scope: "openid email",
    state: "inner",
    nonce: "n-ro",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
    ...extra,
  };
}

/** A provider with clients `ro` (ES256 keys), `hs` (HS256, a secret) and `open` (alg none). */
async function setup() {
  const key = await ecKey("ro-1");
  const base = {
    redirect_uris: [REDIRECT],
    grant_types: ["authorization_code"],
    response_types: ["code"],
  };
  const clients = await staticClients([
    { ...base, client_id: "ro", token_endpoint_auth_method: "none", jwks: { keys: [key.jwk] } },
    {
      ...base,
      client_id: "hs",
      client_secret: SECRET,
      request_object_signing_alg: "HS256",
    },
    {
      ...base,
      client_id: "open",
      token_endpoint_auth_method: "none",
      request_object_signing_alg: "none",
    },
  ]);
  const p = await testProvider({ autoLogin: "", clients });
  const sign = (payload: JWTPayload, k: CryptoKey | Uint8Array = key.privateKey, alg = "ES256") =>
    new SignJWT(payload).setProtectedHeader({ alg, kid: "ro-1", typ: "oauth-authz-req+jwt" })
      .sign(k);
  return { p, sign };
}

/** GET /authorize for `clientId` with `request`, plus the outer parameters OIDC asks for. */
async function withRequest(
  p: TestProvider,
  request: string,
  outer: Record<string, string> = {},
): Promise<Record<string, string>> {
  const res = await authorizeWith(p, {
    client_id: "ro",
    response_type: "code",
    scope: "openid",
    state: "outer",
    request,
    ...outer,
  });
  return queryOf(res);
}

/** Asserts an `invalid_request_object` redirect with this description. */
function assertRefused(params: Record<string, string>, description: string, state = "outer") {
  assert.deepEqual(params, {
    error: "invalid_request_object",
    error_description: description,
    state,
    iss: ISSUER,
  });
}

Deno.test("a request object signed with the client's key: its parameters win over the query's", async () => {
  const { p, sign } = await setup();
  await using _ = p;
  const jwt = await sign(inner({ claims: { id_token: { email: null } }, max_age: 600 }));
  const params = await withRequest(p, jwt, { scope: "openid profile", nonce: "outer-nonce" });
  assert.equal(params.state, "inner");
  assert.ok(params.code, JSON.stringify(params));
  const tokens = await (await redeem(p, params.code, { client_id: "ro" })).json();
  const id = decodeJwt(tokens.id_token);
  assert.equal(id.nonce, "n-ro");
  assert.equal(id.email, "alice@example.com");
  assert.equal(tokens.scope, "openid email");
});

Deno.test("a tampered request object is invalid_request_object, sent to the redirect URI", async () => {
  const { p, sign } = await setup();
  await using _ = p;
  const [header, , signature] = (await sign(inner())).split(".");
  const forged = btoa(JSON.stringify(inner({ scope: "openid profile email phone" })))
    .replaceAll("=", "").replaceAll("+", "-").replaceAll("/", "_");
  assertRefused(
    await withRequest(p, `${header}.${forged}.${signature}`),
    "the request object's signature does not verify with the client's keys",
  );
  const other = await ecKey("ro-1");
  assertRefused(
    await withRequest(p, await sign(inner(), other.privateKey)),
    "the request object's signature does not verify with the client's keys",
  );
});

Deno.test("the request object's client_id, iss, aud and exp are checked", async () => {
  const { p, sign } = await setup();
  await using _ = p;
  // Frozen: the expected messages count whole seconds from this instant.
  p.clock.freeze(p.clock.now());
  const now = epochSeconds(p.clock);
  const cases: [JWTPayload, string][] = [
    [
      { client_id: "other" },
      'the request object has "client_id" "other", but the request is from "ro"',
    ],
    [{ iss: "other" }, 'the request object has "iss" "other"; it must be the client_id "ro"'],
    [
      { aud: "https://elsewhere" },
      `the request object has "aud" "https://elsewhere"; it must be the issuer "${ISSUER}"`,
    ],
    [{ exp: now - 30 }, "the request object expired 30s ago"],
    [{ nbf: now + 600 }, `the request object is not valid before ${now + 600} ("nbf")`],
    [{ request_uri: "https://x" }, 'the request object must not contain "request_uri"'],
  ];
  for (const [claims, description] of cases) {
    assertRefused(await withRequest(p, await sign(inner(claims))), description);
  }
  const listed = await withRequest(p, await sign(inner({ aud: ["x", ISSUER] })));
  assert.ok(listed.code, "an aud list that names the issuer is fine");
});

Deno.test("alg none: refused unless the client registered it; allowed for it", async () => {
  const { p } = await setup();
  await using _ = p;
  const unsigned = (claims: JWTPayload) => new UnsecuredJWT(claims).encode();
  assertRefused(
    await withRequest(p, unsigned(inner())),
    'the request object is unsigned (alg "none"); client "ro" must sign it, or register request_object_signing_alg "none"',
  );
  const open = await withRequest(p, unsigned(inner({ iss: "open", client_id: "open" })), {
    client_id: "open",
  });
  assert.ok(open.code, JSON.stringify(open));
  assert.deepEqual(await warnedRules(p), []);
});

Deno.test("a client that registered an alg must use it", async () => {
  const { p, sign } = await setup();
  await using _ = p;
  assertRefused(
    await withRequest(p, await sign(inner({ iss: "hs", client_id: "hs" })), { client_id: "hs" }),
    'the request object uses alg "ES256", but client "hs" registered request_object_signing_alg "HS256"',
  );
});

Deno.test("HS256 request objects are verified with the client secret", async () => {
  const { p, sign } = await setup();
  await using _ = p;
  const claims = inner({ iss: "hs", client_id: "hs" });
  const secret = new TextEncoder().encode(SECRET);
  const ok = await withRequest(p, await sign(claims, secret, "HS256"), { client_id: "hs" });
  assert.ok(ok.code, JSON.stringify(ok));
  const wrong = new TextEncoder().encode("another secret of the same kind..");
  assertRefused(
    await withRequest(p, await sign(claims, wrong, "HS256"), { client_id: "hs" }),
    "the request object's signature does not verify with the client's secret",
  );
});

Deno.test("an ad-hoc client's request object is used in lenient mode, with a warning", async () => {
  const { p } = await setup();
  await using _ = p;
  const claims = inner({ iss: "adhoc", client_id: "adhoc" });
  const params = await withRequest(p, new UnsecuredJWT(claims).encode(), {
    client_id: "adhoc",
    redirect_uri: REDIRECT,
  });
  assert.equal(params.state, "inner");
  assert.ok(params.code);
  const warning = (await p.deps.warnings.kept()).find((w) => w.rule === "request-object-signed");
  assert.equal(
    warning?.message,
    'a production OP would reject this: a request object must be signed with a key the client registered (alg "none" only when it registered request_object_signing_alg "none") (alg "none") [request-object-signed]',
  );
});

Deno.test("request objects that are not JWS, and request with request_uri, are refused", async () => {
  const { p, sign } = await setup();
  await using _ = p;
  assertRefused(await withRequest(p, "not-a-jwt"), '"request" is not a JWT');
  assertRefused(
    await withRequest(p, "a.b.c.d.e"),
    "encrypted request objects are not supported; send a signed JWT",
  );
  const both = await withRequest(p, await sign(inner()), { request_uri: "urn:x" });
  assert.equal(both.error, "invalid_request");
  assert.equal(both.error_description, '"request" and "request_uri" cannot both be sent');
});

Deno.test("a request_uri that /par did not issue is request_uri_not_supported", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const res = await authorizeWith(p, {
    client_id: "app",
    redirect_uri: REDIRECT,
    response_type: "code",
    state: "s",
    request_uri: "https://app.example/request.jwt",
  });
  assert.deepEqual(queryOf(res), {
    error: "request_uri_not_supported",
    error_description:
      '"request_uri" must be one that /par returned (urn:ietf:params:oauth:request_uri:…); other request URIs are not fetched',
    state: "s",
    iss: ISSUER,
  });
});
