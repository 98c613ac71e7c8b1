import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { authorize, authParams, codeFor, location, redeem } from "../flow.ts";
import { testProvider } from "../helpers.ts";
import { call, json, signIn, userinfoStatus } from "./admin_helpers.ts";

const T2030 = Date.UTC(2030, 0, 1) / 1000;

Deno.test("PUT /admin/clock freezes at an instant; advance moves it; tokens carry it", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const set = await call(p, "/admin/clock", json({ now: "2030-01-01T00:00:00Z" }, "PUT"));
  assert.equal(set.status, 200);
  assert.equal(set.body.now, "2030-01-01T00:00:00.000Z");
  assert.equal(set.body.epoch, T2030);
  assert.equal(set.body.frozen, true);
  const moved = await call(p, "/admin/clock/advance", json({ seconds: 90 }));
  assert.equal(moved.body.now, "2030-01-01T00:01:30.000Z");
  assert.equal((await call(p, "/admin/clock")).body.epoch, T2030 + 90);
  const tokens = await signIn(p);
  assert.equal(decodeJwt(tokens.access_token).iat, T2030 + 90);
  assert.equal(decodeJwt(tokens.id_token).exp, T2030 + 90 + 3600);
});

Deno.test("PUT /admin/clock with epoch seconds, an offset, or frozen alone", async () => {
  await using p = await testProvider();
  const at = await call(p, "/admin/clock", json({ now: T2030, frozen: false }, "PUT"));
  assert.equal(at.body.frozen, false);
  assert.ok((at.body.epoch as number) >= T2030, JSON.stringify(at.body));
  const frozen = await call(p, "/admin/clock", json({ frozen: true }, "PUT"));
  assert.equal(frozen.body.frozen, true);
  const offset = await call(p, "/admin/clock", json({ offset_seconds: 3600 }, "PUT"));
  assert.equal(offset.body.frozen, false);
  assert.equal(offset.body.offset_seconds, 3600);
  const real = await call(p, "/admin/clock", json({ offset_seconds: 0 }, "PUT"));
  assert.equal(real.body.offset_seconds, 0);
  assert.equal(real.body.frozen, false);
});

Deno.test("the clock endpoints refuse bodies they cannot act on, saying why", async () => {
  await using p = await testProvider();
  const cases: [string, unknown, string][] = [
    [
      "PUT",
      { now: "yesterday" },
      '"now" must be an ISO 8601 instant or epoch seconds, got "yesterday"',
    ],
    ["PUT", {}, 'say how to set the clock: "now", "offset_seconds" or "frozen"'],
    ["PUT", { now: T2030, offset_seconds: 5 }, 'give either "now" or "offset_seconds", not both'],
    ["PUT", { frozen: "yes" }, '"frozen" must be true or false'],
    ["PUT", { freeze: true }, 'unknown member "freeze"; use now, offset_seconds or frozen'],
    ["POST", { seconds: "60" }, '"seconds" must be a number, got "60"'],
    ["POST", {}, '"seconds" must be a number, got undefined'],
  ];
  for (const [method, body, detail] of cases) {
    const path = method === "PUT" ? "/admin/clock" : "/admin/clock/advance";
    const res = await call(p, path, json(body, method));
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.type, "application/problem+json");
    assert.equal(res.body.detail, detail);
  }
  assert.equal((await call(p, "/admin/clock")).body.offset_seconds, 0);
});

Deno.test("advancing the clock past the code lifetime expires the code", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const code = await codeFor(p);
  await call(p, "/admin/clock/advance", json({ seconds: 61 }));
  const res = await redeem(p, code);
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), {
    error: "invalid_grant",
    error_description: "the code expired 1s ago",
  });
});

Deno.test("advancing the clock past the access token lifetime expires the token", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const tokens = await signIn(p);
  await call(p, "/admin/clock/advance", json({ seconds: 3599 }));
  assert.equal(await userinfoStatus(p, tokens.access_token), 200);
  await call(p, "/admin/clock/advance", json({ seconds: 2 }));
  const res = await p.request("/userinfo", {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  assert.equal(res.status, 401);
  assert.match(res.headers.get("www-authenticate")!, /error_description="the token has expired"/);
  await res.body?.cancel();
});

Deno.test("advancing the clock past the session lifetime ends the session", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const first = await authorize(p, authParams());
  const cookie = first.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  await first.body?.cancel();
  const silent = authParams({ prompt: "none", state: "silent" });
  assert.ok(location(await authorize(p, silent, cookie)).searchParams.get("code"));
  await call(p, "/admin/clock/advance", json({ seconds: 86400 + 1 }));
  const after = location(await authorize(p, silent, cookie));
  assert.equal(after.searchParams.get("error"), "login_required");
  assert.equal(after.searchParams.get("error_description"), "no user is signed in");
});
