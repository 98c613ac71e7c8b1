import assert from "node:assert/strict";
import { testProvider } from "../helpers.ts";
import { REDIRECT, register } from "./client_helpers.ts";

const WEB = { redirect_uris: [REDIRECT] };
const EC_SIG_KEY = {
  kty: "EC",
  crv: "P-256",
  x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
  y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
  use: "sig",
};
const JWE_ALGS =
  "RSA-OAEP, RSA-OAEP-256, RSA-OAEP-384, RSA-OAEP-512, ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW";
const JWE_ENCS = "A128CBC-HS256, A192CBC-HS384, A256CBC-HS512, A128GCM, A192GCM, A256GCM";

/** [what, metadata, error_description]; every one is invalid_client_metadata. */
const CASES: [string, Record<string, unknown>, string][] = [
  [
    "an enc without its alg",
    { ...WEB, id_token_encrypted_response_enc: "A128GCM" },
    "id_token_encrypted_response_enc needs id_token_encrypted_response_alg too (OpenID Connect Registration §2)",
  ],
  [
    "encryption without keys",
    { ...WEB, id_token_encrypted_response_alg: "RSA-OAEP-256" },
    'id_token_encrypted_response_alg "RSA-OAEP-256" needs "jwks" or "jwks_uri" with a public key to encrypt to',
  ],
  [
    "an unsupported key management algorithm",
    { ...WEB, jwks: { keys: [EC_SIG_KEY] }, userinfo_encrypted_response_alg: "RSA1_5" },
    `userinfo_encrypted_response_alg "RSA1_5" is not supported; use ${JWE_ALGS}`,
  ],
  [
    "an unsupported content encryption",
    {
      ...WEB,
      jwks_uri: "http://127.0.0.1:1/jwks",
      id_token_encrypted_response_alg: "ECDH-ES",
      id_token_encrypted_response_enc: "A512GCM",
    },
    `id_token_encrypted_response_enc "A512GCM" is not supported; use ${JWE_ENCS}`,
  ],
  [
    "jwks without a key for the algorithm",
    { ...WEB, jwks: { keys: [EC_SIG_KEY] }, userinfo_encrypted_response_alg: "ECDH-ES+A256KW" },
    'userinfo_encrypted_response_alg "ECDH-ES+A256KW" needs a key in "jwks" with kty EC (P-256, P-384, P-521) or OKP (X25519) and "use": "enc" or none',
  ],
  [
    "pairwise with redirect URIs on several hosts and no sector",
    { redirect_uris: [REDIRECT, "https://app.example/cb"], subject_type: "pairwise" },
    'subject_type "pairwise" needs "sector_identifier_uri" when the redirect URIs are on several hosts (127.0.0.1, app.example)',
  ],
  [
    "pairwise without redirect URIs or sector",
    {
      grant_types: ["client_credentials"],
      token_endpoint_auth_method: "client_secret_basic",
      subject_type: "pairwise",
    },
    'subject_type "pairwise" needs "sector_identifier_uri" or a redirect URI with a host: the sector is that host',
  ],
  [
    "a sector_identifier_uri that is not a URL",
    { ...WEB, subject_type: "pairwise", sector_identifier_uri: "sector.json" },
    'sector_identifier_uri "sector.json" is not an absolute URL',
  ],
  [
    "a back-channel logout URI with a fragment",
    { ...WEB, backchannel_logout_uri: "https://app.example/bc#x" },
    'backchannel_logout_uri "https://app.example/bc#x" must not have a fragment',
  ],
  [
    "a session-required flag that is not a boolean",
    { ...WEB, backchannel_logout_session_required: "yes" },
    "backchannel_logout_session_required must be true or false, got a string",
  ],
  [
    "a front-channel logout URI on another origin than the redirect URIs",
    { ...WEB, frontchannel_logout_uri: "http://127.0.0.1:3001/logout" },
    'frontchannel_logout_uri "http://127.0.0.1:3001/logout" must have the scheme, host and port of one of the redirect URIs',
  ],
];

Deno.test("invalid response, subject and logout metadata gets its exact error", async (t) => {
  await using op = await testProvider();
  for (const [what, metadata, description] of CASES) {
    await t.step(what, async () => {
      const { status, body } = await register(op, metadata);
      assert.equal(status, 400);
      assert.deepEqual(body, { error: "invalid_client_metadata", error_description: description });
    });
  }
  assert.deepEqual(await op.deps.store.listClients(), [], "nothing was registered");
});

Deno.test("--strict refuses plain http to a non-loopback host for URLs the provider calls", async () => {
  await using op = await testProvider({ strict: true });
  const { status, body } = await register(op, {
    redirect_uris: ["https://app.example/cb"],
    token_endpoint_auth_method: "none",
    backchannel_logout_uri: "http://app.example/bc",
    frontchannel_logout_uri: "https://app.example/fc",
  });
  assert.equal(status, 400);
  assert.deepEqual(body, {
    error: "invalid_client_metadata",
    error_description:
      'backchannel_logout_uri "http://app.example/bc" must use https, or http on a loopback address',
  });
});

Deno.test("valid logout and response metadata is kept and echoed back", async () => {
  await using op = await testProvider();
  const { status, body } = await register(op, {
    redirect_uris: ["https://app.example/cb"],
    token_endpoint_auth_method: "none",
    subject_type: "pairwise",
    backchannel_logout_uri: "https://app.example/bc",
    backchannel_logout_session_required: true,
    frontchannel_logout_uri: "https://app.example/fc",
    frontchannel_logout_session_required: false,
    userinfo_signed_response_alg: "RS256",
  });
  assert.equal(status, 201, JSON.stringify(body));
  const stored = await op.deps.store.getClient(String(body.client_id));
  const picked = Object.fromEntries(
    [
      "subject_type",
      "backchannel_logout_uri",
      "backchannel_logout_session_required",
      "frontchannel_logout_uri",
      "frontchannel_logout_session_required",
      "userinfo_signed_response_alg",
    ].map((k) => [k, body[k]]),
  );
  assert.deepEqual(picked, {
    subject_type: "pairwise",
    backchannel_logout_uri: "https://app.example/bc",
    backchannel_logout_session_required: true,
    frontchannel_logout_uri: "https://app.example/fc",
    frontchannel_logout_session_required: false,
    userinfo_signed_response_alg: "RS256",
  });
  assert.equal(stored?.backchannel_logout_uri, "https://app.example/bc");
});
