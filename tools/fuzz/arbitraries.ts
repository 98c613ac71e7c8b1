/**
 * What the fuzzer sends: every route and method, with hostile identifiers (thousands of
 * characters, non-ASCII, control characters), huge and deep JSON and odd headers.
 */
import fc from "fast-check";

/** One generated request; `path` is relative to the issuer unless it starts with `//root`. */
export interface HostileRequest {
  method: string;
  /** The route it was generated from, e.g. `/register/{id}` (groups failures). */
  route: string;
  path: string;
  headers: [string, string][];
  body?: string;
}

/** Every route, `{id}` standing for a generated identifier; `//root` is outside the issuer. */
export const ROUTES = [
  "/.well-known/openid-configuration",
  "/.well-known/oauth-authorization-server",
  "//root/.well-known/oauth-authorization-server/realms/dev",
  "//root/health",
  "/health",
  "/jwks",
  "/jwks.json",
  "/authorize",
  "/authorize/login",
  "/authorize/consent",
  "/token",
  "/userinfo",
  "/logout",
  "/device",
  "/device_authorization",
  "/introspect",
  "/revoke",
  "/register",
  "/register/{id}",
  "/oauth2/clients/{id}",
  "/par",
  "/",
  "/inspector/decode",
  "/inspector/sign-in",
  "/inspector/callback",
  "/metrics",
  "/users",
  "/users/{id}",
  "/users/{id}/revoke-tokens",
  "/admin/clock",
  "/admin/clock/advance",
  "/admin/keys/rotate",
  "/admin/tokens",
  "/admin/scenarios",
  "/admin/requests",
  "/{id}",
];

/** Methods, weighted towards the ones routes answer. */
const METHOD = fc.oneof(
  { arbitrary: fc.constantFrom("GET", "POST"), weight: 6 },
  { arbitrary: fc.constantFrom("PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"), weight: 2 },
);

/** Parameter and JSON member names the endpoints read. */
const NAMES = [
  "client_id",
  "redirect_uri",
  "response_type",
  "response_mode",
  "scope",
  "state",
  "nonce",
  "code",
  "grant_type",
  "refresh_token",
  "code_verifier",
  "code_challenge",
  "code_challenge_method",
  "client_secret",
  "client_assertion",
  "client_assertion_type",
  "token",
  "token_type_hint",
  "id_token_hint",
  "post_logout_redirect_uri",
  "sub",
  "claims",
  "request",
  "request_uri",
  "login_hint",
  "prompt",
  "max_age",
  "acr_values",
  "resource",
  "audience",
  "device_code",
  "user_code",
  "interaction",
  "csrf",
  "action",
  "username",
  "password",
  "subject_token",
  "subject_token_type",
  "assertion",
  "redirect_uris",
  "jwks",
  "jwks_uri",
  "sector_identifier_uri",
  "token_endpoint_auth_method",
  "grant_types",
  "response_types",
  "application_type",
  "now",
  "seconds",
  "offset_seconds",
  "frozen",
  "expires_in",
  "tokens",
  "updated_at",
  "email",
  "name",
  "iss",
  "error",
  "error_description",
]; // deno-fmt-ignore

/** Numbers at and past every range a field might assume. */
const HUGE = fc.constantFrom(
  1e13, 1e20, 1e300, 1.7e308, -1.7e308, -1, 0, 0.5, 2 ** 53 + 1, -(2 ** 31), 8.64e15, 253402300800,
); // deno-fmt-ignore

/** `n` levels of nested arrays or objects. */
const deepJson = fc.tuple(fc.integer({ min: 20, max: 5000 }), fc.boolean()).map(([n, arr]) =>
  arr ? "[".repeat(n) + "]".repeat(n) : '{"a":'.repeat(n) + "1" + "}".repeat(n)
);

const NAMED = fc.constantFrom(
  "javascript:alert(document.domain)//",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:x",
  "file:///etc/passwd",
  "http://127.0.0.1:1/cb",
  "https://a.example/cb",
  "com.example.app:/cb",
  "openid",
  "openid profile email offline_access",
  "code",
  "code id_token",
  "S256",
  "plain",
  "none",
  "login",
  "consent",
  "form_post",
  "authorization_code",
  "refresh_token",
  "client_credentials",
  "urn:ietf:params:oauth:grant-type:device_code",
  "urn:ietf:params:oauth:grant-type:token-exchange",
  "password",
  "alice",
  "1e308",
  "-1",
  "NaN",
  "9".repeat(400),
  "null",
  "{}",
  "[]",
  "%00",
  "../../..",
  "a b",
  "eyJhbGciOiJub25lIn0.e30.",
  "eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJleHAiOjFlMjB9.c2ln",
); // deno-fmt-ignore

/** A hostile string value: long, non-ASCII, control characters, dangerous URIs, JSON. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 24 }), weight: 3 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }), weight: 1 },
  { arbitrary: fc.integer({ min: 1000, max: 5000 }).map((n) => "x".repeat(n)), weight: 2 },
  { arbitrary: fc.integer({ min: 700, max: 3000 }).map((n) => "€".repeat(n)), weight: 1 },
  { arbitrary: fc.constant("€".repeat(40_000)), weight: 1 },
  { arbitrary: NAMED, weight: 4 },
  { arbitrary: HUGE.map(String), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? "null"), weight: 1 },
  { arbitrary: deepJson, weight: 1 },
);

/** A JSON member value: hostile strings, huge numbers, deep or odd structures. */
const jsonMember: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: HUGE, weight: 3 },
  { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 2 },
  { arbitrary: fc.array(hostileString, { maxLength: 3 }), weight: 1 },
  { arbitrary: fc.dictionary(fc.constantFrom(...NAMES), HUGE, { maxKeys: 3 }), weight: 1 },
);

const params = fc.dictionary(fc.constantFrom(...NAMES), hostileString, { maxKeys: 8 });
const jsonObject = fc.dictionary(fc.constantFrom(...NAMES), jsonMember, { maxKeys: 6 });

/** Header values as `Headers` accepts them: Latin-1 without CR, LF or NUL. */
const headerValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({
    unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }))
      .map((c) => String.fromCharCode(c)),
    maxLength: 3000,
  }),
  hostileString.map((s) => encodeURIComponent(s).slice(0, 6000)),
);

const authorization = fc.oneof(
  headerValue.map((v) => `Bearer ${v}`),
  fc.tuple(hostileString, hostileString).map(([u, p]) =>
    `Basic ${btoa(unescape(encodeURIComponent(`${u}:${p}`)))}`
  ),
  headerValue,
);

const CONTENT_TYPES = fc.constantFrom(
  "application/x-www-form-urlencoded",
  "application/json",
  "text/plain",
  "multipart/form-data",
  "application/x-www-form-urlencoded; charset=ISO-8859-1",
  "application/jwt",
  "",
); // deno-fmt-ignore

const headers = fc.record({
  authorization,
  cookie: headerValue,
  "content-type": CONTENT_TYPES,
  "x-forwarded-host": headerValue,
  "x-forwarded-proto": headerValue,
  dpop: headerValue,
  origin: headerValue,
  accept: headerValue,
}, { requiredKeys: [] }).map((h) => Object.entries(h) as [string, string][]);

/** The request body: none, a form, a JSON object, deep JSON or raw text. */
const body = fc.oneof(
  fc.constant(undefined),
  params.map((p) => new URLSearchParams(p).toString()),
  jsonObject.map((o) => JSON.stringify(o)),
  deepJson,
  hostileString,
);

/** An identifier in a path: encoded, or raw with whatever `URL` makes of it. */
const pathId = fc.oneof(
  hostileString.map(encodeURIComponent),
  hostileString,
  fc.constantFrom("%E2%82%AC", "%00", "%ZZ", "..", "%2F", "alice"),
);

/** One hostile request to any route. */
export const hostileRequest: fc.Arbitrary<HostileRequest> = fc.record({
  route: fc.constantFrom(...ROUTES),
  id: pathId,
  method: METHOD,
  query: fc.oneof(fc.constant({}), params),
  headers,
  body,
}).map(({ route, id, method, query, headers, body }) => {
  const search = new URLSearchParams(query).toString();
  const path = route.replaceAll("{id}", id) + (search ? `?${search}` : "");
  const withBody = method !== "GET" && method !== "HEAD" ? body : undefined;
  return { method, route, path, headers, body: withBody };
});
