import assert from "node:assert/strict";
import { testProvider } from "../helpers.ts";
import { json } from "./admin_helpers.ts";
import { passwordMatches } from "../../src/users.ts";

const HASH = /^pbkdf2-sha256\$\d+\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/;

Deno.test("PUT /users stores a salted hash of the password, never the password", async () => {
  await using p = await testProvider();
  const res = await p.request("/users/dana", json({ password: "pw-dana", email: "d@e.x" }, "PUT"));
  assert.equal(res.status, 204);
  const stored = await p.deps.store.getUser("dana");
  assert.match(String(stored?.password), HASH);
  assert.ok(!JSON.stringify(stored).includes("pw-dana"), "no clear password in storage");
  const again = await p.request("/users/erin", json({ password: "pw-dana" }, "PUT"));
  await again.body?.cancel();
  const erin = await p.deps.store.getUser("erin");
  assert.notEqual(erin?.password, stored?.password, "salted: the same password, another hash");
  assert.equal(await passwordMatches(stored!, "pw-dana"), true);
  assert.equal(await passwordMatches(stored!, "pw-dan"), false);
});

Deno.test("users from configuration are held with hashed passwords, and still sign in", async () => {
  await using p = await testProvider({
    users: [{ sub: "fay", password: "pw-fay" }],
    allowPasswordGrant: true,
  });
  const fay = await p.deps.users.get("fay");
  assert.match(String(fay?.password), HASH);
  const token = await p.request("/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      client_id: "app",
      username: "fay",
      password: "pw-fay",
      scope: "openid",
    }),
  });
  assert.equal(token.status, 200);
  await token.body?.cancel();
});
