import assert from "node:assert/strict";
import { testProvider } from "../helpers.ts";
import type { Config } from "../../src/config/schema.ts";
import { requestOrigin } from "../../src/http/origin.ts";

const ISSUER = "http://localhost:8080/realms/dev";
const DISCOVERY = "/realms/dev/.well-known/openid-configuration";
/** Discovery fields naming a back-channel endpoint; every other field must not move. */
const BACK_CHANNEL_FIELDS = new Set([
  "token_endpoint",
  "userinfo_endpoint",
  "jwks_uri",
  "introspection_endpoint",
  "revocation_endpoint",
  "registration_endpoint",
  "device_authorization_endpoint",
  "pushed_authorization_request_endpoint",
]);

async function discovery(
  overrides: Partial<Config>,
  url = `http://localhost:8080${DISCOVERY}`,
  headers: Record<string, string> = {},
): Promise<{ res: Response; body: Record<string, unknown> }> {
  await using op = await testProvider({ issuer: ISSUER, ...overrides });
  const res = await op.request(url, { headers });
  assert.equal(res.status, 200);
  return { res, body: await res.json() };
}

Deno.test("an issuer with a path serves every endpoint under that path", async () => {
  const { body } = await discovery({});
  assert.equal(body.issuer, ISSUER);
  const urls = Object.entries(body).filter(([k]) => k.endsWith("_endpoint") || k === "jwks_uri");
  assert.ok(urls.length >= 5, "discovery lists the core endpoints");
  for (const [field, value] of urls) {
    assert.ok(String(value).startsWith(`${ISSUER}/`), `${field} is under the issuer: ${value}`);
  }
  await using op = await testProvider({ issuer: ISSUER });
  const jwks = await op.request(`${ISSUER}/jwks`);
  assert.equal(jwks.status, 200);
  const rfc8414 = await op.request(
    "http://localhost:8080/.well-known/oauth-authorization-server/realms/dev",
  );
  assert.equal(rfc8414.status, 200);
  assert.equal((await rfc8414.json()).issuer, ISSUER);
});

Deno.test("--backchannel-url moves exactly the back-channel endpoints to its origin", async () => {
  const { body: plain } = await discovery({});
  const { body: moved } = await discovery({ backchannelUrl: "http://gatehouse:9400" });
  assert.deepEqual(Object.keys(moved).sort(), Object.keys(plain).sort());
  let changed = 0;
  for (const [field, value] of Object.entries(plain)) {
    if (!BACK_CHANNEL_FIELDS.has(field)) {
      assert.deepEqual(moved[field], value, `${field} stays on the issuer`);
      continue;
    }
    const expected = String(value).replace("http://localhost:8080/", "http://gatehouse:9400/");
    assert.equal(moved[field], expected);
    changed++;
  }
  assert.ok(changed >= 3, "token, userinfo and JWKS are listed and moved");
  assert.equal(moved.token_endpoint, "http://gatehouse:9400/realms/dev/token");
  assert.equal(moved.authorization_endpoint, `${ISSUER}/authorize`);
  assert.equal(moved.end_session_endpoint, `${ISSUER}/logout`);
});

Deno.test("--backchannel-dynamic takes the request's origin and ignores forwarded headers", async () => {
  const forwarded = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example" };
  const { res, body } = await discovery(
    { backchannelDynamic: true },
    `http://gatehouse:9400${DISCOVERY}`,
    forwarded,
  );
  assert.equal(body.issuer, ISSUER);
  assert.equal(body.token_endpoint, "http://gatehouse:9400/realms/dev/token");
  assert.equal(body.jwks_uri, "http://gatehouse:9400/realms/dev/jwks");
  assert.equal(body.authorization_endpoint, `${ISSUER}/authorize`);
  assert.equal(res.headers.get("vary"), "Host");
});

Deno.test("--trust-proxy honours X-Forwarded-Proto/-Host for back-channel URLs only", async () => {
  const forwarded = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "id.example.com, proxy" };
  const { res, body } = await discovery(
    { backchannelDynamic: true, trustProxy: true },
    `http://gatehouse:9400${DISCOVERY}`,
    forwarded,
  );
  assert.equal(body.issuer, ISSUER);
  assert.equal(body.token_endpoint, "https://id.example.com/realms/dev/token");
  assert.equal(body.authorization_endpoint, `${ISSUER}/authorize`);
  assert.match(res.headers.get("vary") ?? "", /X-Forwarded-Host/);
});

Deno.test("forwarded headers change nothing without --backchannel-dynamic", async () => {
  const forwarded = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "id.example.com" };
  const { body: plain } = await discovery({});
  const { res, body } = await discovery(
    { trustProxy: true },
    `http://gatehouse:9400${DISCOVERY}`,
    forwarded,
  );
  assert.deepEqual(body, plain);
  assert.equal(res.headers.get("vary"), null);
});

Deno.test("requestOrigin falls back to the request URL for malformed forwarded values", () => {
  const req = (headers: Record<string, string>) =>
    new Request("http://gatehouse:9400/x", { headers });
  const cases: [Record<string, string>, string][] = [
    [{ "X-Forwarded-Host": "evil.example/path" }, "http://gatehouse:9400"],
    [{ "X-Forwarded-Proto": "gopher" }, "http://gatehouse:9400"],
    [{ "X-Forwarded-Proto": "HTTPS" }, "https://gatehouse:9400"],
    [{ "X-Forwarded-Host": "[::1]:8443", "X-Forwarded-Proto": "https" }, "https://[::1]:8443"],
    [
      { "X-Forwarded-Host": "id.example.com:443", "X-Forwarded-Proto": "https" },
      "https://id.example.com",
    ],
  ];
  for (const [headers, expected] of cases) {
    assert.equal(requestOrigin(req(headers), true), expected, JSON.stringify(headers));
  }
  assert.equal(
    requestOrigin(req({ "X-Forwarded-Host": "a.example" }), false),
    "http://gatehouse:9400",
  );
});
