import type { Deps } from "../../deps.ts";
import type { Store } from "../../store/store.ts";
import type { Client } from "../../types.ts";
import { OAuthError } from "../errors.ts";
import { breakRule, RULES } from "../rules.ts";
import { isDangerousScheme } from "../authorize/redirect_uri_policy.ts";
import { isMetadataDocumentId } from "./metadata_document.ts";
import { matchRegisteredRedirect } from "../authorize/redirect_uri_policy.ts";

/** An unregistered client accepted in lenient mode: public unless it presents a secret. */
export function adHocClient(clientId: string, confidential = false): Client {
  return {
    client_id: clientId,
    redirect_uris: [],
    grant_types: ["authorization_code", "refresh_token", "client_credentials"],
    response_types: ["code"],
    token_endpoint_auth_method: confidential ? "client_secret_basic" : "none",
    origin: "ad-hoc",
  };
}

/** Whether the client authenticates (has a secret or keys) or is public. */
export function isPublic(client: Client): boolean {
  return client.token_endpoint_auth_method === "none";
}

/**
 * The registered client, the client a metadata document describes (an https `client_id` with a
 * path, fetched; a document that cannot be used is `invalid_client` in every mode), or an
 * ad-hoc one in lenient mode. Under `--require-registration` or
 * `--strict` an unknown client is refused with `error()`; a deleted one is refused in every mode
 * (RFC 7592 §2.3: its client_id must not be usable any more).
 */
export async function resolveClient(
  deps: Pick<Deps, "config" | "store" | "clock" | "warnings" | "clientDocuments">,
  clientId: string,
  error: (message: string) => OAuthError,
  confidential = false,
): Promise<Client> {
  // Static clients cannot change at run time (they have no registration access token), so they
  // are found in memory: no storage read on the token endpoint's hot path.
  const client = deps.config.clients.find((c) => c.client_id === clientId) ??
    await deps.store.getClient(clientId);
  if (client) return client;
  if (isMetadataDocumentId(clientId)) {
    return await deps.clientDocuments.client(clientId, deps.clock.now());
  }
  const retired = await deps.store.clientRetiredAt(clientId);
  if (retired !== null) {
    throw error(`client "${clientId}" was deleted at ${new Date(retired).toISOString()}`);
  }
  breakRule(
    ctx(deps, clientId),
    RULES.registration,
    () => error(`unknown client "${clientId}": only registered clients are accepted`),
    `client_id "${clientId}"`,
  );
  return adHocClient(clientId, confidential);
}

/**
 * Puts the static clients (`--clients`) into storage and removes static clients a previous run
 * configured but this one does not. Run at start-up, and again after storage is cleared.
 */
export async function seedStaticClients(store: Store, clients: Client[]): Promise<void> {
  const ids = new Set(clients.map((c) => c.client_id));
  for (const stale of await store.listClients()) {
    if (stale.origin === "static" && !ids.has(stale.client_id)) {
      await store.deleteClient(stale.client_id);
    }
  }
  for (const client of clients) await store.putClient(client);
}

/** Context for rule checks. */
export function ctx(deps: Pick<Deps, "config" | "warnings" | "clock">, clientId?: string) {
  return {
    config: deps.config,
    warnings: deps.warnings,
    now: deps.clock.now(),
    clientId,
  };
}

/**
 * Checks `redirect_uri` for the client: an exact match for registered clients (any port on a
 * loopback host, RFC 8252 §7.3), any absolute URI without a fragment for ad-hoc ones. Errors here
 * are never redirected (RFC 6749 §4.1.2.1).
 */
export function checkRedirectUri(
  deps: Pick<Deps, "config" | "clock" | "warnings">,
  client: Client,
  given: string | undefined,
): string {
  const page = (d: string) => new OAuthError("invalid_request", d);
  if (client.origin !== "ad-hoc") {
    if (given === undefined) {
      if (client.redirect_uris.length === 1) return client.redirect_uris[0];
      throw page('missing "redirect_uri"; the client has several registered redirect URIs');
    }
    if (!matchRegisteredRedirect(client.redirect_uris, given)) {
      throw page(
        `"redirect_uri" ${given} is not registered for client "${client.client_id}" ` +
          `(registered: ${client.redirect_uris.join(", ") || "none"})`,
      );
    }
    checkLocalhost(deps, client, new URL(given));
    return given;
  }
  if (given === undefined) throw page('missing "redirect_uri"');
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw page(`"redirect_uri" must be an absolute URI, got "${given}"`);
  }
  if (url.hash || given.includes("#")) throw page('"redirect_uri" must not contain a fragment');
  // Every mode: an error or form_post sent to such a URI would run script on our origin.
  if (isDangerousScheme(url)) {
    throw page(`"redirect_uri" uses the ${url.protocol} scheme, which is never a redirect target`);
  }
  if (!isSecureRedirect(url)) {
    breakRule(
      ctx(deps, client.client_id),
      RULES.redirect_uri_secure,
      () => page(`"redirect_uri" ${given} is neither https nor http on a loopback address`),
      given,
    );
  }
  checkLocalhost(deps, client, url);
  return given;
}

/** `localhost` resolves through DNS or the hosts file; RFC 8252 §8.3 recommends the IP literal. */
function checkLocalhost(
  deps: Pick<Deps, "config" | "clock" | "warnings">,
  client: Client,
  url: URL,
): void {
  if (url.protocol !== "http:" || url.hostname !== "localhost") return;
  breakRule(
    ctx(deps, client.client_id),
    RULES.redirect_uri_localhost,
    () =>
      new OAuthError(
        "invalid_request",
        `"redirect_uri" ${url.href} uses "localhost"; use http://127.0.0.1 or http://[::1]`,
      ),
    url.href,
  );
}

/** https, http on loopback, or a private-use scheme of a native app (RFC 8252 §7). */
export function isSecureRedirect(url: URL): boolean {
  if (url.protocol === "https:") return true;
  if (url.protocol === "http:") {
    return ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  }
  return url.protocol.includes(".");
}
