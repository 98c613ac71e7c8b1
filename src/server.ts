import type { Config } from "./config/schema.ts";
import type { Deps, ResolvedConfig } from "./deps.ts";
import { earlyResponse } from "./http/early.ts";
import { providerMetadata } from "./protocol/discovery.ts";
import { endpointsFor } from "./protocol/endpoints.ts";
import { VERSION } from "./version.ts";
import { exposureWarning, loud } from "./control/exposure.ts";

/** How long after listening the app starts loading unless a request needs it sooner. */
const APP_LOAD_DELAY_MS = 15;

/** A running provider. */
export interface RunningServer {
  /** Where it listens, e.g. http://127.0.0.1:9400. */
  url: string;
  issuer: string;
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
  const server = Deno.serve(
    { hostname: config.host, port: config.port, onListen: () => {} },
    (req) => handler(req),
  );
  const addr = server.addr as Deno.NetAddr;
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
  const url = `http://${host}:${addr.port}`;
  const issuer = config.issuer ?? `http://localhost:${addr.port}`;
  const resolved: ResolvedConfig = { ...config, port: addr.port, issuer };
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
  handler = fetch;
  opts.print?.(banner(resolved, url, deps.keys.signer.detail));
  const exposed = exposureWarning(resolved);
  if (exposed && opts.print) opts.print(loud(exposed));
  else if (exposed) deps.log.warn(exposed);
  return {
    url,
    issuer,
    deps,
    async close() {
      await server.shutdown();
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

/** The start-up block: every resolved URL, users, storage and strictness. */
export function banner(config: ResolvedConfig, url: string, signing?: string): string {
  const e = endpointsFor(config.issuer);
  const users = config.users.map((u) => u.sub);
  const example = new URL(e.authorization);
  example.search = new URLSearchParams({
    client_id: "demo",
    redirect_uri: "http://localhost:3000/callback",
    response_type: "code",
    scope: "openid profile email",
    state: "xyz",
    nonce: "abc",
  }).toString();
  const storage = config.kv === ":memory:"
    ? ":memory: (in memory; gone when the process exits)"
    : config.kv;
  const rows = [
    ["issuer", config.issuer],
    ["discovery", e.discovery],
    ...endpointRows(config),
    ["listening", url],
    [
      "users",
      users.length
        ? `${users.join(", ")} (${users.length})`
        : "none configured (any sub can sign in)",
    ],
    ["storage", storage],
    ...tenantRows(config),
    ...(signing ? [["signing", `${config.alg} by ${signing}`]] : []),
    ["strictness", strictness(config)],
    ["try", example.href],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [`Gatehouse ${VERSION}: OpenID Connect provider for development and testing`]
    .concat(rows.map(([k, v]) => `  ${k.padEnd(width)} ${v}`)).join("\n");
}

/** Every endpoint discovery lists, on the origin it lists it on, and where that comes from. */
function endpointRows(config: ResolvedConfig): string[][] {
  const dynamic = config.backchannelDynamic && !config.backchannelUrl;
  const origin = config.backchannelUrl ?? (dynamic ? "<request origin>" : undefined);
  const rows = Object.entries(providerMetadata(config, origin))
    .filter(([k, v]) => typeof v === "string" && (k.endsWith("_endpoint") || k === "jwks_uri"))
    .map(([k, v]) => [k.replace(/_endpoint$|_uri$/, ""), String(v)]);
  const proxy = config.trustProxy ? "X-Forwarded-Proto/-Host trusted" : "forwarded headers ignored";
  if (dynamic) rows.push(["back-channel", `the origin each request was sent to (${proxy})`]);
  else if (config.backchannelUrl) rows.push(["back-channel", config.backchannelUrl]);
  else if (config.trustProxy) {
    rows.push(["trust-proxy", "no effect without --backchannel-dynamic; the issuer is fixed"]);
  }
  return rows;
}

/** `--tenants`: which `/{tenant}/…` issuers there are, or that any name makes one. */
function tenantRows(config: ResolvedConfig): string[][] {
  const t = config.tenants;
  if (!t) return [];
  const names = Object.keys(t.configured);
  const listed = names.map((n) => `${config.issuer}/${n}`).join(", ");
  if (!t.auto) return [["tenants", listed]];
  const auto = `auto: ${config.issuer}/{tenant} is created on first use ([a-z0-9-]{1,63})`;
  return [["tenants", listed ? `${listed}; ${auto}` : auto]];
}

function strictness(config: Config): string {
  if (config.strict) return "strict: every rule a production OP enforces";
  const on = [
    config.requireRegistration && "require-registration",
    config.requireNonce && "require-nonce",
    config.requirePkce && "require-pkce",
  ].filter(Boolean);
  return `lenient${on.length ? ` (${on.join(", ")})` : ""}: warnings say what a production OP ` +
    "would reject";
}
