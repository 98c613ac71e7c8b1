import { parseArgs } from "node:util";
import { dirname } from "node:path";
import { readText, resolvePath } from "./files.ts";
import { FLAGS } from "./flags.ts";
import { type ConfigProblem, loadYamlParser, parseDocument, typeName } from "./problems.ts";

/** A raw setting and where it came from (for error messages). */
export interface Setting {
  value: unknown;
  source: string;
  /** Directory relative file paths are resolved against. */
  baseDir: string;
  kind: "flag" | "env" | "file";
}

/** The winning setting for a flag name, by precedence. */
export type Pick = (name: string) => Setting | undefined;

/** The message for a parseArgs error: an unknown flag named, else its first sentence. */
export function unknownFlagMessage(err: unknown): string {
  const msg = (err as Error).message;
  const flag = msg.match(/Unknown option '([^']+)'/)?.[1];
  if (flag) return `unknown flag "${flag}"; run with --help to see the flags`;
  return msg.split(". ")[0];
}

/** Settings from the command line (flag > env > file), and the problems parsing found. */
export function readFlags(argv: string[], cwd: string, extra: string[] = []) {
  const problems: ConfigProblem[] = [];
  const flags = new Map<string, Setting>();
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {
    help: { type: "boolean" },
    version: { type: "boolean" },
  };
  for (const name of extra) options[name] = { type: "string" };
  for (const f of FLAGS) {
    const type = f.parser.arg === "flag" ? "boolean" : "string";
    options[f.name] = { type, multiple: f.parser.arg === "list" };
    if (f.alias) options[f.alias] = { type };
  }
  // A flag with an optional value (`--auto-login [SUB]`) given bare means "no value".
  const optional = new Set(
    FLAGS.filter((f) => f.parser.arg === "optional").map((f) => `--${f.name}`),
  );
  const normalized = argv.map((a, i) =>
    optional.has(a) && (i + 1 >= argv.length || argv[i + 1].startsWith("-")) ? `${a}=` : a
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
    if (value !== undefined && !(f.parser.arg !== "flag" && value === true)) {
      const used = parsed.values[f.name] !== undefined ? f.name : f.alias;
      flags.set(f.name, { value, source: `--${used}`, baseDir: cwd, kind: "flag" });
    }
  }
  const meta = {
    help: parsed.values.help === true,
    version: parsed.values.version === true,
    extra: Object.fromEntries(
      extra.map((name) => [name, parsed.values[name] as string | undefined]),
    ),
  };
  return { flags, problems, positionals: parsed.positionals, meta };
}

/** Settings from `GATEHOUSE_*` env vars. */
export function readEnv(env: Record<string, string>, cwd: string): Map<string, Setting> {
  const settings = new Map<string, Setting>();
  for (const f of FLAGS) {
    const value = env[f.env];
    if (value !== undefined && value !== "") {
      settings.set(f.name, { value, source: f.env, baseDir: cwd, kind: "env" });
    }
  }
  return settings;
}

/** Settings from the `--config` file (YAML or JSON), keyed by flag name. */
export function readConfigFile(setting: Setting, problems: ConfigProblem[]): Map<string, Setting> {
  const settings = new Map<string, Setting>();
  const path = resolvePath(String(setting.value), setting.baseDir);
  const text = readText(path, setting.source, problems);
  if (text === null) return settings;
  const parsed = parseDocument(text);
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
  const keys = new Map<string, string>();
  for (const f of FLAGS) {
    if (f.key) keys.set(f.key, f.name);
    if (f.key && f.alias) keys.set(f.alias, f.name);
  }
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const name = keys.get(key);
    if (!name) {
      const near = closest(key, [...keys.keys()]);
      const hint = near ? `did you mean "${near}"?` : "expected one of the flag names";
      problems.push({ source: file, message: `${key}: unknown setting; ${hint}` });
      continue;
    }
    settings.set(name, { value, source: `${file}: ${key}`, baseDir: dirname(path), kind: "file" });
  }
  return settings;
}

/** The candidate within a small edit distance of `word` (a typo), if any. */
export function closest(word: string, candidates: string[]): string | undefined {
  const scored = candidates.map((c) => [c, editDistance(word, c)] as const)
    .filter(([c, d]) => d <= Math.max(2, Math.floor(c.length / 4)))
    .sort((a, b) => a[1] - b[1]);
  return scored[0]?.[0];
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const swap = a[i - 1] === b[j - 1] ? 0 : 1;
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + swap);
    }
    row = next;
  }
  return row[b.length];
}

/** The winning setting per flag: the command line's, else the env var's, else the config file's. */
export async function settings(
  flags: Map<string, Setting>,
  env: Record<string, string>,
  cwd: string,
  problems: ConfigProblem[],
): Promise<Pick> {
  const envSettings = readEnv(env, cwd);
  const configPath = flags.get("config") ?? envSettings.get("config");
  if (configPath) await loadYamlParser();
  const fileSettings = configPath ? readConfigFile(configPath, problems) : new Map();
  return (name) => flags.get(name) ?? envSettings.get(name) ?? fileSettings.get(name);
}
