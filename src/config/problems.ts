/** One thing wrong with the configuration: where it came from and what was expected. */
export interface ConfigProblem {
  /** `--port`, `GATEHOUSE_PORT`, or a file name. */
  source: string;
  message: string;
}

/** Thrown by the loader when configuration is invalid; the CLI prints each problem, exit 2. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = "ConfigError";
  }
}

/** The text printed for invalid configuration: one line per problem. */
export function formatProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((p) => `  - ${p.source}: ${p.message}`);
  const n = problems.length;
  return `Invalid configuration (${n} problem${n === 1 ? "" : "s"}):\n${lines.join("\n")}`;
}

let yaml: typeof import("npm:yaml@^2") | null = null;

/**
 * Loads the YAML parser. It is a large module, so configuration loads it only when there is
 * YAML (or JSON) text to read: a plain `gatehouse` starts without it.
 */
export async function loadYamlParser(): Promise<void> {
  yaml ??= await import("npm:yaml@^2");
}

/**
 * Parses YAML (and so JSON). On a syntax error returns its message with line and column.
 * {@link loadYamlParser} must have run.
 */
export function parseYaml(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  if (!yaml) throw new Error("parseYaml() before loadYamlParser()");
  try {
    // prettyErrors fills in `linePos`, which the message below needs.
    return { ok: true, value: yaml.parse(text, { prettyErrors: true, uniqueKeys: true }) };
  } catch (err) {
    if (err instanceof yaml.YAMLParseError) {
      const pos = err.linePos?.[0];
      const where = pos ? ` at line ${pos.line}, column ${pos.col}` : "";
      const first = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
      return { ok: false, error: `YAML syntax error${where}: ${first}` };
    }
    return { ok: false, error: `cannot parse: ${(err as Error).message}` };
  }
}

/**
 * Parses YAML or JSON text. Text that opens like JSON (`{` or `[`) and is neither valid JSON nor
 * valid YAML gets JSON's error, with its line and column: that is what its author wrote.
 */
export function parseDocument(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  const yaml = parseYaml(text);
  if (yaml.ok || !/^\s*[[{]/.test(text)) return yaml;
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const message = (err as Error).message;
    const at = message.match(/\(line (\d+) column (\d+)\)/);
    const where = at ? ` at line ${at[1]}, column ${at[2]}` : "";
    const first = message.replace(/ in JSON at position \d+.*$/, "").replace(/,? "[^]*$/, "");
    return { ok: false, error: `JSON syntax error${where}: ${first}` };
  }
}

/** Describes a JSON/YAML value's type for "expected X, got Y" messages. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}
