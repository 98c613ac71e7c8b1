/**
 * Discovery must list exactly what works. This table names, for every member of the discovery
 * document and every value of its lists, a test of the suite that exercises it. The test below
 * fails when discovery advertises something the table lacks (no test exercises it) or omits
 * something the table has (it works, so it must be listed), and when a cited test is gone.
 */
import assert from "node:assert/strict";
import { testProvider } from "../helpers.ts";

/** A test (or a `t.step`) by file, relative to tests/, and its exact name as written. */
type Evidence = [file: string, test: string];

const E = {
  rp: [
    "e2e/openid_client_test.ts",
    "openid-client signs in with PKCE, state and nonce and reads userinfo",
  ],
  scopes: [
    "e2e/openid_client_test.ts",
    "profile and email claims appear only when those scopes are asked for",
  ],
  jwks: [
    "e2e/openid_client_test.ts",
    "the access token is an RFC 9068 JWT that jose verifies against /jwks",
  ],
  scopeClaims: [
    "oidc/scopes_prompts_test.ts",
    "each scope releases its claims at userinfo: profile, email, address, phone",
  ],
  wellknown: [
    "http/wellknown_test.ts",
    "discovery lists the issuer's endpoints for an issuer at the root",
  ],
  logout: [
    "http/login_test.ts",
    "/logout ends the session: prompt=none then answers login_required",
  ],
  register: [
    "http/register_test.ts",
    "oauth4webapi registers a client, signs in with it, reads, updates and deletes it",
  ],
  device: [
    "grants/device_code_test.ts",
    "POST /device_authorization returns a device code, a user code and where to enter it",
  ],
  deviceGrant: [
    "grants/device_code_test.ts",
    "the user approves on the device page; the next poll gets tokens, once",
  ],
  introspect: [
    "http/introspect_test.ts",
    "an active access token is described with every RFC 7662 field",
  ],
  revoke: [
    "http/revoke_test.ts",
    "revoking an access token deny-lists it at userinfo and introspection",
  ],
  revokeBasic: [
    "http/revoke_test.ts",
    "a confidential client revokes its client_credentials token by jti",
  ],
  introspectRevokePost: [
    "e2e/token_lifecycle_test.ts",
    "oauth4webapi introspects and revokes; userinfo and introspection honour it",
  ],
  endpointAssertions: [
    "oidc/advertised_values_test.ts",
    "introspection and revocation accept a client assertion signed with every advertised alg",
  ],
  par: [
    "oidc/par_test.ts",
    "oauth4webapi pushes a request to /par, signs in with its request_uri and redeems the code",
  ],
  parRequired: [
    "oidc/par_test.ts",
    "require_pushed_authorization_requests: /authorize alone is refused; through /par it works",
  ],
  refresh: [
    "grants/refresh_token_test.ts",
    "refresh_token rotates the token; the new ID token keeps sub and auth_time",
  ],
  offline: [
    "oidc/claims_request_test.ts",
    "claims.userinfo members come from userinfo, through the code, the grant and refreshes",
  ],
  clientCredentials: [
    "grants/client_credentials_test.ts",
    "client_credentials issues an access token for the client itself, without ID or refresh token",
  ],
  jwtBearer: [
    "grants/jwt_bearer_test.ts",
    "jwt-bearer: an assertion of a trusted issuer gets an access token for its sub, with the user's claims",
  ],
  genericGrant: [
    "e2e/exchange_rp_test.ts",
    "openid-client's genericGrantRequest runs the JWT bearer grant and token exchange",
  ],
  tokenExchange: [
    "grants/token_exchange_test.ts",
    "token exchange: a user's access token becomes a narrower one for another audience",
  ],
  dpopAlgs: [
    "dpop/proof_test.ts",
    "DPoP: every advertised alg signs a proof the token endpoint accepts",
  ],
  dpopRp: [
    "dpop/rp_test.ts",
    "oauth4webapi: code flow, refresh and userinfo with DPoP-bound tokens",
  ],
  password: [
    "grants/password_test.ts",
    "the password grant signs in a user with the right password",
  ],
  idToken: [
    "oidc/response_types_test.ts",
    "response_type=id_token returns only an ID token in the fragment, with the scope claims",
  ],
  idTokenToken: [
    "oidc/response_types_test.ts",
    "response_type=id_token token returns a bearer token and an ID token with at_hash",
  ],
  codeIdToken: [
    "oidc/response_types_test.ts",
    "response_type=code id_token: c_hash matches the code, which redeems at /token",
  ],
  codeToken: [
    "oidc/response_types_test.ts",
    "response_type=code token and code id_token token return the code and the token of one grant",
  ],
  none: [
    "oidc/response_types_test.ts",
    "response_type=none returns only state and iss, in the query",
  ],
  display: [
    "oidc/response_types_test.ts",
    "display is validated; ui_locales and claims_locales are accepted",
  ],
  browserFlows: ["browser/oidc_flows_test.ts", "code id_token token: c_hash and at_hash"],
  formPost: [
    "http/login_test.ts",
    "form_post delivers the code in an auto-submitting form that works without scripts",
  ],
  pairwise: [
    "http/pairwise_test.ts",
    "a pairwise sub is stable per sector and differs across sectors",
  ],
  idTokenAlgs: [
    "http/id_token_alg_test.ts",
    "a client registered with id_token_signed_response_alg ${alg} gets ${alg} ID tokens, on refresh too",
  ],
  encryption: [
    "oidc/advertised_values_test.ts",
    "every advertised ID token and userinfo encryption alg and enc decrypts with the client's key",
  ],
  userinfoAlgs: [
    "oidc/advertised_values_test.ts",
    "every advertised userinfo signing alg signs userinfo, verified with /jwks",
  ],
  backchannel: [
    "http/backchannel_logout_test.ts",
    "logout POSTs a verifiable logout token to each session client with a back-channel URI",
  ],
  frontchannel: [
    "http/frontchannel_logout_test.ts",
    "the signed-out page loads each session client's front-channel logout URI in an iframe",
  ],
  basic: [
    "http/client_auth_test.ts",
    "client_secret_basic: the form-encoded secret authenticates, a wrong one gets 401",
  ],
  post: [
    "http/client_auth_test.ts",
    "client_secret_post authenticates; the other method is refused",
  ],
  secretJwt: [
    "http/client_assertion_test.ts",
    "client_secret_jwt: an HS256 assertion made with the secret authenticates",
  ],
  keyJwt: [
    "http/client_assertion_test.ts",
    "private_key_jwt: an ES256 assertion verified with the registered jwks",
  ],
  publicClient: [
    "http/client_auth_test.ts",
    "none: a public client exchanges its code with client_id alone, never a secret",
  ],
  assertionAlgs: [
    "http/client_auth_test.ts",
    "discovery lists registration and exactly the auth methods and assertion algs that work",
  ],
  plain: ["grants/authorization_code_test.ts", "POST /token accepts PKCE plain in lenient mode"],
  promptNone: [
    "http/login_test.ts",
    "a live session skips the page, and prompt=none succeeds silently",
  ],
  promptLogin: ["http/login_test.ts", "prompt=login and an exceeded max_age show the page again"],
  consent: [
    "http/login_test.ts",
    "prompt=consent shows allow and deny; allow issues a code, deny access_denied",
  ],
  selectAccount: [
    "oidc/scopes_prompts_test.ts",
    "prompt=select_account shows the login page although a user is signed in",
  ],
  claims: [
    "oidc/claims_request_test.ts",
    "claims.id_token members go in the ID token without their scope",
  ],
  requestObject: [
    "oidc/request_object_test.ts",
    "a request object signed with the client's key: its parameters win over the query's",
  ],
  requestAlgs: [
    "oidc/advertised_values_test.ts",
    "every advertised request object alg: a client registered for it signs in with one",
  ],
  noRequestUri: [
    "oidc/request_object_test.ts",
    "a request_uri that /par did not issue is request_uri_not_supported",
  ],
  cimd: [
    "mcp/mcp_auth_test.ts",
    "MCP SDK: a Client ID Metadata Document served over https, --auto-login",
  ],
  cimdStrict: [
    "http/client_metadata_document_test.ts",
    "an https client_id is fetched and used as the client (strict: ${strict})",
  ],
} satisfies Record<string, Evidence>;

const ISSUER = "http://localhost:9400";

/** Members with a single value (an endpoint, a flag): the value, and what exercises it. */
const SCALARS: Record<string, [value: unknown, ...by: Evidence[]]> = {
  issuer: [ISSUER, E.wellknown],
  authorization_endpoint: [`${ISSUER}/authorize`, E.rp],
  token_endpoint: [`${ISSUER}/token`, E.rp],
  userinfo_endpoint: [`${ISSUER}/userinfo`, E.rp],
  jwks_uri: [`${ISSUER}/jwks`, E.jwks],
  end_session_endpoint: [`${ISSUER}/logout`, E.logout],
  registration_endpoint: [`${ISSUER}/register`, E.register],
  device_authorization_endpoint: [`${ISSUER}/device_authorization`, E.device],
  introspection_endpoint: [`${ISSUER}/introspect`, E.introspect],
  revocation_endpoint: [`${ISSUER}/revoke`, E.revoke],
  pushed_authorization_request_endpoint: [`${ISSUER}/par`, E.par],
  backchannel_logout_supported: [true, E.backchannel],
  backchannel_logout_session_supported: [true, E.backchannel],
  frontchannel_logout_supported: [true, E.frontchannel],
  frontchannel_logout_session_supported: [true, E.frontchannel],
  claims_parameter_supported: [true, E.claims],
  request_parameter_supported: [true, E.requestObject],
  // Request URIs are never fetched: only /par's own are taken.
  request_uri_parameter_supported: [false, E.noRequestUri],
  // Not for every client: per client by its metadata.
  require_pushed_authorization_requests: [false, E.rp, E.parRequired],
  authorization_response_iss_parameter_supported: [true, E.rp],
  client_id_metadata_document_supported: [true, E.cimd, E.cimdStrict],
  claims_supported: [
    [
      ...["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "name"],
      ...["family_name", "given_name", "middle_name", "nickname", "preferred_username"],
      ...["profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale"],
      ...["updated_at", "email", "email_verified", "address", "phone_number"],
      "phone_number_verified",
    ],
    E.scopeClaims,
    E.scopes,
  ],
};

const ASSERTION_ALGS = [
  ...["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512"],
  ...["ES256", "ES384", "EdDSA"],
];
const SIGNING_ALGS = ["RS256", "PS256", "ES256", "ES384", "EdDSA"];
const JWE_ALGS = [
  ...["RSA-OAEP", "RSA-OAEP-256", "RSA-OAEP-384", "RSA-OAEP-512", "ECDH-ES"],
  ...["ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW"],
];
const JWE_ENCS = [
  "A128CBC-HS256",
  "A192CBC-HS384",
  "A256CBC-HS512",
  "A128GCM",
  "A192GCM",
  "A256GCM",
];

/** Each value of `values`, exercised by the same tests. */
const each = (values: string[], ...by: Evidence[]) =>
  Object.fromEntries(values.map((v) => [v, by]));

/** Members whose value is a list: each listed value, and what exercises it. */
const LISTS: Record<string, Record<string, Evidence[]>> = {
  scopes_supported: {
    openid: [E.rp],
    ...each(["profile", "email"], E.scopes, E.scopeClaims),
    ...each(["address", "phone"], E.scopeClaims),
    offline_access: [E.offline],
  },
  response_types_supported: {
    code: [E.rp],
    id_token: [E.idToken, E.browserFlows],
    "id_token token": [E.idTokenToken],
    "code id_token": [E.codeIdToken],
    "code token": [E.codeToken],
    "code id_token token": [E.codeToken, E.browserFlows],
    none: [E.none],
  },
  response_modes_supported: { query: [E.rp], fragment: [E.idToken], form_post: [E.formPost] },
  grant_types_supported: {
    authorization_code: [E.rp],
    refresh_token: [E.refresh],
    client_credentials: [E.clientCredentials],
    password: [E.password],
    "urn:ietf:params:oauth:grant-type:device_code": [E.deviceGrant],
    "urn:ietf:params:oauth:grant-type:jwt-bearer": [E.jwtBearer, E.genericGrant],
    "urn:ietf:params:oauth:grant-type:token-exchange": [E.tokenExchange, E.genericGrant],
    implicit: [E.idTokenToken],
  },
  subject_types_supported: { public: [E.rp], pairwise: [E.pairwise] },
  id_token_signing_alg_values_supported: {
    RS256: [E.rp],
    ...each(["PS256", "ES256", "ES384", "EdDSA"], E.idTokenAlgs),
  },
  id_token_encryption_alg_values_supported: each(JWE_ALGS, E.encryption),
  id_token_encryption_enc_values_supported: each(JWE_ENCS, E.encryption),
  userinfo_signing_alg_values_supported: each(SIGNING_ALGS, E.userinfoAlgs),
  userinfo_encryption_alg_values_supported: each(JWE_ALGS, E.encryption),
  userinfo_encryption_enc_values_supported: each(JWE_ENCS, E.encryption),
  token_endpoint_auth_methods_supported: {
    client_secret_basic: [E.basic],
    client_secret_post: [E.post],
    client_secret_jwt: [E.secretJwt],
    private_key_jwt: [E.keyJwt],
    none: [E.publicClient],
  },
  token_endpoint_auth_signing_alg_values_supported: each(ASSERTION_ALGS, E.assertionAlgs),
  introspection_endpoint_auth_methods_supported: {
    client_secret_basic: [E.introspect],
    client_secret_post: [E.introspectRevokePost],
    ...each(["client_secret_jwt", "private_key_jwt"], E.endpointAssertions),
  },
  introspection_endpoint_auth_signing_alg_values_supported: each(
    ASSERTION_ALGS,
    E.endpointAssertions,
  ),
  revocation_endpoint_auth_methods_supported: {
    client_secret_basic: [E.revokeBasic],
    client_secret_post: [E.introspectRevokePost],
    ...each(["client_secret_jwt", "private_key_jwt"], E.endpointAssertions),
    none: [E.revoke],
  },
  revocation_endpoint_auth_signing_alg_values_supported: each(
    ASSERTION_ALGS,
    E.endpointAssertions,
  ),
  code_challenge_methods_supported: { S256: [E.rp], plain: [E.plain] },
  dpop_signing_alg_values_supported: {
    ES256: [E.dpopAlgs, E.dpopRp],
    ...each(["ES384", "EdDSA", "RS256", "PS256"], E.dpopAlgs),
  },
  prompt_values_supported: {
    none: [E.promptNone],
    login: [E.promptLogin],
    consent: [E.consent],
    select_account: [E.selectAccount],
  },
  display_values_supported: each(["page", "popup", "touch", "wap"], E.display),
  request_object_signing_alg_values_supported: each(["none", ...ASSERTION_ALGS], E.requestAlgs),
};

/** Discovery as the CLI serves it by default, plus the opt-in password grant and trusted issuers. */
async function discovery(): Promise<Record<string, unknown>> {
  const trustedIssuers = [{ issuer: "https://idp.example.com", jwks_uri: "https://idp/jwks" }];
  await using op = await testProvider({
    allowPasswordGrant: true,
    signingKeys: null,
    trustedIssuers,
  });
  return await (await op.request("/.well-known/openid-configuration")).json();
}

Deno.test("discovery lists exactly the features the test suite exercises", async () => {
  const meta = await discovery();
  const known = new Set([...Object.keys(SCALARS), ...Object.keys(LISTS)]);
  const untested = Object.keys(meta).filter((m) => !known.has(m));
  assert.deepEqual(untested, [], "discovery advertises members no test exercises");
  const unlisted = [...known].filter((m) => !(m in meta));
  assert.deepEqual(unlisted, [], "these work (a test exercises them), but discovery omits them");
  for (const [member, [value]] of Object.entries(SCALARS)) {
    assert.deepEqual(meta[member], value, member);
  }
  for (const [member, table] of Object.entries(LISTS)) {
    const listed = meta[member] as string[];
    assert.ok(Array.isArray(listed), `${member} is a list`);
    assert.deepEqual(
      listed.filter((v) => !(v in table)),
      [],
      `${member}: advertised, but no test exercises them`,
    );
    assert.deepEqual(
      Object.keys(table).filter((v) => !listed.includes(v)),
      [],
      `${member}: exercised, but not advertised`,
    );
  }
});

/** The names of the tests and steps a file declares (string or template literals). */
function testNames(source: string): Set<string> {
  const names = new Set<string>();
  const pattern = /(?:Deno\.test|t\.step)\(\s*(?:\{\s*name:\s*)?(["'`])((?:\\.|(?!\1)[^\\])*)\1/g;
  for (const match of source.matchAll(pattern)) names.add(match[2].replaceAll("\\'", "'"));
  return names;
}

Deno.test("every test the feature table cites exists under that name", async () => {
  const cited = new Map<string, Set<string>>();
  const all = [
    ...Object.values(SCALARS).flatMap(([, ...by]) => by),
    ...Object.values(LISTS).flatMap((t) => Object.values(t).flat()),
  ];
  assert.ok(all.length > 100, "the table cites a test for every value");
  for (const [file, test] of all) cited.set(file, (cited.get(file) ?? new Set()).add(test));
  for (const [file, tests] of cited) {
    const names = testNames(await Deno.readTextFile(new URL(`../${file}`, import.meta.url)));
    const missing = [...tests].filter((t) => !names.has(t));
    assert.deepEqual(missing, [], `tests/${file} has no test or step named so`);
  }
});

Deno.test("the test-name reader finds Deno.test and t.step names, and nothing else", () => {
  const source = [
    'Deno.test("plain name", async () => {});',
    'Deno.test({\n  name:\n    "object form",\n  fn() {},\n});',
    "for (const alg of algs) {\n  Deno.test(`template ${alg}`, () => {});\n}",
    "await t.step('a step', async () => {});",
    'assert.equal(x, "not a test name");',
  ].join("\n");
  assert.deepEqual(
    [...testNames(source)],
    ["plain name", "object form", "template ${alg}", "a step"],
  );
});
