import type { Config } from "./config/schema.ts";
import type { ResolvedConfig } from "./deps.ts";
import { randomToken } from "./crypto/random.ts";
import { endpointsFor } from "./protocol/endpoints.ts";
import { RULES } from "./protocol/rules.ts";
import type { Client } from "./types.ts";

/** The client the banner's try URL uses when registration is required and none of yours fits. */
export const TRY_CLIENT_ID = "gatehouse-try";
/** A loopback redirect: allowed even under `--strict` (RFC 8252 §7.3). */
const TRY_REDIRECT = "http://localhost:3000/callback";

/** The banner's ready-to-paste authorization request, and how to redeem its code. */
export interface TryRequest {
  url: string;
  /** The PKCE `code_verifier` whose S256 challenge the URL carries (RFC 7636 §4.1–4.2). */
  verifier: string;
  /** A `curl` that redeems the code the redirect carries. */
  redeem: string;
  /** Which client the URL uses, and why that one. */
  client: string;
}

/** A static client that can run the code flow with a redirect URI, if any. */
function usableClient(config: Config): Client | undefined {
  return config.clients.find((c) =>
    c.grant_types.includes("authorization_code") && c.response_types.includes("code") &&
    c.redirect_uris.length > 0
  );
}

/**
 * The configuration with a public client `gatehouse-try` added when registration is enforced
 * (`--strict`, `--require-registration`) and no static client can run the code flow: the
 * banner's try URL must work in every mode. Otherwise the configuration unchanged.
 */
export async function withTryClient(config: Config): Promise<Config> {
  if (!RULES.registration.enforced(config) || usableClient(config)) return config;
  const { clientsFromDocument } = await import("./config/clients.ts");
  const doc = [{
    client_id: TRY_CLIENT_ID,
    client_name: "Gatehouse start-up banner (try URL)",
    redirect_uris: [TRY_REDIRECT],
    token_endpoint_auth_method: "none",
    grant_types: ["authorization_code"],
    response_types: ["code"],
  }];
  const { clients, problems } = await clientsFromDocument(doc, "built-in try client", config);
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join("; "));
  return { ...config, clients: [...config.clients, ...clients] };
}

/**
 * An authorization code request that works in the configured mode: PKCE S256 and a nonce
 * always (what `--strict` requires), a registered client when registration is enforced.
 */
export async function tryRequest(config: ResolvedConfig): Promise<TryRequest> {
  const client = usableClient(config);
  const clientId = client?.client_id ?? "demo";
  const redirectUri = client?.redirect_uris[0] ?? TRY_REDIRECT;
  const verifier = randomToken(32);
  // Loaded here, after listening: PKCE hashes through node:crypto (see crypto/hash.ts).
  const { s256 } = await import("./protocol/pkce.ts");
  // The issuer's own URLs: whoever pastes the banner is on the browser's side of it.
  const e = endpointsFor(config.issuer);
  const url = new URL(e.authorization);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: client?.scope ?? "openid profile email",
    state: randomToken(8),
    nonce: randomToken(8),
    code_challenge: await s256(verifier),
    code_challenge_method: "S256",
  }).toString();
  const auth = client && client.token_endpoint_auth_method !== "none"
    ? `-u '${clientId}:<its client_secret>' `
    : `-d client_id=${clientId} `;
  const redeem = `curl ${auth}-d grant_type=authorization_code -d code=<code> ` +
    `-d redirect_uri=${redirectUri} -d code_verifier=${verifier} ${e.token}`;
  const why = !client
    ? "ad hoc: lenient mode takes any client_id"
    : client.client_id === TRY_CLIENT_ID
    ? "built in: registration is required and no --clients entry runs the code flow"
    : "the first of --clients that runs the code flow";
  return { url: url.href, verifier, redeem, client: `${clientId} (${why})` };
}
