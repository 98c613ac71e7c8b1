import { parseArgs } from "node:util";
import { dirname, isAbsolute, join } from "node:path";
import { SIGNING_ALGS, type SigningAlg, type User } from "../types.ts";
import { envName, FLAGS, type FlagSpec } from "./flags.ts";
import {
  ConfigError,
  type ConfigProblem,
  loadYamlParser,
  parseYaml,
  typeName,
} from "./problems.ts";
import { type Config, defaultConfig } from "./schema.ts";
import { duplicateSubs, usersFromDocument } from "./users.ts";
import { durationSeconds } from "./duration.ts";

/** A raw setting and where it came from (for error messages). */
interface Setting {
  value: unknown;
  source: string;
  /** Directory relative file paths are resolved against. */
  baseDir: string;
  kind: "flag" | "env" | "file";
}

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

function unknownFlagMessage(err: unknown): string {
  const msg = (err as Error).message;
  const flag = msg.match(/Unknown option '([^']+)'/)?.[1];
  if (flag) return `unknown flag "${flag}"; run with --help to see the flags`;
  return msg.split(". ")[0];
}

function readFlags(argv: string[], cwd: string) {
  const problems: ConfigProblem[] = [];
  const flags = new Map<string, Setting>();
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {
    help: { type: "boolean" },
    version: { type: "boolean" },
  };
  for (const f of FLAGS) {
    const type = f.kind === "boolean" ? "boolean" : "string";
    options[f.name] = { type, multiple: f.kind === "list" };
    if (f.alias) options[f.alias] = { type };
  }
  // `--auto-login` takes an optional SUB: a bare flag means "the first user".
  const normalized = argv.map((a, i) =>
    a === "--auto-login" && (i + 1 >= argv.length || argv[i + 1].startsWith("-"))
      ? "--auto-login="
      : a
  );
  const parsed = parseArgs({
    args: normalized,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== "option") continue;
    const spec = options[token.name];
    if (!spec) {
      problems.push({
        source: "command line",
        message: `unknown flag "${token.rawName}"; run with --help to see the flags`,
      });
    } else if (spec.type === "string" && token.value === undefined) {
      problems.push({ source: token.rawName, message: "expected a value after the flag" });
    } else if (spec.type === "boolean" && token.value !== undefined && token.inlineValue) {
      problems.push({ source: token.rawName, message: "takes no value" });
    }
  }
  for (const f of FLAGS) {
    const value = parsed.values[f.name] ?? (f.alias ? parsed.values[f.alias] : undefined);
    if (value !== undefined && !(f.kind !== "boolean" && value === true)) {
      const used = parsed.values[f.name] !== undefined ? f.name : f.alias;
      flags.set(f.name, { value, source: `--${used}`, baseDir: cwd, kind: "flag" });
    }
  }
  const meta = { help: parsed.values.help === true, version: parsed.values.version === true };
  return { flags, problems, positionals: parsed.positionals, meta };
}

function readEnv(env: Record<string, string>, cwd: string): Map<string, Setting> {
  const settings = new Map<string, Setting>();
  for (const f of FLAGS) {
    const name = envName(f.name);
    const value = env[name];
    if (value !== undefined && value !== "") {
      settings.set(f.name, { value, source: name, baseDir: cwd, kind: "env" });
    }
  }
  return settings;
}

function readConfigFile(setting: Setting, problems: ConfigProblem[]): Map<string, Setting> {
  const settings = new Map<string, Setting>();
  const path = resolvePath(String(setting.value), setting.baseDir);
  const text = readText(path, setting.source, problems);
  if (text === null) return settings;
  const parsed = parseYaml(text);
  const file = String(setting.value);
  if (!parsed.ok) {
    problems.push({ source: file, message: parsed.error });
    return settings;
  }
  const doc = parsed.value ?? {};
  if (typeof doc !== "object" || Array.isArray(doc)) {
    problems.push({
      source: file,
      message: `expected an object of settings, got ${typeName(doc)}`,
    });
    return settings;
  }
  const known = new Set(FLAGS.map((f) => f.name).filter((n) => n !== "config"));
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const name = key === "user-claims-file" ? "users" : key;
    if (!known.has(name)) {
      problems.push({
        source: file,
        message: `${key}: unknown setting; expected one of the flag names`,
      });
      continue;
    }
    settings.set(name, { value, source: `${file}: ${key}`, baseDir: dirname(path), kind: "file" });
  }
  return settings;
}

function resolvePath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : join(baseDir, path);
}

function readText(path: string, source: string, problems: ConfigProblem[]): string | null {
  try {
    return Deno.readTextFileSync(path);
  } catch (err) {
    const reason = err instanceof Deno.errors.NotFound
      ? "no such file"
      : err instanceof Deno.errors.IsADirectory
      ? "it is a directory"
      : (err as Error).message;
    problems.push({ source, message: `cannot read "${path}": ${reason}` });
    return null;
  }
}

type Pick = (name: string) => Setting | undefined;

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

function parsePort(s: Setting, add: (src: string, m: string) => void): number | undefined {
  const text = String(s.value);
  const n = Number(text);
  if (/^\d+$/.test(text) && n <= 65535) return n;
  add(s.source, `expected an integer from 0 to 65535, got "${text}"`);
  return undefined;
}

function parseIssuer(s: Setting, add: (src: string, m: string) => void): string | null {
  const text = String(s.value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    add(s.source, `expected an absolute http(s) URL, got "${text}"`);
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    add(s.source, `expected an absolute http(s) URL, got "${text}"`);
  } else if (url.search || text.includes("?")) {
    add(s.source, `the issuer must not have a query, got "${text}"`);
  } else if (url.hash || text.includes("#")) {
    add(s.source, `the issuer must not have a fragment, got "${text}"`);
  } else {
    return url.href.replace(/\/+$/, "");
  }
  return null;
}

/** `--backchannel-url`: an origin only, because every endpoint keeps the issuer's path. */
function parseOrigin(s: Setting, add: (src: string, m: string) => void): string | null {
  const text = String(s.value);
  const expected = "expected an origin such as http://gatehouse:9400 (no path, query or fragment)";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    add(s.source, `${expected}, got "${text}"`);
    return null;
  }
  const bare = url.pathname === "/" && !url.search && !url.hash && !/[?#]/.test(text);
  if ((url.protocol === "http:" || url.protocol === "https:") && bare && !url.username) {
    return url.origin;
  }
  add(s.source, `${expected}, got "${text}"`);
  return null;
}

function parseBool(s: Setting, add: (src: string, m: string) => void): boolean {
  if (typeof s.value === "boolean") return s.value;
  const text = String(s.value).toLowerCase();
  if (["1", "true", "yes", "on"].includes(text)) return true;
  if (["0", "false", "no", "off"].includes(text)) return false;
  add(s.source, `expected true or false, got "${s.value}"`);
  return false;
}

function parseDuration(s: Setting, add: (src: string, m: string) => void): number | undefined {
  const seconds = durationSeconds(s.value);
  if (seconds !== undefined) return seconds;
  add(s.source, `expected a positive duration such as 300, 90s, 15m, 1h or 7d, got "${s.value}"`);
  return undefined;
}

/**
 * A file path, or inline YAML/JSON (from an env var or the config file), parsed to a document.
 */
function loadDocument(
  s: Setting | undefined,
  problems: ConfigProblem[],
): { doc: unknown; source: string } | null {
  if (!s) return null;
  if (typeof s.value !== "string") return { doc: s.value, source: s.source };
  const inline = s.kind !== "flag" && /^\s*[[{-]|\n/.test(s.value);
  const source = inline ? s.source : String(s.value);
  const text = inline ? s.value : readText(resolvePath(s.value, s.baseDir), s.source, problems);
  if (text === null) return null;
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    problems.push({ source, message: parsed.error });
    return null;
  }
  return { doc: parsed.value, source };
}

async function loadClients(s: Setting | undefined, config: Config, problems: ConfigProblem[]) {
  const loaded = loadDocument(s, problems);
  if (!loaded) return [];
  // Client validation shares the registration code, and with it the grants and jose: load it
  // only when there are clients to read.
  const { clientsFromDocument } = await import("./clients.ts");
  const result = await clientsFromDocument(loaded.doc, loaded.source, config);
  problems.push(...result.problems);
  return result.clients;
}

function loadUsers(pick: Pick, problems: ConfigProblem[]): User[] {
  const entries: { user: User; source: string; path?: string }[] = [];
  const fromDoc = loadDocument(pick("users"), problems);
  if (fromDoc) {
    const { users, paths, problems: p } = usersFromDocument(fromDoc.doc, fromDoc.source);
    problems.push(...p);
    users.forEach((user, i) => entries.push({ user, source: fromDoc.source, path: paths[i] }));
  }
  for (const sub of listValues(pick("user"))) {
    entries.push({ user: { sub: sub.value }, source: sub.source });
  }
  for (const item of listValues(pick("user-claims"))) {
    const parsed = parseYaml(item.value);
    const doc = parsed.ok ? parsed.value : undefined;
    if (!parsed.ok || typeof doc !== "object" || doc === null) {
      const why = parsed.ok ? `got ${typeName(doc)}` : parsed.error;
      problems.push({ source: item.source, message: `expected a JSON object of claims: ${why}` });
      continue;
    }
    const list = Array.isArray(doc) ? doc : [doc];
    const { users, problems: p } = usersFromDocument(list, item.source, "user-claims");
    problems.push(...p);
    users.forEach((user) => entries.push({ user, source: item.source }));
  }
  problems.push(...duplicateSubs(entries));
  return entries.map((e) => e.user);
}

function listValues(s: Setting | undefined): { value: string; source: string }[] {
  if (!s) return [];
  const values = Array.isArray(s.value)
    ? s.value
    : s.kind === "env" && typeof s.value === "string" && !/^[[{]/.test(s.value.trim())
    ? s.value.split(",").map((v) => v.trim()).filter(Boolean)
    : [s.value];
  return values.map((v) => ({
    value: typeof v === "string" ? v : JSON.stringify(v),
    source: s.source,
  }));
}

async function loadSigningKeys(s: Setting, alg: SigningAlg, problems: ConfigProblem[]) {
  const path = resolvePath(String(s.value), s.baseDir);
  const text = readText(path, s.source, problems);
  if (text === null) return null;
  try {
    const { parseSigningKeys } = await import("../crypto/key_file.ts");
    const keys = await parseSigningKeys(text, alg);
    // Without a key for the configured alg nothing could be signed; say so before listening.
    if (!keys.some((k) => k.alg === alg)) {
      const held = [...new Set(keys.map((k) => k.alg))].join(", ");
      const message = `holds no ${alg} key (it holds ${held}); set --alg to match`;
      problems.push({ source: String(s.value), message });
      return null;
    }
    return keys;
  } catch (err) {
    problems.push({ source: String(s.value), message: (err as Error).message });
    return null;
  }
}

export type { FlagSpec };
