import assert from "node:assert/strict";
import { makeRoomForClient } from "../../src/protocol/clients/registration_cap.ts";
import { testProvider } from "../helpers.ts";
import { REDIRECT, registered } from "./client_helpers.ts";

Deno.test("at the registration limit the oldest dynamic clients go, with a warning each", async () => {
  await using op = await testProvider();
  await op.deps.store.putClient({
    client_id: "static-app",
    redirect_uris: [REDIRECT],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    origin: "static",
  });
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    ids.push((await registered(op, { redirect_uris: [REDIRECT] })).client_id);
    op.clock.advance(1000);
  }
  await makeRoomForClient(op.deps, 3);
  const left = (await op.deps.store.listClients()).map((c) => c.client_id).sort();
  assert.deepEqual(left, [...ids.slice(2), "static-app"].sort(), "the two oldest went");
  const warnings = op.logs.filter((l) => l.includes("dynamic registration limit reached"));
  assert.equal(warnings.length, 2);
  assert.ok(warnings[0].includes(ids[0]) && warnings[1].includes(ids[1]), warnings.join("\n"));
  await makeRoomForClient(op.deps, 3);
  assert.equal((await op.deps.store.listClients()).length, 3, "below the limit nothing goes");
});
