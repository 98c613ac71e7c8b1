import assert from "node:assert/strict";
import { testProvider } from "../helpers.ts";
import { REDIRECT, register } from "./client_helpers.ts";

const WEB = { redirect_uris: [REDIRECT] };
const EC_KEY = {
  kty: "EC",
  crv: "P-256",
  x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
  y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
};
const GRANTS = [
  ..."authorization_code, refresh_token, client_credentials, password".split(", "),
  "urn:ietf:params:oauth:grant-type:device_code",
  "urn:ietf:params:oauth:grant-type:jwt-bearer",
  "urn:ietf:params:oauth:grant-type:token-exchange",
  "implicit",
].join(", ");
const METHODS = "client_secret_basic, client_secret_post, client_secret_jwt, private_key_jwt, none";

/** [what, metadata, error, error_description] */
const CASES: [string, Record<string, unknown>, string, string][] = [
  [
    "no redirect URI for a code client",
    {},
    "invalid_redirect_uri",
    "redirect_uris is required: the authorization_code grant needs a redirect URI",
  ],
  [
    "an empty list of redirect URIs",
    { redirect_uris: [] },
    "invalid_redirect_uri",
    "redirect_uris is required: the authorization_code grant needs a redirect URI",
  ],
  [
    "a fragment",
    { redirect_uris: ["https://app.example/cb#done"] },
    "invalid_redirect_uri",
    'redirect_uris[0] "https://app.example/cb#done" must not have a fragment',
  ],
  [
    "a relative URI",
    { redirect_uris: [REDIRECT, "/callback"] },
    "invalid_redirect_uri",
    'redirect_uris[1] "/callback" is not an absolute URI',
  ],
  [
    "a private-use scheme on a web client",
    { redirect_uris: ["com.example.app:/cb"] },
    "invalid_redirect_uri",
    'redirect_uris[0] "com.example.app:/cb" uses the private-use scheme com.example.app: which only native clients may use; register with "application_type": "native"',
  ],
  [
    "a javascript: URI",
    { redirect_uris: ["javascript:alert(1)"], application_type: "native" },
    "invalid_redirect_uri",
    'redirect_uris[0] "javascript:alert(1)" uses the javascript: scheme, which cannot be a redirect URI',
  ],
  [
    "redirect_uris as a string",
    { redirect_uris: REDIRECT },
    "invalid_client_metadata",
    "redirect_uris must be a list of strings, got a string",
  ],
  [
    "a redirect URI that is not a string",
    { redirect_uris: [REDIRECT, 42] },
    "invalid_client_metadata",
    "redirect_uris[1] must be a string, got a number",
  ],
  [
    "a grant the token endpoint does not run",
    {
      ...WEB,
      grant_types: ["authorization_code", "urn:ietf:params:oauth:grant-type:saml2-bearer"],
    },
    "invalid_client_metadata",
    `grant_types[1] "urn:ietf:params:oauth:grant-type:saml2-bearer" is not supported; use ${GRANTS}`,
  ],
  [
    "an unknown response type",
    { ...WEB, response_types: ["code", "code device"] },
    "invalid_client_metadata",
    'response_types[1] "code device" is not supported; use code, id_token, id_token token, ' +
    "code id_token, code token, code id_token token, none",
  ],
  [
    "a hybrid response type without the implicit grant",
    { ...WEB, response_types: ["code", "code id_token"] },
    "invalid_client_metadata",
    'grant_types must include implicit when response_types includes "code id_token"',
  ],
  [
    "an implicit-only client without a redirect URI",
    { grant_types: ["implicit"], response_types: ["id_token token"] },
    "invalid_redirect_uri",
    'redirect_uris is required: response_type "id_token token" needs a redirect URI',
  ],
  [
    "request_object_signing_alg HS256 for a public client",
    { ...WEB, token_endpoint_auth_method: "none", request_object_signing_alg: "HS256" },
    "invalid_client_metadata",
    'request_object_signing_alg "HS256" needs a client secret, and token_endpoint_auth_method none has none',
  ],
  [
    "request_object_signing_alg ES256 without keys",
    { ...WEB, request_object_signing_alg: "ES256" },
    "invalid_client_metadata",
    'request_object_signing_alg "ES256" needs "jwks" or "jwks_uri" to verify with',
  ],
  [
    "an unknown request_object_signing_alg",
    { ...WEB, request_object_signing_alg: "RS1" },
    "invalid_client_metadata",
    `request_object_signing_alg "RS1" is not supported; use none, HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, EdDSA`,
  ],
  [
    "require_pushed_authorization_requests that is not a boolean",
    { ...WEB, require_pushed_authorization_requests: "yes" },
    "invalid_client_metadata",
    "require_pushed_authorization_requests must be true or false, got a string",
  ],
  [
    "response type code without the authorization_code grant",
    { ...WEB, grant_types: ["client_credentials"], response_types: ["code"] },
    "invalid_client_metadata",
    'grant_types must include authorization_code when response_types includes "code"',
  ],
  [
    "the authorization_code grant without response type code",
    { ...WEB, response_types: [] },
    "invalid_client_metadata",
    'response_types must include "code" when grant_types includes authorization_code',
  ],
  [
    "an unknown auth method",
    { ...WEB, token_endpoint_auth_method: "tls_client_auth" },
    "invalid_client_metadata",
    `token_endpoint_auth_method "tls_client_auth" is not supported; use ${METHODS}`,
  ],
  [
    "private_key_jwt without keys",
    { ...WEB, token_endpoint_auth_method: "private_key_jwt" },
    "invalid_client_metadata",
    'token_endpoint_auth_method private_key_jwt needs "jwks" or "jwks_uri"',
  ],
  [
    "jwks and jwks_uri together",
    { ...WEB, jwks: { keys: [EC_KEY] }, jwks_uri: "https://app.example/jwks" },
    "invalid_client_metadata",
    'jwks and "jwks_uri" cannot both be given; use one of them',
  ],
  [
    "a private key in jwks",
    { ...WEB, jwks: { keys: [{ ...EC_KEY, d: "secret" }] } },
    "invalid_client_metadata",
    'jwks.keys[0] holds private key material ("d"); register public keys only',
  ],
  [
    "jwks that is not a JWK Set",
    { ...WEB, jwks: [EC_KEY] },
    "invalid_client_metadata",
    'jwks must be a JWK Set: an object with a "keys" list',
  ],
  [
    "a key without kty",
    { ...WEB, jwks: { keys: [{ crv: "P-256" }] } },
    "invalid_client_metadata",
    'jwks.keys[0] must be a JWK with a "kty"',
  ],
  [
    "a jwks_uri that is not a URL",
    { ...WEB, jwks_uri: "keys.json" },
    "invalid_client_metadata",
    'jwks_uri "keys.json" is not an absolute URL',
  ],
  [
    "an RSA alg for client_secret_jwt",
    {
      ...WEB,
      token_endpoint_auth_method: "client_secret_jwt",
      token_endpoint_auth_signing_alg: "RS256",
    },
    "invalid_client_metadata",
    'token_endpoint_auth_signing_alg "RS256" is not usable with client_secret_jwt; use HS256, HS384, HS512',
  ],
  [
    "a signing alg for client_secret_basic",
    { ...WEB, token_endpoint_auth_signing_alg: "HS256" },
    "invalid_client_metadata",
    "token_endpoint_auth_signing_alg applies only to client_secret_jwt and private_key_jwt, not client_secret_basic",
  ],
  [
    "an unsigned ID token",
    { ...WEB, id_token_signed_response_alg: "none" },
    "invalid_client_metadata",
    'id_token_signed_response_alg "none" is not supported; use RS256',
  ],
  [
    "an unknown application type",
    { ...WEB, application_type: "desktop" },
    "invalid_client_metadata",
    'application_type "desktop" is not supported; use web, native',
  ],
  [
    "an unknown subject type",
    { ...WEB, subject_type: "secret" },
    "invalid_client_metadata",
    'subject_type "secret" is not supported; use public, pairwise',
  ],
  [
    "a post-logout URI with a fragment",
    { ...WEB, post_logout_redirect_uris: ["https://app.example/bye#x"] },
    "invalid_client_metadata",
    'post_logout_redirect_uris[0] "https://app.example/bye#x" must not have a fragment',
  ],
  [
    "a logo_uri that is not http(s)",
    { ...WEB, logo_uri: "ftp://app.example/logo.png" },
    "invalid_client_metadata",
    'logo_uri "ftp://app.example/logo.png" must be an http(s) URL',
  ],
  [
    "contacts that are not strings",
    { ...WEB, contacts: "ops@example.com" },
    "invalid_client_metadata",
    "contacts must be a list of strings, got a string",
  ],
  [
    "a lifetime that is not a duration",
    { ...WEB, access_token_ttl: "soon" },
    "invalid_client_metadata",
    'access_token_ttl must be a positive duration such as 300, 90s, 15m, 1h or 7d, got "soon"',
  ],
  [
    "require_consent that is not a boolean",
    { ...WEB, require_consent: "yes" },
    "invalid_client_metadata",
    "require_consent must be true or false, got a string",
  ],
  [
    "several problems, redirect URIs first",
    { redirect_uris: ["https://app.example/#x"], grant_types: ["authorization_code", "magic"] },
    "invalid_redirect_uri",
    `redirect_uris[0] "https://app.example/#x" must not have a fragment. grant_types[1] "magic" is not supported; use ${GRANTS}`,
  ],
];

Deno.test("each invalid registration gets its exact error and description", async (t) => {
  await using op = await testProvider();
  for (const [what, metadata, error, description] of CASES) {
    await t.step(what, async () => {
      const { status, body, res } = await register(op, metadata);
      assert.equal(status, 400);
      assert.equal(res.headers.get("cache-control"), "no-store");
      assert.deepEqual(body, { error, error_description: description });
    });
  }
  assert.deepEqual(await op.deps.store.listClients(), [], "nothing was registered");
});

Deno.test("valid metadata of each kind is accepted", async () => {
  await using op = await testProvider({ signingKeys: null });
  const ok: Record<string, unknown>[] = [
    {
      redirect_uris: ["com.example.app:/cb", "http://127.0.0.1:51234/cb"],
      application_type: "native",
    },
    {
      redirect_uris: ["http://[::1]:8080/cb", "http://localhost/cb", "https://app.example/cb?x=1"],
    },
    { grant_types: ["client_credentials"] },
    { ...WEB, token_endpoint_auth_method: "private_key_jwt", jwks: { keys: [EC_KEY] } },
    { ...WEB, token_endpoint_auth_method: "private_key_jwt", jwks_uri: "https://app.example/jwks" },
    {
      ...WEB,
      token_endpoint_auth_method: "client_secret_jwt",
      token_endpoint_auth_signing_alg: "HS512",
    },
    { ...WEB, id_token_signed_response_alg: "EdDSA", access_token_ttl: "15m", audience: "api" },
  ];
  for (const metadata of ok) {
    const { status, body } = await register(op, metadata);
    assert.equal(status, 201, JSON.stringify(body));
  }
  const last = (await op.deps.store.listClients()).find((c) =>
    c.id_token_signed_response_alg === "EdDSA"
  );
  assert.equal(last?.access_token_ttl, 900);
  assert.deepEqual(last?.audience, ["api"]);
});
