import assert from "node:assert/strict";
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as oauth from "oauth4webapi";
import { ConfigError, createProvider, startProvider } from "../../mod.ts";

Deno.test("startProvider serves discovery on a free port and closes with await using", async () => {
  let url: string;
  {
    await using op = await startProvider({
      users: [{ sub: "alice" }],
      port: undefined,
      log: false,
    });
    url = op.url;
    assert.match(op.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const port = new URL(op.url).port;
    assert.notEqual(port, "9400", "port 0 is the default");
    assert.equal(op.issuer, `http://localhost:${port}`);
    const res = await fetch(`${op.url}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.issuer, op.issuer);
    assert.equal(body.token_endpoint, `${op.issuer}/token`);
  }
  await assert.rejects(fetch(`${url}/health`), TypeError, "the port is closed after the block");
});

Deno.test("a Deno test runs a client_credentials grant against startProvider", async () => {
  await using op = await startProvider({ log: false });
  const issuer = new URL(op.issuer);
  const http = { [oauth.allowInsecureRequests]: true };
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { ...http, algorithm: "oidc" }),
  );
  const client = { client_id: "billing-service" };
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    client,
    oauth.ClientSecretPost("any secret in lenient mode"),
    new URLSearchParams({ scope: "invoices:read" }),
    http,
  );
  const tokens = await oauth.processClientCredentialsResponse(as, client, response);
  assert.equal(tokens.token_type, "bearer");
  const jwks = createRemoteJWKSet(new URL(as.jwks_uri!));
  const { payload } = await jwtVerify(tokens.access_token, jwks, { issuer: op.issuer });
  assert.equal(payload.sub, "billing-service");
  assert.equal(payload.scope, "invoices:read");
});

Deno.test("startProvider takes the flags' options in camelCase", async () => {
  await using op = await startProvider({
    issuer: "http://localhost:8080/realms/dev",
    backchannelUrl: "http://gatehouse:9400",
    accessTokenTtl: "5m",
    log: false,
  });
  assert.equal(op.issuer, "http://localhost:8080/realms/dev");
  const res = await fetch(`${op.url}/realms/dev/.well-known/openid-configuration`);
  const body = await res.json();
  assert.equal(body.issuer, "http://localhost:8080/realms/dev");
  assert.equal(body.token_endpoint, "http://gatehouse:9400/realms/dev/token");
  await op.close();
  await op.close();
});

Deno.test("startProvider rejects invalid options with every problem named", async () => {
  const err = await startProvider({
    issuer: "localhost:8080",
    users: [{ name: "no sub" } as never],
    // @ts-expect-error: a typo a JavaScript caller could make
    requirePKCE: true,
  }).then(() => null, (e) => e);
  assert.ok(err instanceof ConfigError);
  const sources = err.problems.map((p) => p.source);
  assert.equal(sources[0], "startProvider options.requirePKCE");
  assert.match(err.problems[0].message, /^unknown option; expected one of host, port, issuer,/);
  assert.ok(sources.includes("startProvider options.issuer"), sources.join(", "));
  assert.ok(sources.some((s) => s.startsWith("startProvider options.users")), sources.join(", "));
});

Deno.test("createProvider answers in process, without a port", async () => {
  await using op = await createProvider({ users: [{ sub: "alice" }] });
  assert.equal(op.issuer, "http://localhost");
  const res = await op.fetch("http://localhost/.well-known/openid-configuration");
  assert.equal(res.status, 200);
  assert.equal((await res.json()).jwks_uri, "http://localhost/jwks");
  const health = await op.fetch(new Request("http://localhost/health"));
  assert.equal(health.status, 200);
});

Deno.test("createProvider's fetch works as a relying party's custom fetch", async () => {
  await using op = await createProvider({ issuer: "https://op.test/tenant", log: false });
  const issuer = new URL(op.issuer);
  const res = await oauth.discoveryRequest(issuer, {
    algorithm: "oidc",
    [oauth.customFetch]: op.fetch,
  });
  const as = await oauth.processDiscoveryResponse(issuer, res);
  assert.equal(as.issuer, "https://op.test/tenant");
  assert.equal(as.authorization_endpoint, "https://op.test/tenant/authorize");
  const jwks = await op.fetch(as.jwks_uri!);
  assert.equal(jwks.status, 200);
  const { keys } = await jwks.json();
  assert.ok(keys.length > 0 && keys.every((k: Record<string, unknown>) => !("d" in k)));
});
