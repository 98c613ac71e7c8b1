import assert from "node:assert/strict";
import { authorize, authParams, codeFor, location, redeem } from "../flow.ts";
import { form, type TestProvider, testProvider } from "../helpers.ts";
import { staticClients } from "../http/client_fixtures.ts";
import { call, signIn } from "./admin_helpers.ts";

/** `/metrics` parsed: series (name and labels, as printed) → value. */
async function metrics(p: TestProvider): Promise<Map<string, number>> {
  const res = await p.request("/metrics");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const series = new Map<string, number>();
  for (const line of (await res.text()).split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

const moved = (before: Map<string, number>, after: Map<string, number>, key: string) =>
  (after.get(key) ?? 0) - (before.get(key) ?? 0);

Deno.test("/metrics counters move after a sign-in and an error", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const before = await metrics(p);
  const code = await codeFor(p);
  assert.equal((await redeem(p, code)).status, 200);
  assert.equal((await redeem(p, code)).status, 400);
  const after = await metrics(p);
  const expected: [string, number][] = [
    ['gatehouse_http_requests_total{method="GET",route="/authorize",status="303"}', 1],
    ['gatehouse_http_requests_total{method="POST",route="/token",status="200"}', 1],
    ['gatehouse_http_requests_total{method="POST",route="/token",status="400"}', 1],
    ['gatehouse_tokens_issued_total{grant="authorization_code",type="access_token"}', 1],
    ['gatehouse_tokens_issued_total{grant="authorization_code",type="id_token"}', 1],
    ['gatehouse_oauth_errors_total{code="invalid_grant"}', 1],
    ['gatehouse_http_request_duration_seconds_count{route="/token"}', 2],
    ['gatehouse_http_request_duration_seconds_bucket{route="/token",le="+Inf"}', 2],
  ];
  for (const [key, by] of expected) assert.equal(moved(before, after, key), by, key);
  // Buckets are cumulative: each at least the one before, the last one the count.
  const buckets = [...after].filter(([k]) =>
    k.startsWith('gatehouse_http_request_duration_seconds_bucket{route="/token"')
  );
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i][1] >= buckets[i - 1][1]);
});

Deno.test("one log line per request, and no line holds a code, token or secret", async () => {
  const secret = "client-secret-value-0123456789";
  await using p = await testProvider({
    autoLogin: "",
    adminToken: "admin-token-value-0123456789",
    clients: await staticClients([
      {
        client_id: "web",
        client_secret: secret,
        redirect_uris: ["http://127.0.0.1:3000/callback"],
        grant_types: ["authorization_code", "refresh_token"],
      },
    ]),
  });
  const basic = `Basic ${btoa(`web:${secret}`)}`;
  const url = location(await authorize(p, authParams({ client_id: "web" })));
  const code = url.searchParams.get("code")!;
  const tokenInit = form({
    grant_type: "authorization_code",
    code,
    redirect_uri: "http://127.0.0.1:3000/callback",
    code_verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
  });
  const tokens = await (await p.request("/token", {
    ...tokenInit,
    headers: { ...tokenInit.headers, authorization: basic },
  })).json();
  assert.ok(tokens.refresh_token, JSON.stringify(tokens));
  const refreshInit = form({ grant_type: "refresh_token", refresh_token: tokens.refresh_token });
  const refreshed = await (await p.request("/token", {
    ...refreshInit,
    headers: { ...refreshInit.headers, authorization: basic },
  })).json();
  await (await p.request("/userinfo", {
    headers: { authorization: `Bearer ${refreshed.access_token}` },
  })).body?.cancel();
  await (await authorize(p, authParams({ client_id: "web", id_token_hint: tokens.id_token })))
    .body?.cancel();
  await call(p, "/admin/requests", {
    headers: { authorization: "Bearer admin-token-value-0123456789" },
  });
  await call(p, "/admin/requests", { headers: { authorization: "Bearer wrong-admin-token-42" } });

  const requestLines = p.logs.filter((l) => l.startsWith("INFO request "));
  assert.equal(requestLines.length, 7, p.logs.join("\n"));
  const secrets = [
    code,
    tokens.access_token,
    tokens.id_token,
    tokens.refresh_token,
    refreshed.access_token,
    refreshed.refresh_token,
    secret,
    btoa(`web:${secret}`),
    "admin-token-value-0123456789",
    "wrong-admin-token-42",
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
  ];
  for (const line of p.logs) {
    for (const value of secrets) {
      assert.ok(!line.includes(value), `log line leaks a secret: ${line}`);
    }
  }
  assert.match(
    requestLines[1],
    /^INFO request method=POST path=\/token status=200 ms=[\d.]+ client_id=web grant_type=authorization_code sub=alice warnings=refresh-offline-access$/,
  );
});

Deno.test("--log-format json: each request is one JSON line with the warning ids", async () => {
  await using p = await testProvider({ autoLogin: "", logFormat: "json" });
  const url = location(
    await authorize(p, authParams({ nonce: "", code_challenge: "", code_challenge_method: "" })),
  );
  assert.ok(url.searchParams.get("code"));
  const lines = p.logs.map((l) => JSON.parse(l));
  const request = lines.filter((l) => l.message === "request");
  assert.equal(request.length, 1);
  const { time, ms, ...rest } = request[0];
  assert.equal(typeof time, "string");
  assert.equal(typeof ms, "number");
  assert.deepEqual(rest, {
    level: "info",
    message: "request",
    method: "GET",
    path: "/authorize",
    status: 303,
    client_id: "app",
    sub: "alice",
    warnings: ["registration", "nonce-required"],
  });
});

Deno.test("the recent requests carry their warnings and the claims of the tokens issued", async () => {
  await using p = await testProvider({ autoLogin: "" });
  await signIn(p);
  const { body } = await call(p, "/admin/requests");
  const [auth, token] = body.requests as Record<string, unknown>[];
  assert.deepEqual((auth.warnings as { rule: string }[]).map((w) => w.rule), ["registration"]);
  const issued = token.tokens as { kind: string; claims: Record<string, unknown> }[];
  assert.deepEqual(issued.map((t) => t.kind), ["access_token", "id_token"]);
  assert.equal(issued[1].claims.sub, "alice");
  assert.equal(issued[1].claims.nonce, "n-1");
  assert.equal(token.sub, "alice");
  assert.equal(token.grant_type, "authorization_code");
});

Deno.test("/metrics reports the resident memory and the JavaScript heap", async () => {
  await using op = await testProvider();
  const text = await (await op.request("/metrics")).text();
  const value = (re: RegExp) => Number(text.match(re)?.[1]);
  const rss = value(/^gatehouse_process_memory_bytes\{kind="rss"\} (\d+)$/m);
  const used = value(/^gatehouse_process_memory_bytes\{kind="heap_used"\} (\d+)$/m);
  const total = value(/^gatehouse_process_memory_bytes\{kind="heap_total"\} (\d+)$/m);
  assert.ok(rss > 10 * 2 ** 20, `rss ${rss}`);
  assert.ok(used > 0 && used <= total && total < rss, `heap ${used}/${total}`);
  assert.match(text, /^gatehouse_process_memory_bytes\{kind="external"\} \d+$/m);
});
