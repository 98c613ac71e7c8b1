/**
 * Gatehouse as a library: run a standards-correct OpenID Connect provider inside your tests.
 *
 * @example
 * ```ts
 * import { startProvider } from "./mod.ts";
 * await using op = await startProvider({ users: [{ sub: "alice", email: "alice@example.com" }] });
 * const discovery = await fetch(`${op.issuer}/.well-known/openid-configuration`);
 * ```
 * @module
 */
import { type Config, defaultConfig } from "./src/config/schema.ts";
import { startServer } from "./src/server.ts";

export type { Config } from "./src/config/schema.ts";
export type { User } from "./src/types.ts";

/** Options for {@link startProvider}: any configuration field, with port 0 by default. */
export type ProviderOptions = Partial<Config>;

/** A provider running on a local port. */
export interface RunningProvider extends AsyncDisposable {
  /** Where it listens, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The issuer (`http://localhost:<port>` unless configured). */
  issuer: string;
  /** Stops the server and closes storage. */
  close(): Promise<void>;
}

/**
 * Starts a provider on 127.0.0.1 (port 0, a free port, by default) with in-memory storage.
 *
 * @example
 * ```ts
 * await using op = await startProvider({ users: [{ sub: "alice" }] });
 * console.log(op.issuer);
 * ```
 */
export async function startProvider(options: ProviderOptions = {}): Promise<RunningProvider> {
  const config: Config = { ...defaultConfig(), port: 0, ...options };
  const server = await startServer(config);
  return {
    url: server.url,
    issuer: server.issuer,
    close: () => server.close(),
    [Symbol.asyncDispose]: () => server.close(),
  };
}
