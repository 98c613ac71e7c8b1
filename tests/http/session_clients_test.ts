import assert from "node:assert/strict";
import { authorize, authParams, cookiesOf, location } from "../flow.ts";
import { testProvider } from "../helpers.ts";

const CLIENTS = Array.from({ length: 20 }, (_, i) => `app${String(i + 1).padStart(2, "0")}`);

/**
 * Every client that gets tokens through a session is remembered in it, so that logout reaches it
 * (OIDC Front-Channel Logout §2, Back-Channel Logout §2.7) — also when silent authorizations for
 * many clients run at once, as an application with several iframes or tabs makes them.
 */
Deno.test("20 concurrent silent authorizations for 20 clients on one session record all 20", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const first = await authorize(p, authParams({ client_id: "first" }));
  const cookie = cookiesOf(first);
  assert.ok(location(first).searchParams.get("code"));
  const results = await Promise.all(
    CLIENTS.map((client_id) => authorize(p, authParams({ client_id, prompt: "none" }), cookie)),
  );
  for (const res of results) assert.ok(location(res).searchParams.get("code"));
  const sessions = await p.deps.store.listSessions(p.clock.now());
  assert.equal(sessions.length, 1);
  assert.deepEqual([...sessions[0].clients].sort(), [...CLIENTS, "first"]);
});
