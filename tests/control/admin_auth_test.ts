import assert from "node:assert/strict";
import { exposureWarning, isLoopback, loud } from "../../src/control/exposure.ts";
import { defaultConfig } from "../../src/config/schema.ts";
import { startServer } from "../../src/server.ts";
import { captureLog, testProvider } from "../helpers.ts";
import { call, json } from "./admin_helpers.ts";

const TOKEN = "s3cret-admin-token";

/** One request of every kind the token guards. */
const GUARDED: [string, RequestInit][] = [
  ["/admin/clock", {}],
  ["/admin/clock", json({ frozen: true }, "PUT")],
  ["/admin/clock/advance", json({ seconds: 60 })],
  ["/admin/keys/rotate", json({})],
  ["/admin/reset", json({})],
  ["/admin/tokens", json({ sub: "alice" })],
  ["/admin/scenarios", json({ endpoint: "/token", error: "invalid_grant" })],
  ["/admin/scenarios", {}],
  ["/admin/scenarios", { method: "DELETE" }],
  ["/admin/requests", {}],
  ["/users", {}],
  ["/users/alice", {}],
  ["/users/carol", json({ email: "c@example.com" }, "PUT")],
  ["/users/alice", { method: "DELETE" }],
  ["/users/alice/revoke-tokens", { method: "POST" }],
];

const withAuth = (init: RequestInit, authorization: string): RequestInit => ({
  ...init,
  headers: { ...init.headers as Record<string, string>, Authorization: authorization },
});

Deno.test("with --admin-token, /admin and /users refuse a missing, wrong or non-Bearer token", async () => {
  await using p = await testProvider({ adminToken: TOKEN });
  const cases: [string, string | undefined][] = [
    [
      'this endpoint needs "Authorization: Bearer <token>" with the token given to --admin-token',
      undefined,
    ],
    ["the Bearer token is not the --admin-token", `Bearer ${TOKEN}x`],
    ["the Authorization header is not a Bearer token", `Basic ${btoa(`admin:${TOKEN}`)}`],
  ];
  for (const [path, init] of GUARDED) {
    for (const [detail, authorization] of cases) {
      const res = await p.request(path, authorization ? withAuth(init, authorization) : init);
      assert.equal(res.status, 401, `${init.method ?? "GET"} ${path}`);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      assert.equal(res.headers.get("www-authenticate"), 'Bearer realm="gatehouse-admin"');
      const body = await res.json();
      assert.equal(body.detail, detail);
      assert.equal(body.status, 401);
    }
  }
  // Nothing above happened: alice is still there, and no token was minted.
  assert.equal((await call(p, "/users/alice", withAuth({}, `Bearer ${TOKEN}`))).status, 200);
});

Deno.test("with --admin-token, the right Bearer token is accepted", async () => {
  // Generated keys: keys from --signing-key cannot be rotated.
  await using p = await testProvider({ adminToken: TOKEN, signingKeys: null });
  for (const [path, init] of GUARDED) {
    const res = await p.request(path, withAuth(init, `Bearer ${TOKEN}`));
    await res.body?.cancel();
    assert.ok(res.status < 400, `${init.method ?? "GET"} ${path} answered ${res.status}`);
  }
});

Deno.test("without --admin-token the control plane is open", async () => {
  await using p = await testProvider();
  assert.equal((await call(p, "/admin/clock")).status, 200);
  assert.equal((await call(p, "/users")).status, 200);
});

Deno.test("isLoopback knows loopback addresses and names", () => {
  for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "LOCALHOST"]) {
    assert.equal(isLoopback(host), true, host);
  }
  for (const host of ["0.0.0.0", "::", "192.168.1.10", "10.0.0.2", "gatehouse", "128.0.0.1"]) {
    assert.equal(isLoopback(host), false, host);
  }
});

Deno.test("the exposure warning is given beyond loopback without an admin token only", () => {
  assert.equal(exposureWarning({ host: "127.0.0.1", adminToken: null }), null);
  assert.equal(exposureWarning({ host: "0.0.0.0", adminToken: TOKEN }), null);
  const warning = exposureWarning({ host: "0.0.0.0", adminToken: null })!;
  assert.match(warning, /^WARNING: listening on 0\.0\.0\.0 without --admin-token: /);
  const framed = loud(warning).split("\n");
  assert.equal(framed[0], "!".repeat(78));
  assert.equal(framed.at(-1), "!".repeat(78));
  assert.ok(
    framed.slice(1, -1).every((l) => l.startsWith("!! ") && l.length <= 78),
    framed.join("\n"),
  );
  assert.equal(framed.slice(1, -1).map((l) => l.slice(3)).join(" "), warning);
});

Deno.test("startServer prints the warning after the banner when it listens on 0.0.0.0 without a token", async () => {
  const printed: string[] = [];
  const { log, lines } = captureLog();
  const op = await startServer({ ...defaultConfig(), host: "0.0.0.0", port: 0 }, {
    print: (l) => printed.push(l),
    deps: { log },
  });
  try {
    const res = await fetch(`http://127.0.0.1:${new URL(op.url).port}/health`);
    await res.body?.cancel();
    assert.equal(printed.length, 2);
    assert.match(printed[0], /^Gatehouse /);
    assert.match(printed[1], /!! WARNING: listening on 0\.0\.0\.0 without --admin-token/);
  } finally {
    await op.close();
  }
  assert.equal(lines.filter((l) => l.startsWith("WARN")).length, 0);
});

Deno.test("startServer on loopback prints no warning; as a library it logs it instead", async () => {
  const printed: string[] = [];
  const quiet = await startServer({ ...defaultConfig(), port: 0 }, {
    print: (l) => printed.push(l),
  });
  await quiet.close();
  assert.equal(printed.length, 1);
  const { log, lines } = captureLog();
  const exposed = await startServer({ ...defaultConfig(), host: "0.0.0.0", port: 0 }, {
    deps: { log },
  });
  await exposed.close();
  assert.deepEqual(lines.filter((l) => l.startsWith("WARN")), [
    `WARN ${exposureWarning({ host: "0.0.0.0", adminToken: null })}`,
  ]);
});

Deno.test("with --admin-token, the inspector and /metrics need it too (Bearer or Basic password)", async () => {
  await using p = await testProvider({ adminToken: TOKEN });
  const viewer: [string, RequestInit][] = [
    ["/", {}],
    ["/inspector/decode", { method: "POST", body: new URLSearchParams({ token: "x" }) }],
    ["/inspector/sign-in", { method: "POST", body: new URLSearchParams({ sub: "alice" }) }],
    ["/inspector/callback?code=x&state=y", {}],
    ["/metrics", {}],
  ];
  for (const [path, init] of viewer) {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Basic ${btoa("admin:nope")}`]) {
      const res = await p.request(path, authorization ? withAuth(init, authorization) : init);
      assert.equal(res.status, 401, `${path} with ${authorization}`);
      assert.equal(
        res.headers.get("www-authenticate"),
        'Basic realm="gatehouse-admin", charset="UTF-8"',
      );
      await res.body?.cancel();
    }
  }
  for (const authorization of [`Bearer ${TOKEN}`, `Basic ${btoa(`any:${TOKEN}`)}`]) {
    for (const path of ["/", "/metrics"]) {
      const res = await p.request(path, withAuth({}, authorization));
      assert.equal(res.status, 200, `${path} with ${authorization}`);
      await res.body?.cancel();
    }
  }
  const open = await p.request("/.well-known/openid-configuration");
  assert.equal(open.status, 200, "the protocol endpoints stay open");
  await open.body?.cancel();
});

Deno.test("the exposure warning names everything the missing token leaves open", () => {
  const warning = exposureWarning({ host: "0.0.0.0", adminToken: null })!;
  for (const part of ["/admin", "/users", "inspector (/)", "/metrics", "sessions"]) {
    assert.ok(warning.includes(part), `${part} in: ${warning}`);
  }
});
