import assert from "node:assert/strict";
import { join } from "node:path";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { spawnGatehouse } from "../fixtures/gatehouse_process.ts";
import { tempDir } from "../fixtures/temp_dir.ts";
import { REFRESH_RETRY_GRACE_MS } from "../../src/grants/refresh_token.ts";

const ISSUER = "http://gatehouse.test";

/** POST /token with `params` as the public client `cli`; the response body, asserting 200. */
async function token(url: string, params: Record<string, string>) {
  const res = await fetch(`${url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: "cli", ...params }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body;
}

Deno.test("a refresh token issued with a file KV still works after a restart", async () => {
  await using dir = await tempDir();
  const args = [
    "--port",
    "0",
    "--issuer",
    ISSUER,
    "--kv",
    join(dir.path, "gatehouse.kv"),
    "--allow-password-grant",
    "--user-claims",
    '{"sub": "alice", "password": "wonderland", "name": "Alice"}',
  ];
  let first: Record<string, string>;
  {
    await using op = await spawnGatehouse(args);
    first = await token(op.url, {
      grant_type: "password",
      username: "alice",
      password: "wonderland",
      scope: "openid profile",
    });
  }
  await using op = await spawnGatehouse(args);
  const info = await fetch(`${op.url}/userinfo`, {
    headers: { authorization: `Bearer ${first.access_token}` },
  });
  assert.equal(info.status, 200, "the access token from the first process is still good");
  assert.equal((await info.json()).name, "Alice");
  const next = await token(op.url, {
    grant_type: "refresh_token",
    refresh_token: first.refresh_token,
  });
  const jwks = createRemoteJWKSet(new URL(`${op.url}/jwks`));
  const { payload } = await jwtVerify(next.id_token, jwks, { issuer: ISSUER, audience: "cli" });
  assert.equal(payload.sub, "alice");
  // Past the one retry a lost answer is allowed (tests/grants/refresh_grace_test.ts).
  const advanced = await fetch(`${op.url}/admin/clock/advance`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ seconds: REFRESH_RETRY_GRACE_MS / 1000 + 1 }),
  });
  assert.equal(advanced.status, 200);
  await advanced.body?.cancel();
  const again = await fetch(`${op.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: first.refresh_token,
      client_id: "cli",
    }),
  });
  assert.equal(again.status, 400, "the rotation was kept too: the old token is spent");
  assert.equal((await again.json()).error, "invalid_grant");
});
