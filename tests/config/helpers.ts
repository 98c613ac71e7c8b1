/** Helpers for configuration tests: load a command and get its config or its problems. */
import assert from "node:assert/strict";
import { loadCommand } from "../../src/config/load.ts";
import { ConfigError, type ConfigProblem } from "../../src/config/problems.ts";
import type { Config } from "../../src/config/schema.ts";

/** Loads a `serve` command and returns its configuration. */
export async function loadConfig(
  args: string[],
  env: Record<string, string> = {},
  cwd = Deno.cwd(),
): Promise<Config> {
  const command = await loadCommand(args, env, cwd);
  assert.equal(command.name, "serve");
  return (command as { config: Config }).config;
}

/** Loads a command that must fail and returns every problem it reported. */
export async function problemsOf(
  args: string[],
  env: Record<string, string> = {},
  cwd = Deno.cwd(),
): Promise<ConfigProblem[]> {
  const error = await loadCommand(args, env, cwd).then(() => null, (err) => err);
  assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
  return error.problems;
}
