import type { Deps } from "../../deps.ts";
import { isDangerousScheme } from "../authorize/redirect_uri_policy.ts";
import { invalidRequest } from "../errors.ts";
import { RULES, warningText } from "../rules.ts";

/**
 * Where the browser goes after logout: `redirect` when the client is known and the URI is its
 * own; otherwise (lenient mode, unknown client) only a link the user may follow, with `warning`.
 */
export interface PostLogoutTarget {
  url: URL;
  redirect: boolean;
  warning?: string;
}

/** The client a logout request names, and whether it proved itself (ID token or session). */
export interface LogoutClient {
  id?: string;
  /** It is the audience of a verified `id_token_hint`, or a client of the session that ends. */
  proven: boolean;
}

/**
 * Checks `post_logout_redirect_uri`: never a script, data or file URI; for a registered client
 * exactly one of its `post_logout_redirect_uris`; for an ad-hoc client that proved itself (lenient
 * mode) any http(s) URI; for an unknown client no redirect at all, only a link in lenient mode.
 * @see OpenID Connect RP-Initiated Logout 1.0 §2, §3; RFC 9700 §4.11 (open redirectors)
 */
export async function postLogoutTarget(
  deps: Pick<Deps, "config" | "store">,
  client: LogoutClient,
  uri: string,
): Promise<PostLogoutTarget | undefined> {
  const url = parseTarget(uri);
  if (!client.id) {
    throw invalidRequest(
      '"post_logout_redirect_uri" needs "id_token_hint" or "client_id" to know the client',
    );
  }
  const registered = deps.config.clients.find((c) => c.client_id === client.id) ??
    await deps.store.getClient(client.id);
  const web = url.protocol === "https:" || url.protocol === "http:";
  if (registered) {
    if (!(registered.post_logout_redirect_uris ?? []).includes(uri)) {
      throw invalidRequest(
        `"post_logout_redirect_uri" ${uri} is not registered for client "${client.id}"`,
      );
    }
    if (!web && registered.application_type !== "native") {
      throw invalidRequest(
        `"post_logout_redirect_uri" ${uri} needs a native client for its scheme`,
      );
    }
    return { url, redirect: true };
  }
  if (RULES.registration.enforced(deps.config as Deps["config"]) || !web) return undefined;
  if (client.proven) return { url, redirect: true };
  return {
    url,
    redirect: false,
    warning: `${warningText(RULES.registration, `client_id "${client.id}"`)}: ` +
      "Gatehouse does not redirect there, follow the link only if you trust it",
  };
}

function parseTarget(uri: string): URL {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw invalidRequest(`"post_logout_redirect_uri" must be an absolute URI, got "${uri}"`);
  }
  if (isDangerousScheme(url)) {
    throw invalidRequest(
      `"post_logout_redirect_uri" uses the ${url.protocol} scheme, which is never a redirect target`,
    );
  }
  return url;
}
