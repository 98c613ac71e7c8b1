import { parseArgs } from "node:util";
import { dirname, isAbsolute, join } from "node:path";
import { envName, FLAGS } from "./flags.ts";
import { type ConfigProblem, parseYaml, typeName } from "./problems.ts";

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
export function readFlags(argv: string[], cwd: string) {
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

/** Settings from `GATEHOUSE_*` env vars. */
export function readEnv(env: Record<string, string>, cwd: string): Map<string, Setting> {
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

/** Settings from the `--config` file (YAML or JSON), keyed by flag name. */
export function readConfigFile(setting: Setting, problems: ConfigProblem[]): Map<string, Setting> {
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

/** `path` relative to `baseDir` unless absolute. */
export function resolvePath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : join(baseDir, path);
}

/** A file's text, or null with a problem naming the setting and the reason. */
export function readText(path: string, source: string, problems: ConfigProblem[]): string | null {
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
