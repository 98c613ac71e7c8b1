import assert from "node:assert/strict";
import { tempDir } from "../fixtures/temp_dir.ts";
import { loadConfig, problemsOf } from "./helpers.ts";

Deno.test("--tenants a,b configures two tenants; auto and the env var turn on auto mode", async () => {
  assert.equal((await loadConfig([])).tenants, null);
  assert.deepEqual((await loadConfig(["--tenants", "a, b"])).tenants, {
    auto: false,
    configured: { a: {}, b: {} },
  });
  assert.deepEqual((await loadConfig(["--tenants", "auto"])).tenants, {
    auto: true,
    configured: {},
  });
  assert.deepEqual((await loadConfig([], { GATEHOUSE_TENANTS: "auto" })).tenants?.auto, true);
});

Deno.test("--tenants refuses invalid names and names of root endpoints", async () => {
  const problems = await problemsOf(["--tenants", "Team,token,ok,admin"]);
  assert.deepEqual(problems, [
    {
      source: "--tenants",
      message: '"Team" is not a tenant name: 1 to 63 of a-z, 0-9, "-"',
    },
    { source: "--tenants", message: '"token" is a root endpoint and cannot be a tenant' },
    { source: "--tenants", message: '"admin" is a root endpoint and cannot be a tenant' },
  ]);
});

const FILE = `
tenants:
  auto: true
  workforce:
    users: workforce.yaml
    strict: true
    alg: ES256
    access-token-ttl: 5m
  customers:
`;

Deno.test("a tenants: section gives each tenant its own users, strictness, lifetimes and alg", async () => {
  await using dir = await tempDir({
    "gatehouse.yaml": FILE,
    "workforce.yaml": "- sub: wanda\n  roles: [admin]\n",
  });
  const config = await loadConfig(["--config", "gatehouse.yaml"], {}, dir.path);
  assert.equal(config.tenants?.auto, true);
  assert.deepEqual(config.tenants?.configured, {
    workforce: {
      users: [{ sub: "wanda", roles: ["admin"] }],
      strict: true,
      alg: "ES256",
      ttl: { accessToken: 300 },
    },
    customers: {},
  });
});

Deno.test("a tenants: section names the tenant and setting of each problem", async () => {
  await using dir = await tempDir({
    "gatehouse.yaml": "tenants:\n  a:\n    port: 1\n    alg: XX256\n  b: 3\n",
  });
  const problems = await problemsOf(["--config", "gatehouse.yaml"], {}, dir.path);
  assert.deepEqual(problems.map((p) => [p.source, p.message]), [
    [
      "gatehouse.yaml: tenants.a.port",
      `not a per-tenant setting; a tenant may set users, clients, registration-token, ` +
      "require-registration, require-nonce, require-pkce, strict, allow-password-grant, " +
      "auto-login, alg, signing-key, access-token-ttl, id-token-ttl, refresh-token-ttl, " +
      "refresh-token-absolute-ttl, code-ttl, device-code-ttl, session-ttl, admin-token, profile",
    ],
    [
      "gatehouse.yaml: tenants.a.alg",
      'expected one of RS256, PS256, ES256, ES384, EdDSA, got "XX256"',
    ],
    ["gatehouse.yaml: tenants.b", "expected a map of settings, got a number"],
  ]);
});
