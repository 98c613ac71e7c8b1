import assert from "node:assert/strict";
import { testProvider } from "../helpers.ts";

/** Every path the provider serves (relative to the issuer). */
const PATHS = [
  "/authorize",
  "/authorize/login",
  "/authorize/consent",
  "/token",
  "/userinfo",
  "/introspect",
  "/revoke",
  "/register",
  "/register/x",
  "/oauth2/clients",
  "/logout",
  "/device_authorization",
  "/device",
  "/par",
  "/users",
  "/users/alice",
  "/users/alice/revoke-tokens",
  "/admin/tokens",
  "/admin/scenarios",
  "/admin/clock",
  "/admin/clock/advance",
  "/admin/keys/rotate",
  "/admin/requests",
  "/admin/reset",
  "/",
  "/jwks",
  "/.well-known/openid-configuration",
  "/metrics",
  "/health",
];

/** Malformed bodies: bad JSON, bad encodings, repeats, oversized values, wrong types. */
const BODIES: [string, string][] = [
  ["application/json", "{not json"],
  ["application/json", "[]"],
  ["application/json", "null"],
  ["application/json", '{"seconds":"x","claims":[1],"redirect_uris":"x"}'],
  ["application/x-www-form-urlencoded", "%%%"],
  ["application/x-www-form-urlencoded", "a=1&a=2"],
  ["application/x-www-form-urlencoded", `grant_type=authorization_code&code=${"x".repeat(5000)}`],
  ["text/plain", "hello"],
  [
    "application/x-www-form-urlencoded",
    "grant_type=client_credentials&client_assertion=a.b.c&client_assertion_type=" +
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
  ],
  ["application/x-www-form-urlencoded", "token=abc&token_type_hint=refresh_token"],
  [
    "application/x-www-form-urlencoded",
    "grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=zzz&client_id=a",
  ],
];

/** Malformed query strings for GET and DELETE. */
const QUERIES = [
  "",
  "?client_id=%E0%A4%A",
  "?client_id=a&redirect_uri=http://x/cb&response_type=code&request=a.b.c",
  "?client_id=a&redirect_uri=http://x/cb&response_type=code&claims=%7Bbad",
  "?client_id=a&redirect_uri=javascript:alert(1)&response_type=code",
  "?id_token_hint=abc&post_logout_redirect_uri=http://x",
  "?user_code=%00%00",
  "?wait=abc",
  "?client_id=a&redirect_uri=http://x/cb&response_type=code%20id_token&response_mode=query",
  "?client_id=a&redirect_uri=http://x/cb&response_type=code&request_uri=urn:x",
  "?client_id=a&redirect_uri=http://x/cb&response_type=code&max_age=-1",
];

/** Malformed credentials. */
const HEADERS: Record<string, string>[] = [
  {},
  { authorization: "Basic !!!" },
  { authorization: "Bearer a.b.c" },
  { authorization: `Basic ${btoa("%E0%A4%A:x")}` },
];

Deno.test("malformed input on every endpoint gets a 4xx answer, never a 500 or a stack trace", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const failures: string[] = [];
  let sent = 0;
  for (const path of PATHS) {
    for (const method of ["GET", "POST", "PUT", "DELETE"]) {
      for (const headers of HEADERS) {
        const cases = method === "GET" || method === "DELETE"
          ? QUERIES.map((q) => ({ url: path + q, body: undefined, type: undefined }))
          : BODIES.map(([type, body]) => ({ url: path, body, type }));
        for (const { url, body, type } of cases) {
          sent++;
          const res = await p.request(url, {
            method,
            body,
            headers: { ...headers, ...(type ? { "content-type": type } : {}) },
          });
          const text = await res.text();
          if (res.status >= 500 || /\.ts:\d+:\d+/.test(text)) {
            failures.push(`${res.status} ${method} ${url} ${type ?? ""}: ${text.slice(0, 120)}`);
          }
        }
      }
    }
  }
  assert.equal(sent, PATHS.length * 2 * HEADERS.length * (QUERIES.length + BODIES.length));
  assert.deepEqual(failures, []);
  assert.deepEqual(p.logs.filter((l) => l.includes("internal error")), []);
});
