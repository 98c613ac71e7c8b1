/**
 * Gatehouse as a library: run a standards-correct OpenID Connect provider inside your tests.
 *
 * @example
 * ```ts
 * import { startProvider } from "./mod.ts";
 *
 * Deno.test("my app signs in", async () => {
 *   await using op = await startProvider({ users: [{ sub: "alice", email: "alice@example.com" }] });
 *   const discovery = await fetch(`${op.issuer}/.well-known/openid-configuration`);
 *   console.log((await discovery.json()).token_endpoint);
 * });
 * ```
 * @module
 */
import { createApp } from "./src/app.ts";
import type { Config } from "./src/config/schema.ts";
import { createDeps, type Deps } from "./src/deps.ts";
import { createLog, type Log } from "./src/log.ts";
import { configFromOptions, type ProviderOptions } from "./src/options.ts";
import { startServer } from "./src/server.ts";

export type { Duration, ProviderOptions } from "./src/options.ts";
export { SIGNING_ALGS, type SigningAlg, type User } from "./src/types.ts";
export { ConfigError, type ConfigProblem } from "./src/config/problems.ts";

/** A provider running on a local port. */
export interface RunningProvider extends AsyncDisposable {
  /** Where it listens, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The issuer (`http://localhost:<port>` unless configured; `https://…` with `tls`). */
  issuer: string;
  /**
   * With `tls`: the local CA's certificate file and PEM, for `Deno.createHttpClient({ caCerts })`
   * or `DENO_CERT`. Null without `tls`, or with your own `tlsCert`.
   */
  caPath: string | null;
  caCert: string | null;
  /** Stops the server and closes storage. Safe to call more than once. */
  close(): Promise<void>;
}

/** A provider answering requests in this process, without a port. */
export interface InProcessProvider extends AsyncDisposable {
  /**
   * Answers a request the way the server would; shaped like the global `fetch`, so it can be
   * given to a client library as its custom fetch. URLs must be absolute.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** The issuer (`http://localhost` unless configured). */
  issuer: string;
  /** Closes storage. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts a provider on 127.0.0.1 (port 0, a free port, by default) with in-memory storage.
 * Invalid options reject with a {@link ConfigError} listing every problem.
 *
 * @example
 * ```ts
 * import { startProvider } from "./mod.ts";
 *
 * await using op = await startProvider({
 *   users: [{ sub: "alice", email: "alice@example.com", groups: ["admins"] }],
 *   clients: [{ client_id: "app", client_secret: "s3cret", redirect_uris: ["http://localhost:3000/cb"] }],
 * });
 * const res = await fetch(`${op.issuer}/.well-known/openid-configuration`);
 * ```
 */
export async function startProvider(options: ProviderOptions = {}): Promise<RunningProvider> {
  const config = await configFromOptions({ ...options, port: options.port ?? 0 }, "startProvider");
  const server = await startServer(config, { deps: { log: logFor(config, options) } });
  await readyOrClose(server.deps, () => server.close());
  const close = once(() => server.close());
  return {
    url: server.url,
    issuer: server.issuer,
    caPath: server.caPath,
    caCert: server.deps.config.trustedCaPem ?? null,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * Builds a provider that answers requests in this process, without listening: for tests that
 * hand its `fetch` to the code under test. The issuer defaults to `http://localhost`.
 *
 * @example
 * ```ts
 * import { createProvider } from "./mod.ts";
 *
 * await using op = await createProvider({ issuer: "https://op.test", users: [{ sub: "alice" }] });
 * const res = await op.fetch("https://op.test/.well-known/openid-configuration");
 * console.log((await res.json()).issuer); // https://op.test
 * ```
 */
export async function createProvider(options: ProviderOptions = {}): Promise<InProcessProvider> {
  const config = await configFromOptions(options, "createProvider");
  const issuer = config.issuer ?? "http://localhost";
  const deps = await createDeps({ ...config, issuer }, { log: logFor(config, options) });
  const close = once(() => Promise.resolve(deps.store.close()));
  await readyOrClose(deps, close);
  const app = createApp(deps);
  return {
    issuer,
    fetch: async (input, init) => await app.fetch(new Request(input, init)),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * The library's log: by default only warnings (what a production OP would reject), to stderr;
 * the request log only when asked for (`log: true`, or a function that takes every line).
 */
function logFor(config: Config, options: ProviderOptions): Log {
  if (options.log === false) return { info: () => {}, warn: () => {} };
  if (options.log === true) return createLog(config.logFormat);
  if (options.log) return createLog(config.logFormat, options.log);
  const warnings = createLog(config.logFormat);
  return { info: () => {}, warn: warnings.warn };
}

/** Surfaces a broken signing key now rather than at the first token request. */
async function readyOrClose(deps: Deps, close: () => Promise<void>): Promise<void> {
  try {
    await deps.keys.ready();
  } catch (err) {
    await close();
    throw err;
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => done ??= fn();
}
