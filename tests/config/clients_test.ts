import assert from "node:assert/strict";
import { sha256 } from "../../src/crypto/hash.ts";
import { createProvider } from "../../mod.ts";
import { tempDir } from "../fixtures/temp_dir.ts";
import { loadConfig, problemsOf } from "./helpers.ts";

const EC_KEY = {
  kty: "EC",
  crv: "P-256",
  x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
  y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
};

Deno.test("a clients file yields validated clients with their defaults; secrets hashed", async () => {
  await using dir = await tempDir({
    "clients.yaml": `
- client_id: web
  client_secret: s3cret
  redirect_uris: [http://localhost:3000/cb]
  post_logout_redirect_uris: [http://localhost:3000/]
  scope: openid email
  access_token_ttl: 15m
  audience: https://api.example
  require_consent: true
- client_id: spa
  redirect_uris: [https://spa.example/cb]
- client_id: hs
  client_secret: hmac-secret
  grant_types: [client_credentials]
  token_endpoint_auth_method: client_secret_jwt
- client_id: pk
  grant_types: [client_credentials]
  token_endpoint_auth_method: private_key_jwt
  jwks: { keys: [${JSON.stringify(EC_KEY)}] }
`,
  });
  const config = await loadConfig(["--clients", "clients.yaml"], {}, dir.path);
  const base = { origin: "static", application_type: "web", id_token_signed_response_alg: "RS256" };
  assert.deepEqual(config.clients, [
    {
      ...base,
      client_id: "web",
      client_secret_hash: await sha256("s3cret"),
      redirect_uris: ["http://localhost:3000/cb"],
      post_logout_redirect_uris: ["http://localhost:3000/"],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      scope: "openid email",
      access_token_ttl: 900,
      audience: ["https://api.example"],
      require_consent: true,
    },
    {
      ...base,
      client_id: "spa",
      redirect_uris: ["https://spa.example/cb"],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    },
    {
      ...base,
      client_id: "hs",
      client_secret_hash: await sha256("hmac-secret"),
      client_secret: "hmac-secret",
      redirect_uris: [],
      grant_types: ["client_credentials"],
      response_types: [],
      token_endpoint_auth_method: "client_secret_jwt",
    },
    {
      ...base,
      client_id: "pk",
      redirect_uris: [],
      grant_types: ["client_credentials"],
      response_types: [],
      token_endpoint_auth_method: "private_key_jwt",
      jwks: { keys: [EC_KEY] },
    },
  ]);
});

Deno.test("clients keyed by client_id, inline in GATEHOUSE_CLIENTS", async () => {
  const config = await loadConfig([], {
    GATEHOUSE_CLIENTS: "app:\n  client_secret: x\n  redirect_uris: [https://app.example/cb]\n",
  });
  assert.deepEqual(config.clients.map((c) => [c.client_id, c.token_endpoint_auth_method]), [
    ["app", "client_secret_basic"],
  ]);
});

Deno.test("every problem in a clients file names the file, the path and what was expected", async () => {
  await using dir = await tempDir({
    "clients.yaml": `
- client_id: a
  redirect_uri: https://a.example/cb
- client_secret: s
  redirect_uris: [https://b.example/cb]
- client_id: c
  redirect_uris: [http://c.example/cb]
  token_endpoint_auth_method: client_secret_post
- client_id: a
  client_secret: 42
  redirect_uris: [https://a.example/cb]
- nope
- client_id: e
  redirect_uris: [https://e.example/cb]
  client_secret: s
  token_endpoint_auth_method: none
  id_token_signed_response_alg: HS256
`,
  });
  const problems = await problemsOf(["--clients", "clients.yaml", "--strict"], {}, dir.path);
  assert.deepEqual(problems.map((p) => p.source), problems.map(() => "clients.yaml"));
  assert.deepEqual(problems.map((p) => p.message), [
    "clients[0].redirect_uri: unknown client metadata; did you mean redirect_uris?",
    "clients[0].redirect_uris is required: the authorization_code grant needs a redirect URI",
    "clients[1].client_id is missing",
    'clients[2].redirect_uris[0] "http://c.example/cb" must use https, or http on a loopback address',
    "clients[2].client_secret is missing; token_endpoint_auth_method client_secret_post needs one",
    "clients[3].client_secret: expected a string, got a number",
    "clients[4]: expected an object of client metadata, got a string",
    'clients[5].id_token_signed_response_alg "HS256" is not supported; use RS256, PS256, ES256, ES384, EdDSA',
    "clients[5].client_secret is given, but token_endpoint_auth_method none takes no secret",
  ]);
});

Deno.test("a duplicate client_id names both places; a keyed client must agree with its key", async () => {
  await using dir = await tempDir({
    "list.yaml": "- client_id: a\n  grant_types: [client_credentials]\n  client_secret: s\n".repeat(
      2,
    ),
    "map.yaml": "a:\n  client_id: b\n  redirect_uris: [https://a.example/cb]\n",
    "scalar.yaml": "just text\n",
  });
  assert.deepEqual(await problemsOf(["--clients", "list.yaml"], {}, dir.path), [
    {
      source: "list.yaml",
      message: 'clients[1].client_id: duplicate client_id "a" (also clients[0])',
    },
  ]);
  assert.deepEqual(await problemsOf(["--clients", "map.yaml"], {}, dir.path), [
    { source: "map.yaml", message: 'clients.a.client_id is "b", but the client is keyed by "a"' },
  ]);
  assert.deepEqual(await problemsOf(["--clients", "scalar.yaml"], {}, dir.path), [
    {
      source: "scalar.yaml",
      message: "clients: expected a list of clients or a map keyed by client_id, got a string",
    },
  ]);
});

Deno.test("in lenient mode a static client may use http on a real host", async () => {
  await using dir = await tempDir({
    "clients.yaml": "- client_id: c\n  redirect_uris: [http://app:3000/cb]\n",
  });
  const config = await loadConfig(["--clients", "clients.yaml"], {}, dir.path);
  assert.deepEqual(config.clients[0].redirect_uris, ["http://app:3000/cb"]);
});

Deno.test("library clients are registered clients: checked exactly, even in lenient mode", async () => {
  await using op = await createProvider({
    log: false,
    clients: [{ client_id: "app", client_secret: "s3cret", grant_types: ["client_credentials"] }],
  });
  const token = (auth: string) =>
    op.fetch(`${op.issuer}/token`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${btoa(auth)}`,
      },
      body: "grant_type=client_credentials",
    });
  const ok = await token("app:s3cret");
  assert.equal(ok.status, 200);
  await ok.body?.cancel();
  const wrong = await token("app:guess");
  assert.equal(wrong.status, 401);
  assert.equal((await wrong.json()).error_description, 'wrong client_secret for client "app"');
});
