import { FLAGS } from "./config/flags.ts";
import { loadCommand } from "./config/load.ts";
import { ConfigError } from "./config/problems.ts";
import type { Config } from "./config/schema.ts";
import { startServer } from "./server.ts";
import { withTryClient } from "./try_request.ts";
import { VERSION } from "./version.ts";

/** Runs the `gatehouse` command line; resolves to the exit code (or never, while serving). */
export async function runCli(args: string[]): Promise<number> {
  let command;
  try {
    command = await loadCommand(args);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  switch (command.name) {
    case "help":
      console.log(helpText());
      return 0;
    case "version":
      console.log(`gatehouse ${VERSION}`);
      return 0;
    case "healthcheck":
      return await healthcheck(command.url, command.caDir);
    case "ca": {
      const { printCa } = await import("./tls/commands.ts");
      await printCa(command.caDir, (l) => console.log(l));
      return 0;
    }
    case "serve": {
      // The handlers go in before the server starts: a supervisor may stop it as soon as the
      // banner appears, and the banner is printed during start-up.
      const running: { server?: Awaited<ReturnType<typeof startServer>> } = {};
      const stop = async () => {
        await running.server?.close();
        Deno.exit(0);
      };
      Deno.addSignalListener("SIGINT", stop);
      if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", stop);
      // The banner's try URL must work in every mode, so strictness may add its client.
      const config = await withTryClient(command.config);
      try {
        running.server = await startServer(config, { print: (l) => console.log(l) });
      } catch (err) {
        // Some configuration can only be checked while starting (`--crypto openssl`, a
        // --tls-cert and --tls-key that do not belong together).
        const why = err instanceof ConfigError ? err.message : listenError(err, command.config);
        if (!why) throw err;
        console.error(why);
        return 2;
      }
      return await new Promise<number>(() => {});
    }
  }
}

/** One line for an address Gatehouse cannot listen on; null for any other error. */
function listenError(err: unknown, config: Config): string | null {
  const where = `${config.host}:${config.port}`;
  if (err instanceof Deno.errors.AddrInUse) {
    return `Cannot listen on ${where}: port ${config.port} is in use; ` +
      "choose another with --port N, or --port 0 for a free one";
  }
  if (err instanceof Deno.errors.AddrNotAvailable) {
    return `Cannot listen on ${where}: no such address on this machine; check --host`;
  }
  if (err instanceof Deno.errors.PermissionDenied || err instanceof Deno.errors.NotCapable) {
    return `Cannot listen on ${where}: ${(err as Error).message}`;
  }
  return null;
}

/** Exits 0 when `/health` answers 200, else 1 with a one-line reason. */
async function healthcheck(url: string, caDir: string | null): Promise<number> {
  const client = url.startsWith("https:")
    ? await (await import("./tls/commands.ts")).clientTrustingCa(caDir)
    : null;
  try {
    const res = await fetch(url, {
      signal: AbortSignal.timeout(5000),
      client: client ?? undefined,
    });
    await res.body?.cancel();
    if (res.status === 200) {
      console.log(`healthy: ${url} answered 200`);
      return 0;
    }
    console.error(`unhealthy: ${url} answered ${res.status}`);
  } catch (err) {
    const reason = err instanceof TypeError ? "connection failed" : (err as Error).message;
    console.error(`unhealthy: ${url}: ${reason}`);
  } finally {
    client?.close();
  }
  return 1;
}

/** `--help`: the commands and every flag with its placeholder, env var and default. */
export function helpText(): string {
  const rows = FLAGS.map((f) => {
    const name = `--${f.name}${f.placeholder ? ` ${f.placeholder}` : ""}`;
    const shown = f.defaultText ?? f.default;
    const notes = [
      `env ${f.env}`,
      shown && `default ${shown}`,
      f.parser.arg === "list" && "repeatable",
      f.alias && `alias --${f.alias}`,
    ].filter(Boolean).join("; ");
    return `  ${name.padEnd(34)} ${f.doc.replaceAll("`", "")}\n  ${"".padEnd(34)} ${notes}`;
  });
  return [
    `gatehouse ${VERSION}: an OpenID Connect provider for development, testing and CI`,
    "",
    "Usage:",
    "  gatehouse [serve] [flags]           run the provider",
    "  gatehouse healthcheck [--url URL]   exit 0 when /health answers 200 (the URL from",
    "                                      --url, else --host/--port of the flags, env, --config)",
    "  gatehouse ca [--tls-ca-dir DIR]     print the local CA's certificate path and PEM (creates it)",
    "  gatehouse --help | --version",
    "",
    "Flags (precedence: flag > env var > --config file > default):",
    ...rows,
  ].join("\n");
}
