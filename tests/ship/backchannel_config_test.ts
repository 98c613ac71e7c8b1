import assert from "node:assert/strict";
import { loadCommand } from "../../src/config/load.ts";
import { ConfigError } from "../../src/config/problems.ts";
import type { Config } from "../../src/config/schema.ts";

async function serveConfig(args: string[], env: Record<string, string> = {}): Promise<Config> {
  const command = await loadCommand(args, env, "/");
  assert.equal(command.name, "serve");
  return command.config;
}

async function problems(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const err = await loadCommand(args, env, "/").then(() => null, (e) => e);
  assert.ok(err instanceof ConfigError, "expected a ConfigError");
  return err.problems.map((p) => `${p.source}: ${p.message}`);
}

Deno.test("back-channel settings default to the issuer's origin and no trusted proxy", async () => {
  const config = await serveConfig([]);
  assert.equal(config.backchannelUrl, null);
  assert.equal(config.backchannelDynamic, false);
  assert.equal(config.trustProxy, false);
});

Deno.test("--backchannel-url keeps only the origin, from a flag or the env var", async () => {
  const flag = await serveConfig(["--backchannel-url", "http://gatehouse:9400/"]);
  assert.equal(flag.backchannelUrl, "http://gatehouse:9400");
  const env = await serveConfig([], { GATEHOUSE_BACKCHANNEL_URL: "https://op.internal:443" });
  assert.equal(env.backchannelUrl, "https://op.internal");
});

Deno.test("--backchannel-dynamic and --trust-proxy read as booleans from flags and env", async () => {
  const flags = await serveConfig(["--backchannel-dynamic", "--trust-proxy"]);
  assert.deepEqual([flags.backchannelDynamic, flags.trustProxy], [true, true]);
  const env = await serveConfig([], {
    GATEHOUSE_BACKCHANNEL_DYNAMIC: "yes",
    GATEHOUSE_TRUST_PROXY: "false",
  });
  assert.deepEqual([env.backchannelDynamic, env.trustProxy], [true, false]);
});

Deno.test("--backchannel-url rejects anything but an http(s) origin", async () => {
  const expected = "expected an origin such as http://gatehouse:9400 (no path, query or fragment)";
  for (
    const value of [
      "http://gatehouse:9400/realms",
      "ftp://gatehouse",
      "gatehouse:9400x",
      "http://a/?q",
    ]
  ) {
    assert.deepEqual(await problems(["--backchannel-url", value]), [
      `--backchannel-url: ${expected}, got "${value}"`,
    ]);
  }
});

Deno.test("--backchannel-url and --backchannel-dynamic cannot be combined", async () => {
  const found = await problems(["--backchannel-url", "http://gatehouse:9400"], {
    GATEHOUSE_BACKCHANNEL_DYNAMIC: "true",
  });
  assert.deepEqual(found, [
    "GATEHOUSE_BACKCHANNEL_DYNAMIC: cannot be combined with --backchannel-url",
  ]);
});
