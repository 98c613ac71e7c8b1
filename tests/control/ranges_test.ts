import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { authorize, authParams, location, loginForm, redeem, submitForm } from "../flow.ts";
import { form, testProvider } from "../helpers.ts";
import { call, json } from "./admin_helpers.ts";

Deno.test("the control plane refuses values out of range with 400, never 500", async () => {
  await using p = await testProvider();
  const cases: [string, string, unknown, RegExp][] = [
    ["/admin/clock", "PUT", { now: 1e13 }, /outside 1970-01-01 … 9999-12-31/],
    ["/admin/clock", "PUT", { now: -1 }, /outside 1970-01-01/],
    ["/admin/clock", "PUT", { offset_seconds: 1e300 }, /outside 1970-01-01/],
    ["/admin/clock/advance", "POST", { seconds: 1.7e308 }, /outside 1970-01-01/],
    ["/admin/clock/advance", "POST", { seconds: -1e12 }, /outside 1970-01-01/],
    [
      "/admin/tokens",
      "POST",
      { sub: "alice", expires_in: 1e300 },
      /must be at most 315360000 seconds/,
    ],
    ["/admin/tokens", "POST", { sub: "a".repeat(3000) }, /"sub" is longer than 1024 bytes/],
  ];
  for (const [path, method, body, detail] of cases) {
    const res = await call(p, path, json(body, method));
    assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}`);
    assert.equal(res.type, "application/problem+json");
    assert.match(String(res.body.detail), detail);
  }
  assert.equal((await call(p, "/admin/clock")).status, 200, "the clock still prints");
});

Deno.test("PUT /users refuses deep JSON (400) and a 70 KB body (413)", async () => {
  await using p = await testProvider();
  const deep = await call(p, "/users/carol", {
    method: "PUT",
    body: '{"a":' + "[".repeat(5000) + "]".repeat(5000) + "}",
  });
  assert.equal(deep.status, 400);
  assert.equal(deep.body.detail, "the body nests deeper than 32 levels");
  const big = await call(p, "/users/carol", json({ note: "x".repeat(70_000) }, "PUT"));
  assert.equal(big.status, 413);
  assert.equal(big.body.detail, "the body is larger than 32768 bytes");
  assert.equal((await call(p, "/users/carol")).status, 404, "nothing was stored");
});

Deno.test("a 500 from the control plane says nothing internal; the log has the stack", async () => {
  const p = await testProvider();
  p.deps.store.close(); // storage gone: the next write fails inside the provider
  const res = await call(p, "/users/carol", json({ name: "Carol" }, "PUT"));
  assert.equal(res.status, 500);
  assert.equal(res.body.detail, "the control plane hit an unexpected error");
  const line = p.logs.find((l) => l.includes("internal error"));
  assert.ok(line, "the internal error is logged");
  assert.match(line, /stack=.*\n?.*at /s);
});

Deno.test("the inspector decodes a token whose exp is 1e20", async () => {
  await using p = await testProvider();
  const token = await new SignJWT({ sub: "x", exp: 1e20 })
    .setProtectedHeader({ alg: "HS256" })
    .sign(new Uint8Array(32));
  const res = await p.request("/inspector/decode", form({ token }));
  assert.equal(res.status, 200);
  assert.match(await res.text(), /100000000000000000000 \(not a representable time\)/);
});

Deno.test("a sign-in with updated_at 1e20 leaves the inspector page working", async () => {
  await using p = await testProvider();
  const page = await loginForm(await authorize(p, authParams()));
  const res = await submitForm(p, page, { sub: "zed", claims: '{"updated_at": 1e20}' });
  const tokens = await redeem(p, location(res).searchParams.get("code")!);
  assert.equal(tokens.status, 200, "the token request shows in the inspector's request list");
  await tokens.body?.cancel();
  const inspector = await p.request("/");
  assert.equal(inspector.status, 200);
  await inspector.body?.cancel();
});
