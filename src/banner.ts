import type { Config } from "./config/schema.ts";
import type { ResolvedConfig } from "./deps.ts";
import { providerMetadata } from "./protocol/discovery.ts";
import { endpointsFor } from "./protocol/endpoints.ts";
import type { TryRequest } from "./try_request.ts";
import { VERSION } from "./version.ts";

/** The start-up block: every resolved URL, users, storage and strictness. */
export function banner(
  config: ResolvedConfig,
  url: string,
  trial?: TryRequest,
  signing?: string,
  tlsRows: string[][] = [],
): string {
  const e = endpointsFor(config.issuer);
  const users = config.users.map((u) => u.sub);
  const storage = config.kv === ":memory:"
    ? ":memory: (in memory; gone when the process exits)"
    : config.kv;
  const rows = [
    ["issuer", config.issuer],
    ["discovery", e.discovery],
    ...endpointRows(config),
    ["listening", url],
    ...tlsRows,
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
    ["auto-login", autoLogin(config)],
    ["inspector", `${config.issuer}/`],
    ...(trial ? tryRows(trial) : []),
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
  if (config.strictAll) return "strict=all: every rule, the recommendations too";
  if (config.strict) return "strict: every rule a production OP enforces";
  const on = [
    config.requireRegistration && "require-registration",
    config.requireNonce && "require-nonce",
    config.requirePkce && "require-pkce",
  ].filter(Boolean);
  return `lenient${on.length ? ` (${on.join(", ")})` : ""}: warnings say what a production OP ` +
    "would reject";
}

function autoLogin(config: Config): string {
  if (config.autoLogin === null) return "off: the login page asks who signs in";
  const who = config.autoLogin ? `"${config.autoLogin}"` : "the first user";
  return `on: signs in login_hint, else ${who}, without a page`;
}

/** The try URL, its PKCE verifier and the command that redeems the code. */
function tryRows(trial: TryRequest): string[][] {
  return [
    ["try", trial.url],
    ["try client", trial.client],
    ["verifier", `${trial.verifier} (the PKCE code_verifier of the try URL)`],
    ["redeem", trial.redeem],
  ];
}
