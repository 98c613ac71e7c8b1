import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { authorize, authParams, location } from "../flow.ts";
import { form, testProvider } from "../helpers.ts";
import { loadCommand } from "../../src/config/load.ts";
import { staticClients } from "./client_fixtures.ts";

const MCP = "https://mcp.example/mcp";
const RESOURCES = [
  { url: MCP, scopes: ["tools:read", "tools:call"] },
  { url: "https://api.example/", scopes: null },
];

Deno.test("--resource URL=SCOPES is repeatable; a bare URL takes any scope", async () => {
  const command = await loadCommand(
    ["--resource", `${MCP}=tools:read tools:call`, "--resource", "https://api.example/"],
    {},
  );
  assert.equal(command.name, "serve");
  if (command.name === "serve") assert.deepEqual(command.config.resources, RESOURCES);
  await assert.rejects(loadCommand(["--resource", "not a url"], {}), /absolute URL/);
});

Deno.test("scopes_supported lists the resources' scopes", async () => {
  await using p = await testProvider({ resources: RESOURCES });
  const body = await (await p.request("/.well-known/openid-configuration")).json();
  assert.deepEqual(body.scopes_supported.slice(-2), ["tools:read", "tools:call"]);
  assert.ok(body.scopes_supported.includes("openid"));
});

async function clientCredentials(strict: boolean, resource: string) {
  const clients = await staticClients([{
    client_id: "svc",
    client_secret: "s3cret-s3cret",
    grant_types: ["client_credentials"],
    token_endpoint_auth_method: "client_secret_post",
  }]);
  const p = await testProvider({ resources: RESOURCES, strict, clients });
  const res = await p.request(
    "/token",
    form({
      grant_type: "client_credentials",
      client_id: "svc",
      client_secret: "s3cret-s3cret",
      resource,
    }),
  );
  return { p, res, body: await res.json() };
}

Deno.test("an unknown resource is invalid_target under --strict", async () => {
  const { p, res, body } = await clientCredentials(true, "https://other.example/");
  await using _ = p;
  assert.equal(res.status, 400);
  assert.deepEqual(body, {
    error: "invalid_target",
    error_description:
      `"resource" https://other.example/ is not a protected resource of this server (known: ${MCP}, https://api.example/)`,
  });
});

Deno.test("an unknown resource is a warning in lenient mode, and the token is issued", async () => {
  const { p, res, body } = await clientCredentials(false, "https://other.example/");
  await using _ = p;
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(decodeJwt(body.access_token).aud, "https://other.example/");
  await p.deps.warnings.flush();
  assert.ok(
    p.deps.warnings.recent().some((w) => w.rule === "resource-known"),
    JSON.stringify(p.deps.warnings.recent()),
  );
});

Deno.test("/authorize under --strict redirects invalid_target for an unknown resource", async () => {
  await using p = await testProvider({ resources: RESOURCES, strict: true, autoLogin: "" });
  const { clientId } = await registerPublic(p);
  const url = location(
    await authorize(p, authParams({ client_id: clientId, resource: "https://other.example/" })),
  );
  assert.equal(url.searchParams.get("error"), "invalid_target");
  const ok = location(await authorize(p, authParams({ client_id: clientId, resource: MCP })));
  assert.ok(ok.searchParams.get("code"));
});

async function registerPublic(p: Awaited<ReturnType<typeof testProvider>>) {
  const res = await p.request("/register", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      redirect_uris: ["http://127.0.0.1:3000/callback"],
      token_endpoint_auth_method: "none",
    }),
  });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return { clientId: body.client_id as string };
}
