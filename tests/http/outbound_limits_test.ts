import assert from "node:assert/strict";
import { testProvider } from "../helpers.ts";
import {
  assertion,
  ASSERTION_TYPE,
  ecKey,
  staticClients,
  tokenRequest,
} from "./client_fixtures.ts";
import { localServer } from "./oidc_helpers.ts";
import { dripServer, hugeAnswerServer } from "../protocol/outbound_servers.ts";

const MiB = 1024 * 1024;

async function remoteKeyClient(jwksUri: string) {
  return await staticClients([{
    client_id: "remote",
    grant_types: ["client_credentials"],
    token_endpoint_auth_method: "private_key_jwt",
    jwks_uri: jwksUri,
  }]);
}

Deno.test("a 200 MiB jwks_uri answer is cut at 512 KiB: RSS stays flat and /health answers", async () => {
  await using big = hugeAnswerServer(200 * MiB);
  const uri = `${big.url}/jwks`;
  await using op = await testProvider({ clients: await remoteKeyClient(uri) });
  const key = await ecKey("k");
  const jwt = await assertion(op, "remote", key.privateKey);
  const rssBefore = Deno.memoryUsage().rss;
  const token = tokenRequest(op, { client_assertion_type: ASSERTION_TYPE, client_assertion: jwt });
  let slowestHealth = 0;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const health = await op.request("/health");
    await health.body?.cancel();
    assert.equal(health.status, 200);
    slowestHealth = Math.max(slowestHealth, performance.now() - started);
    await new Promise((r) => setTimeout(r, 20));
  }
  const { status, body } = await token;
  const growth = Deno.memoryUsage().rss - rssBefore;
  assert.equal(status, 401);
  assert.deepEqual(body, {
    error: "invalid_client",
    error_description:
      `cannot use the client's jwks_uri ${uri}: answered more than 512 KiB, the limit`,
  });
  assert.ok(big.sent() < 16 * MiB, `the server got to send ${big.sent() / MiB} MiB`);
  assert.ok(growth < 64 * MiB, `RSS grew by ${Math.round(growth / MiB)} MiB`);
  assert.ok(slowestHealth < 2000, `/health took ${Math.round(slowestHealth)} ms`);
});

Deno.test("a jwks_uri whose body drips slowly fails at the 3s deadline", async () => {
  await using drip = dripServer();
  const uri = `${drip.url}/jwks`;
  await using op = await testProvider({ clients: await remoteKeyClient(uri) });
  const key = await ecKey("k");
  const started = performance.now();
  const { status, body } = await tokenRequest(op, {
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: await assertion(op, "remote", key.privateKey),
  });
  assert.equal(status, 401);
  assert.deepEqual(body, {
    error: "invalid_client",
    error_description:
      `cannot use the client's jwks_uri ${uri}: broke off its answer, or did not finish it within 3s`,
  });
  assert.ok(performance.now() - started < 8000, "the deadline covers the body");
});

Deno.test("a sector_identifier_uri that redirects is not followed", async () => {
  let followed = 0;
  await using server = localServer((req) => {
    if (new URL(req.url).pathname === "/elsewhere.json") followed++;
    return new Response(null, { status: 307, headers: { Location: "/elsewhere.json" } });
  });
  await using op = await testProvider();
  const uri = `${server.url}/sector.json`;
  const res = await op.request("/register", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      redirect_uris: ["https://app.example/cb"],
      subject_type: "pairwise",
      sector_identifier_uri: uri,
    }),
  });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), {
    error: "invalid_client_metadata",
    error_description:
      `sector_identifier_uri "${uri}" answered a redirect (HTTP 307); redirects are not followed`,
  });
  assert.equal(followed, 0);
});

Deno.test("strict mode fetches a jwks_uri over https only, loopback included", async () => {
  let fetched = 0;
  await using server = localServer(() => (fetched++, Response.json({ keys: [] })));
  const uri = `${server.url}/jwks`;
  await using op = await testProvider({ strict: true, clients: await remoteKeyClient(uri) });
  const key = await ecKey("k");
  const { status, body } = await tokenRequest(op, {
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: await assertion(op, "remote", key.privateKey),
  });
  assert.equal(status, 401);
  assert.deepEqual(body, {
    error: "invalid_client",
    error_description: `cannot use the client's jwks_uri ${uri}: ` +
      "must be an https URL (strict mode fetches nothing over http)",
  });
  assert.equal(fetched, 0);
});
