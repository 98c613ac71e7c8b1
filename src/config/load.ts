import { parseArgs } from "node:util";
import { SIGNING_ALGS, type SigningAlg } from "../types.ts";
import { loadClients, loadSigningKeys, loadUsers } from "./documents.ts";
import { envName, type FlagSpec } from "./flags.ts";
import { ConfigError, type ConfigProblem, loadYamlParser, typeName } from "./problems.ts";
import { type Config, defaultConfig } from "./schema.ts";
import {
  type Pick,
  readConfigFile,
  readEnv,
  readFlags,
  type Setting,
  unknownFlagMessage,
} from "./sources.ts";
import { parseBool, parseDuration, parseIssuer, parseOrigin, parsePort } from "./values.ts";

/** What the command line asked for. */
export type Command =
  | { name: "serve"; config: Config }
  | { name: "healthcheck"; url: string }
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
  if (argv[0] === "healthcheck") return healthcheckCommand(argv.slice(1), env);
  const { flags, problems, positionals, meta } = readFlags(argv, cwd);
  if (meta.help) return { name: "help" };
  if (meta.version) return { name: "version" };
  const extra = positionals.filter((p, i) => !(i === 0 && p === "serve"));
  if (extra.length > 0) {
    problems.push({
      source: "command line",
      message: `unexpected argument "${extra[0]}"; commands are serve and healthcheck`,
    });
  }
  const envSettings = readEnv(env, cwd);
  const configPath = flags.get("config") ?? envSettings.get("config");
  if (configPath) await loadYamlParser();
  const fileSettings = configPath ? readConfigFile(configPath, problems) : new Map();
  const pick = (name: string) => flags.get(name) ?? envSettings.get(name) ?? fileSettings.get(name);
  const config = await buildConfig(pick, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { name: "serve", config };
}

function healthcheckCommand(argv: string[], env: Record<string, string>): Command {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { url: { type: "string" } },
      strict: true,
    });
    const port = env[envName("port")] ?? "9400";
    return { name: "healthcheck", url: values.url ?? `http://127.0.0.1:${port}/health` };
  } catch (err) {
    throw new ConfigError([{ source: "healthcheck", message: unknownFlagMessage(err) }]);
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

/** Settings whose values are YAML or JSON text. */
const TEXT_SETTINGS = ["users", "clients", "user-claims"];

async function buildConfig(pick: Pick, problems: ConfigProblem[]): Promise<Config> {
  if (TEXT_SETTINGS.some((name) => pick(name) !== undefined)) await loadYamlParser();
  const config = defaultConfig();
  const add = (source: string, message: string) => problems.push({ source, message });
  const str = (name: string) => {
    const s = pick(name);
    if (!s) return undefined;
    if (typeof s.value === "string") return s.value;
    if (typeof s.value === "number") return String(s.value);
    add(s.source, `expected a string, got ${typeName(s.value)}`);
    return undefined;
  };
  config.host = str("host") ?? config.host;
  const port = pick("port");
  if (port) config.port = parsePort(port, add) ?? config.port;
  const issuer = pick("issuer");
  if (issuer) config.issuer = parseIssuer(issuer, add);
  const backchannel = pick("backchannel-url");
  if (backchannel) config.backchannelUrl = parseOrigin(backchannel, add);
  const booleans = ["require-registration", "require-nonce", "require-pkce", "strict"];
  for (const name of [...booleans, "backchannel-dynamic", "trust-proxy", "allow-password-grant"]) {
    const s = pick(name);
    const value = s ? parseBool(s, add) : false;
    const key = name.replace(/-(\w)/g, (_, c) => c.toUpperCase()) as
      | "requireRegistration"
      | "requireNonce"
      | "requirePkce"
      | "strict"
      | "backchannelDynamic"
      | "trustProxy"
      | "allowPasswordGrant";
    config[key] = value;
  }
  if (config.backchannelUrl && config.backchannelDynamic) {
    add(pick("backchannel-dynamic")!.source, "cannot be combined with --backchannel-url");
  }
  const auto = pick("auto-login");
  if (auto) config.autoLogin = auto.value === true ? "" : (str("auto-login") ?? null);
  config.kv = str("kv") ?? config.kv;
  const alg = str("alg");
  if (alg !== undefined) {
    if ((SIGNING_ALGS as readonly string[]).includes(alg)) config.alg = alg as SigningAlg;
    else add(pick("alg")!.source, `expected one of ${SIGNING_ALGS.join(", ")}, got "${alg}"`);
  }
  const ttls = [
    ["access-token-ttl", "accessToken"],
    ["id-token-ttl", "idToken"],
    ["refresh-token-ttl", "refreshToken"],
    ["refresh-token-absolute-ttl", "refreshTokenAbsolute"],
    ["code-ttl", "code"],
    ["device-code-ttl", "deviceCode"],
    ["session-ttl", "session"],
  ] as const;
  for (const [flag, key] of ttls) {
    const s = pick(flag);
    if (s) config.ttl[key] = parseDuration(s, add) ?? config.ttl[key];
  }
  config.adminToken = str("admin-token") ?? null;
  const logFormat = str("log-format");
  if (logFormat !== undefined) {
    if (logFormat === "text" || logFormat === "json") config.logFormat = logFormat;
    else add(pick("log-format")!.source, `expected text or json, got "${logFormat}"`);
  }
  config.users = loadUsers(pick, problems);
  config.registrationToken = str("registration-token") ?? null;
  const key = pick("signing-key");
  if (key) config.signingKeys = await loadSigningKeys(key, config.alg, problems);
  // After the signing keys: they decide which id_token_signed_response_alg values are usable.
  config.clients = await loadClients(pick("clients"), config, problems);
  return config;
}

export type { FlagSpec };
