import type { Config } from "./config/schema.ts";
import type { Deps, ResolvedConfig } from "./deps.ts";
import { earlyResponse } from "./http/early.ts";
import { banner } from "./banner.ts";
import { tryRequest } from "./try_request.ts";
import { exposureWarning, loud } from "./control/exposure.ts";
import { watchIdleMemory } from "./idle_memory.ts";

/** How long after listening the app starts loading unless a request needs it sooner. */
const APP_LOAD_DELAY_MS = 15;

/** A running provider. */
export interface RunningServer {
  /** Where it listens, e.g. http://127.0.0.1:9400. */
  url: string;
  issuer: string;
  /** The local CA's certificate file under `--tls` (null without it, or with `--tls-cert`). */
  caPath: string | null;
  deps: Deps;
  /** Stops listening and closes storage. */
  close(): Promise<void>;
}

/**
 * Listens first (so `--port 0` knows its port and the default issuer), answers discovery at
 * once, and only then loads the app, storage and keys; other requests wait for them.
 */
export async function startServer(
  config: Config,
  opts: { print?: (line: string) => void; deps?: Partial<Pick<Deps, "clock" | "store" | "log">> } =
    {},
): Promise<RunningServer> {
  let handler: (req: Request) => Response | Promise<Response> = () =>
    new Response("starting", { status: 503 });
  // The X.509 code loads only under --tls, and only when the CA directory has no usable leaf.
  const wantsTls = config.tls || config.tlsCert !== null || config.tlsKey !== null;
  const tlsModule = wantsTls ? await import("./tls/listen.ts") : null;
  const tls = tlsModule ? await tlsModule.tlsFor(config) : null;
  const server = tlsModule && tls
    ? tlsModule.serveWith(config, tls, (req) => handler(req))
    : Deno.serve(
      { hostname: config.host, port: config.port, onListen: () => {} },
      (req) => handler(req),
    );
  const addr = server.addr as Deno.NetAddr;
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
  const scheme = tls ? "https" : "http";
  const url = `${scheme}://${host}:${addr.port}`;
  const issuer = config.issuer ?? `${scheme}://localhost:${addr.port}`;
  const resolved: ResolvedConfig = {
    ...config,
    port: addr.port,
    issuer,
    trustedCaPem: tls?.caPem ?? null,
  };
  // Loading the app (Hono, jose, every route) holds the event loop for tens of milliseconds, so
  // it starts after a short idle moment: a discovery probe at start-up is answered first. Any
  // other request starts the load at once.
  let ready: ReturnType<typeof loadApp> | undefined;
  const load = () => ready ??= loadApp(resolved, opts.deps);
  handler = (req) => earlyResponse(resolved, req) ?? load().then(({ fetch }) => fetch(req));
  await new Promise((resolve) => setTimeout(resolve, APP_LOAD_DELAY_MS));
  let loaded: Awaited<ReturnType<typeof loadApp>>;
  try {
    loaded = await load();
  } catch (err) {
    await server.shutdown();
    throw err;
  }
  const { deps, fetch } = loaded;
  const idle = watchIdleMemory();
  handler = (req) => {
    idle.touch();
    return fetch(req);
  };
  if (opts.print) {
    const tlsRows = tlsModule && tls ? tlsModule.tlsBannerRows(tls.caPath, issuer) : [];
    opts.print(
      banner(resolved, url, await tryRequest(resolved), deps.keys.signer.detail, tlsRows),
    );
  }
  const exposed = exposureWarning(resolved);
  if (exposed && opts.print) opts.print(loud(exposed));
  else if (exposed) deps.log.warn(exposed);
  return {
    url,
    issuer,
    caPath: tls?.caPath ?? null,
    deps,
    async close() {
      idle.stop();
      await server.shutdown();
      // Keys still being generated in the background would write to closed storage.
      await deps.keys.allReady().catch(() => {});
      deps.store.close();
    },
  };
}

/** Imports the app after listening: its modules (Hono, jose, views) are most of start-up. */
async function loadApp(
  config: ResolvedConfig,
  given: Partial<Pick<Deps, "clock" | "store" | "log">> | undefined,
) {
  const [{ createApp }, { createDeps }] = await Promise.all([
    import("./app.ts"),
    import("./deps.ts"),
  ]);
  const deps = await createDeps(config, given);
  const app = createApp(deps);
  return { deps, fetch: (req: Request) => app.fetch(req) };
}
