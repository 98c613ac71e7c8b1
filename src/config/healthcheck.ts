import { FLAGS } from "./flags.ts";
import { ConfigError, type ConfigProblem } from "./problems.ts";
import { defaultConfig } from "./schema.ts";
import { type Pick, readFlags, settings } from "./sources.ts";

/**
 * `gatehouse healthcheck [--url URL] [flags]`: the `/health` URL of the server that the same
 * flags, `GATEHOUSE_*` env vars and `--config` file would start. Only `--host` and `--port` are
 * read from them; the other flags are accepted so one command line serves both.
 */
export async function healthcheckCommand(
  argv: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<{ name: "healthcheck"; url: string; caDir: string | null }> {
  const { flags, problems, positionals, meta } = readFlags(argv, cwd, ["url"]);
  for (const p of problems) if (p.source === "command line") p.source = "healthcheck";
  if (positionals.length > 0) {
    problems.push({ source: "healthcheck", message: `unexpected argument "${positionals[0]}"` });
  }
  const pick = await settings(flags, env, cwd, problems);
  const url = meta.extra.url ?? healthUrl(pick, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  // Under --tls the probe is https, trusting the local CA of --tls-ca-dir (or the default).
  const caDir = pick("tls-ca-dir");
  return { name: "healthcheck", url, caDir: caDir ? String(caDir.value) : null };
}

/** `http://<host>:<port>/health`, with a wildcard listen address replaced by loopback. */
function healthUrl(pick: Pick, problems: ConfigProblem[]): string {
  const config = defaultConfig();
  const ctx = { add: (source: string, message: string) => problems.push({ source, message }) };
  const read = <T>(name: "host" | "port" | "tls", fallback: T): T => {
    const s = pick(name);
    const flag = FLAGS.find((f) => f.name === name)!;
    const value = s && flag.parser.parse(s, { ...ctx, problems, pick, config });
    return (value ?? fallback) as T;
  };
  const host = read("host", config.host);
  const port = read("port", config.port);
  const tls = read("tls", false) || pick("tls-cert") !== undefined;
  const loopback = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  const scheme = tls ? "https" : "http";
  return `${scheme}://${loopback.includes(":") ? `[${loopback}]` : loopback}:${port}/health`;
}
