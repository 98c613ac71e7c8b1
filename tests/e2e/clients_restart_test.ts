import assert from "node:assert/strict";
import { join } from "node:path";
import { runDeno, spawnGatehouse } from "../fixtures/gatehouse_process.ts";
import { tempDir } from "../fixtures/temp_dir.ts";

/** A client_credentials token request with Basic authentication; returns the status. */
async function clientCredentials(url: string, id: string, secret: string): Promise<number> {
  const res = await fetch(`${url}/token`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization: `Basic ${btoa(`${id}:${secret}`)}`,
    },
    body: "grant_type=client_credentials",
  });
  await res.body?.cancel();
  return res.status;
}

Deno.test("a client registered with a file KV survives a restart of the process", async () => {
  await using dir = await tempDir();
  const args = ["--port", "0", "--kv", join(dir.path, "gatehouse.kv"), "--require-registration"];
  let reg: Record<string, string>;
  {
    await using op = await spawnGatehouse(args);
    const res = await fetch(`${op.url}/register`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ grant_types: ["client_credentials"], client_name: "survivor" }),
    });
    assert.equal(res.status, 201);
    reg = await res.json();
    assert.equal(await clientCredentials(op.url, reg.client_id, reg.client_secret), 200);
  }
  await using op = await spawnGatehouse(args);
  assert.equal(await clientCredentials(op.url, reg.client_id, reg.client_secret), 200);
  const uri = reg.registration_client_uri.replace(/^http:\/\/localhost:\d+/, op.url);
  const read = await fetch(uri, {
    headers: { Authorization: `Bearer ${reg.registration_access_token}` },
  });
  assert.equal(read.status, 200);
  assert.equal((await read.json()).client_name, "survivor");
  assert.equal(await clientCredentials(op.url, reg.client_id, "wrong"), 401);
});

/** A clients file with a client_credentials client per id, each with secret "s3cret". */
const CLIENTS = (...ids: string[]) =>
  ids.map((id) =>
    `- client_id: ${id}\n  client_secret: s3cret\n  grant_types: [client_credentials]\n`
  ).join("");

Deno.test("a static client removed from the clients file is gone after a restart", async () => {
  await using dir = await tempDir();
  const kv = join(dir.path, "gatehouse.kv");
  const both = dir.write("both.yaml", CLIENTS("old", "new"));
  const one = dir.write("one.yaml", CLIENTS("new"));
  const args = ["--port", "0", "--kv", kv, "--require-registration"];
  {
    await using op = await spawnGatehouse([...args, "--clients", both]);
    assert.equal(await clientCredentials(op.url, "old", "s3cret"), 200);
  }
  await using op = await spawnGatehouse([...args, "--clients", one]);
  assert.equal(await clientCredentials(op.url, "new", "s3cret"), 200);
  assert.equal(await clientCredentials(op.url, "old", "s3cret"), 401);
});

Deno.test("an invalid clients file stops start-up with exit 2, naming file, path and problem", async () => {
  await using dir = await tempDir();
  const file = dir.write(
    "clients.yaml",
    [
      "- client_id: app",
      "  redirect_uris: [https://app.example/cb#top]",
      "  token_endpoint_auth_method: private_key_jwt",
    ].join("\n"),
  );
  const { code, stderr } = await runDeno(["run", "-A", "main.ts", "--clients", file]);
  assert.equal(code, 2);
  assert.equal(
    stderr.trim(),
    [
      "Invalid configuration (2 problems):",
      `  - ${file}: clients[0].redirect_uris[0] "https://app.example/cb#top" must not have a fragment`,
      `  - ${file}: clients[0].token_endpoint_auth_method private_key_jwt needs "jwks" or "jwks_uri"`,
    ].join("\n"),
  );
});
