import assert from "node:assert/strict";
import { createRequestRing } from "../../src/control/requests.ts";
import { testProvider } from "../helpers.ts";
import { call } from "./admin_helpers.ts";

type Listed = { requests: Record<string, unknown>[]; last_id: number };

Deno.test("GET /admin/requests lists protocol requests, not control-plane ones, oldest first", async () => {
  await using p = await testProvider();
  await (await p.request("/jwks")).body?.cancel();
  await (await p.request("/userinfo")).body?.cancel();
  await (await p.request("/health")).body?.cancel();
  await (await p.request("/metrics")).body?.cancel();
  await call(p, "/admin/clock");
  await call(p, "/users");
  const { body } = await call(p, "/admin/requests");
  const listed = body as unknown as Listed;
  assert.deepEqual(listed.requests.map((r) => [r.id, r.method, r.path, r.status, r.error]), [
    [1, "GET", "/jwks", 200, undefined],
    [2, "GET", "/userinfo", 401, "invalid_request"],
  ]);
  assert.equal(listed.last_id, 2);
  const after = (await call(p, "/admin/requests?after=1")).body as unknown as Listed;
  assert.deepEqual(after.requests.map((r) => r.path), ["/userinfo"]);
  const limited = (await call(p, "/admin/requests?limit=1")).body as unknown as Listed;
  assert.deepEqual(limited.requests.map((r) => r.id), [2]);
});

Deno.test("GET /admin/requests?wait= answers when the next request arrives", async () => {
  await using p = await testProvider();
  await (await p.request("/jwks")).body?.cancel();
  // after=1 names the request to wait past, so it does not matter which request runs first.
  const waiting = call(p, "/admin/requests?after=1&wait=30");
  await (await p.request("/userinfo")).body?.cancel();
  const { status, body } = await waiting;
  assert.equal(status, 200);
  assert.deepEqual((body as unknown as Listed).requests.map((r) => r.path), ["/userinfo"]);
});

Deno.test("GET /admin/requests?wait= with after= answers at once when newer requests exist", async () => {
  await using p = await testProvider();
  await (await p.request("/jwks")).body?.cancel();
  const { body } = await call(p, "/admin/requests?after=0&wait=30");
  assert.deepEqual((body as unknown as Listed).requests.map((r) => r.id), [1]);
});

Deno.test("GET /admin/requests refuses a wait beyond the bound", async () => {
  await using p = await testProvider();
  const res = await call(p, "/admin/requests?wait=31");
  assert.equal(res.status, 400);
  assert.equal(res.body.detail, '"wait" must be a number from 0 to 30, got "31"');
});

Deno.test("the request ring keeps the last `capacity` entries; a wait ends empty at its time limit", async () => {
  const ring = createRequestRing(3);
  const entry = (path: string) => ({
    at: 0,
    method: "GET",
    path,
    status: 200,
    ms: 1,
    warnings: [],
    tokens: [],
  });
  for (const path of ["/a", "/b", "/c", "/d"]) ring.add(entry(path));
  assert.deepEqual(ring.list().map((e) => [e.id, e.path]), [[2, "/b"], [3, "/c"], [4, "/d"]]);
  assert.deepEqual(await ring.wait(4, 5), []);
  const woken = ring.wait(4, 60_000);
  ring.add(entry("/woke"));
  assert.deepEqual((await woken).map((e) => e.path), ["/woke"]);
  ring.clear();
  assert.deepEqual(ring.list(), []);
  assert.equal(ring.add(entry("/e")).id, 6, "ids keep increasing after a clear");
});
