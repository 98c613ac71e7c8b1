import { parseArgs } from "node:util";
import { envName, FLAGS, setField } from "./flags.ts";
import { healthcheckCommand } from "./healthcheck.ts";
import { ConfigError, type ConfigProblem } from "./problems.ts";
import { type Config, defaultConfig } from "./schema.ts";
import { type Pick, readFlags, type Setting, settings, unknownFlagMessage } from "./sources.ts";

/** What the command line asked for. */
export type Command =
  | { name: "serve"; config: Config }
  | { name: "healthcheck"; url: string; caDir: string | null }
  | { name: "ca"; caDir: string | null }
  | { name: "help" }
  | { name: "version" };

/**
 * Reads the command line, `GATEHOUSE_*` env vars and the config file into a Config.
 * Precedence: flag > env > config file > default. Throws ConfigError listing every problem.
 */
export async function loadCommand(
  args: string[],
  env: Record<string, string> = Deno.env.toObject(),
  cwd = Deno.cwd(),
): Promise<Command> {
  const argv = args[0] === "--" ? args.slice(1) : args;
  if (argv[0] === "healthcheck") return await healthcheckCommand(argv.slice(1), env, cwd);
  if (argv[0] === "ca") return caCommand(argv.slice(1), env);
  const { flags, problems, positionals, meta } = readFlags(argv, cwd);
  if (meta.help) return { name: "help" };
  if (meta.version) return { name: "version" };
  const extra = positionals.filter((p, i) => !(i === 0 && p === "serve"));
  if (extra.length > 0) {
    problems.push({
      source: "command line",
      message: `unexpected argument "${extra[0]}"; commands are serve, healthcheck and ca`,
    });
  }
  const pick = await settings(flags, env, cwd, problems);
  const config = await buildConfig(pick, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { name: "serve", config };
}

/** `gatehouse ca [--tls-ca-dir DIR]`: the local CA's path and PEM. */
function caCommand(argv: string[], env: Record<string, string>): Command {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { "tls-ca-dir": { type: "string" } },
      strict: true,
    });
    return { name: "ca", caDir: values["tls-ca-dir"] ?? env[envName("tls-ca-dir")] ?? null };
  } catch (err) {
    throw new ConfigError([{ source: "ca", message: unknownFlagMessage(err) }]);
  }
}

/**
 * Configuration from values already in memory (the library's options), keyed by flag name and
 * validated exactly as a config file's would be. Throws ConfigError listing every problem.
 */
export async function configFromValues(
  values: { flag: string; value: unknown; source: string }[],
  cwd = Deno.cwd(),
): Promise<Config> {
  const problems: ConfigProblem[] = [];
  const settings = new Map<string, Setting>();
  for (const { flag, value, source } of values) {
    if (value !== undefined) settings.set(flag, { value, source, baseDir: cwd, kind: "file" });
  }
  const config = await buildConfig((name) => settings.get(name), problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Every flag in table order: the setting that won, parsed into its `Config` field. */
async function buildConfig(pick: Pick, problems: ConfigProblem[]): Promise<Config> {
  const config = defaultConfig();
  const add = (source: string, message: string) => problems.push({ source, message });
  const ctx = { add, problems, pick, config };
  for (const f of FLAGS) {
    const s = pick(f.name);
    if (!f.field || (!s && !f.parser.always)) continue;
    const unset: Setting = { value: undefined, source: `--${f.name}`, baseDir: "", kind: "file" };
    const value = await f.parser.parse(s ?? unset, ctx);
    if (value !== undefined) setField(config, f.field, value);
  }
  return config;
}
