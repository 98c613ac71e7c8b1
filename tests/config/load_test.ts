import assert from "node:assert/strict";
import { loadCommand } from "../../src/config/load.ts";
import { tempDir } from "../fixtures/temp_dir.ts";
import { loadConfig, problemsOf } from "./helpers.ts";

const CONFIG_FILE = "port: 7000\nhost: 0.0.0.0\nalg: ES256\nstrict: true\n";

Deno.test("config falls back to the defaults when no source sets a flag", async () => {
  const config = await loadConfig([]);
  assert.equal(config.host, "127.0.0.1");
  assert.equal(config.port, 9400);
  assert.equal(config.issuer, null);
  assert.equal(config.kv, ":memory:");
  assert.equal(config.alg, "RS256");
  assert.equal(config.strict, false);
  assert.equal(config.autoLogin, null);
  assert.deepEqual(config.users, []);
});

Deno.test("config file overrides the defaults", async () => {
  await using dir = await tempDir({ "gatehouse.yaml": CONFIG_FILE });
  const config = await loadConfig(["--config", "gatehouse.yaml"], {}, dir.path);
  assert.deepEqual(
    [config.port, config.host, config.alg, config.strict],
    [7000, "0.0.0.0", "ES256", true],
  );
});

Deno.test("env vars override the config file", async () => {
  await using dir = await tempDir({ "gatehouse.yaml": CONFIG_FILE });
  const env = { GATEHOUSE_PORT: "8000", GATEHOUSE_STRICT: "false" };
  const config = await loadConfig(["--config", "gatehouse.yaml"], env, dir.path);
  assert.deepEqual([config.port, config.host, config.strict], [8000, "0.0.0.0", false]);
});

Deno.test("flags override env vars and the config file", async () => {
  await using dir = await tempDir({ "gatehouse.yaml": CONFIG_FILE });
  const env = { GATEHOUSE_PORT: "8000", GATEHOUSE_ALG: "PS256" };
  const args = ["--config", "gatehouse.yaml", "--port", "9000", "--alg", "EdDSA"];
  const config = await loadConfig(args, env, dir.path);
  assert.deepEqual([config.port, config.host, config.alg], [9000, "0.0.0.0", "EdDSA"]);
});

Deno.test("GATEHOUSE_CONFIG names the config file", async () => {
  await using dir = await tempDir({ "gatehouse.yaml": CONFIG_FILE });
  const config = await loadConfig([], { GATEHOUSE_CONFIG: "gatehouse.yaml" }, dir.path);
  assert.equal(config.port, 7000);
});

Deno.test("a JSON config file is read like YAML", async () => {
  await using dir = await tempDir({ "gatehouse.json": '{"port": 7100, "require-pkce": true}' });
  const config = await loadConfig(["--config", "gatehouse.json"], {}, dir.path);
  assert.deepEqual([config.port, config.requirePkce], [7100, true]);
});

Deno.test("paths in the config file are relative to the config file", async () => {
  await using dir = await tempDir({
    "conf/gatehouse.yaml": "users: users.json\n",
    "conf/users.json": '[{"sub": "carol"}]',
  });
  const config = await loadConfig(["--config", "conf/gatehouse.yaml"], {}, dir.path);
  assert.deepEqual(config.users, [{ sub: "carol" }]);
});

Deno.test("a leading -- (from deno task start -- …) is ignored", async () => {
  const config = await loadConfig(["--", "--port", "1234"]);
  assert.equal(config.port, 1234);
});

Deno.test("serve is the default command and may be named", async () => {
  const config = await loadConfig(["serve", "--port", "0"]);
  assert.equal(config.port, 0);
});

Deno.test("--auto-login without SUB signs in the first user", async () => {
  assert.equal((await loadConfig(["--auto-login"])).autoLogin, "");
  assert.equal((await loadConfig(["--auto-login", "--port", "5"])).autoLogin, "");
});

Deno.test("--auto-login SUB signs in that user", async () => {
  assert.equal((await loadConfig(["--auto-login", "bob"])).autoLogin, "bob");
  assert.equal((await loadConfig([], { GATEHOUSE_AUTO_LOGIN: "carol" })).autoLogin, "carol");
});

Deno.test("--help and --version are commands of their own", async () => {
  assert.deepEqual(await loadCommand(["--help"], {}), { name: "help" });
  assert.deepEqual(await loadCommand(["--version"], {}), { name: "version" });
});

Deno.test("healthcheck probes /health on the configured port by default", async () => {
  const url = (port: string, scheme = "http", caDir: string | null = null) => ({
    name: "healthcheck",
    url: `${scheme}://127.0.0.1:${port}/health`,
    caDir,
  });
  assert.deepEqual(await loadCommand(["healthcheck"], {}), url("9400"));
  assert.deepEqual(await loadCommand(["healthcheck"], { GATEHOUSE_PORT: "1234" }), url("1234"));
  assert.deepEqual(await loadCommand(["--", "healthcheck"], {}), url("9400"));
  assert.deepEqual(
    await loadCommand(["healthcheck"], { GATEHOUSE_TLS: "true", GATEHOUSE_TLS_CA_DIR: "/ca" }),
    url("9400", "https", "/ca"),
  );
});

Deno.test("healthcheck --url probes the given URL", async () => {
  const command = await loadCommand(["healthcheck", "--url", "http://op.test/health"], {});
  assert.deepEqual(command, { name: "healthcheck", url: "http://op.test/health", caDir: null });
});

Deno.test("healthcheck reads --port, --host, --config and env vars as serve does", async () => {
  await using dir = await tempDir({ "conf/gatehouse.yaml": "port: 7001\nhost: 0.0.0.0\n" });
  const check = async (args: string[], env: Record<string, string> = {}) =>
    ((await loadCommand(["healthcheck", ...args], env, dir.path)) as { url: string }).url;
  assert.equal(await check(["--port", "9401"]), "http://127.0.0.1:9401/health");
  assert.equal(await check(["--config", "conf/gatehouse.yaml"]), "http://127.0.0.1:7001/health");
  const env = { GATEHOUSE_CONFIG: "conf/gatehouse.yaml", GATEHOUSE_PORT: "7002" };
  assert.equal(await check([], env), "http://127.0.0.1:7002/health");
  assert.equal(await check(["--host", "::", "--port", "5"]), "http://[::1]:5/health");
  assert.equal(
    await check(["--host", "localhost", "--users", "x.yaml"]),
    "http://localhost:9400/health",
  );
  assert.equal(
    await check(["--port", "1", "--url", "http://op.test/health"]),
    "http://op.test/health",
  );
  assert.deepEqual(await problemsOf(["healthcheck", "--port", "x"], {}, dir.path), [
    { source: "--port", message: 'expected an integer from 0 to 65535, got "x"' },
  ]);
});

Deno.test("healthcheck rejects an unknown flag", async () => {
  assert.deepEqual(await problemsOf(["healthcheck", "--bogus"]), [
    { source: "healthcheck", message: 'unknown flag "--bogus"; run with --help to see the flags' },
  ]);
});

Deno.test("GATEHOUSE_USERS takes inline YAML", async () => {
  const env = { GATEHOUSE_USERS: "- sub: alice\n  groups: [admins]\n- sub: bob\n" };
  const config = await loadConfig([], env);
  assert.deepEqual(config.users, [{ sub: "alice", groups: ["admins"] }, { sub: "bob" }]);
});

Deno.test("GATEHOUSE_USERS takes an inline JSON map keyed by sub", async () => {
  const config = await loadConfig([], { GATEHOUSE_USERS: '{"alice": {"name": "Alice"}}' });
  assert.deepEqual(config.users, [{ name: "Alice", sub: "alice" }]);
});

Deno.test("GATEHOUSE_USER takes a comma-separated list of subs", async () => {
  const config = await loadConfig([], { GATEHOUSE_USER: "alice, bob" });
  assert.deepEqual(config.users, [{ sub: "alice" }, { sub: "bob" }]);
});

Deno.test("durations accept seconds and s, m, h, d units", async () => {
  const args = ["--access-token-ttl", "90s", "--code-ttl", "2m", "--session-ttl", "7d"];
  const config = await loadConfig([...args, "--id-token-ttl", "300"]);
  assert.deepEqual(
    [config.ttl.accessToken, config.ttl.code, config.ttl.session, config.ttl.idToken],
    [90, 120, 7 * 86400, 300],
  );
});

Deno.test("the issuer loses its trailing slash and keeps its path", async () => {
  const config = await loadConfig(["--issuer", "http://localhost:9400/realms/dev/"]);
  assert.equal(config.issuer, "http://localhost:9400/realms/dev");
});

Deno.test("defaultConfig() is the flag table's defaults", async () => {
  const { defaultConfig } = await import("../../src/config/schema.ts");
  assert.deepEqual(defaultConfig(), {
    host: "127.0.0.1",
    port: 9400,
    issuer: null,
    backchannelUrl: null,
    backchannelDynamic: false,
    trustProxy: false,
    users: [],
    clients: [],
    registrationToken: null,
    requireRegistration: false,
    requireNonce: false,
    requirePkce: false,
    strict: false,
    trustedIssuers: [],
    dpopNonce: false,
    strictAll: false,
    idTokenClaims: "default",
    allowPasswordGrant: false,
    autoLogin: null,
    kv: ":memory:",
    signingKeys: null,
    alg: "RS256",
    crypto: "auto",
    ttl: {
      accessToken: 3600,
      idToken: 3600,
      refreshToken: 14 * 86400,
      refreshTokenAbsolute: 30 * 86400,
      code: 60,
      deviceCode: 600,
      session: 86400,
    },
    adminToken: null,
    logFormat: "text",
    profile: null,
    tenants: null,
    tls: false,
    tlsCaDir: null,
    tlsSan: [],
    tlsCert: null,
    tlsKey: null,
    resources: [],
  });
});

Deno.test("a config file's kv path is relative to the config file; a flag's to the cwd", async () => {
  await using dir = await tempDir({ "conf/gatehouse.yaml": "kv: ./data/gatehouse.kv\n" });
  const fromFile = await loadConfig(["--config", "conf/gatehouse.yaml"], {}, dir.path);
  assert.equal(fromFile.kv, `${dir.path}/conf/data/gatehouse.kv`);
  const fromFlag = await loadConfig(["--kv", "x.kv"], {}, dir.path);
  assert.equal(fromFlag.kv, `${dir.path}/x.kv`);
  const kept = await loadConfig(["--kv", "https://kv.example/db"], { GATEHOUSE_KV: ":memory:" });
  assert.equal(kept.kv, "https://kv.example/db");
});
