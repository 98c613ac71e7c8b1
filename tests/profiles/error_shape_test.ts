import assert from "node:assert/strict";
import { form, testProvider } from "../helpers.ts";
import { ENTRA_TENANT } from "./fixtures.ts";

const TOKEN = `http://localhost:9400/${ENTRA_TENANT}/oauth2/v2.0/token`;
const BAD_CODE = {
  grant_type: "authorization_code",
  code: "no-such-code",
  client_id: "app",
  redirect_uri: "http://127.0.0.1:3000/callback",
};

Deno.test("--profile entra: token errors carry AADSTS numbers, trace and correlation ids, a timestamp", async () => {
  await using p = await testProvider({
    issuer: `http://localhost:9400/${ENTRA_TENANT}/v2.0`,
    profile: "entra",
  });
  p.clock.freeze(Date.UTC(2026, 0, 9, 2, 2, 12, 345));
  const correlation = "aaaa0000-bb11-2222-33cc-444444dddddd";
  const init = form(BAD_CODE);
  const res = await p.request(TOKEN, {
    ...init,
    headers: { ...init.headers, "client-request-id": correlation },
  });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get("content-type"), "application/json");
  assert.equal(res.headers.get("cache-control"), "no-store");
  const body = await res.json();
  assert.match(body.trace_id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const own = body.error_description.match(/^AADSTS70000: (.+)\r\nTrace ID: /)?.[1];
  assert.ok(own, body.error_description);
  assert.deepEqual(body, {
    error: "invalid_grant",
    error_description: `AADSTS70000: ${own}\r\nTrace ID: ${body.trace_id}\r\n` +
      `Correlation ID: ${correlation}\r\nTimestamp: 2026-01-09 02:02:12Z`,
    error_codes: [70000],
    timestamp: "2026-01-09 02:02:12Z",
    trace_id: body.trace_id,
    correlation_id: correlation,
    error_uri: "https://login.microsoftonline.com/error?code=70000",
  });
  // Without the header, a correlation id of its own; an error without a number of its own.
  const other = await (await p.request(TOKEN, form({ ...BAD_CODE, grant_type: "nope" }))).json();
  assert.equal(other.error, "unsupported_grant_type");
  assert.deepEqual(other.error_codes, [70003]);
  assert.match(other.correlation_id, /^[0-9a-f-]{36}$/);
  assert.notEqual(other.trace_id, body.trace_id);
});

Deno.test("other profiles keep RFC 6749's error body: error and error_description only", async () => {
  await using p = await testProvider({
    issuer: "http://localhost:9400/realms/dev",
    profile: "keycloak",
  });
  const res = await p.request(
    "http://localhost:9400/realms/dev/protocol/openid-connect/token",
    form(BAD_CODE),
  );
  assert.equal(res.status, 400);
  assert.deepEqual(Object.keys(await res.json()).sort(), ["error", "error_description"]);
});
