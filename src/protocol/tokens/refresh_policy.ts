import type { Deps } from "../../deps.ts";
import { ctx } from "../clients/resolve.ts";
import { isEnforced, RULES } from "../rules.ts";
import type { Client } from "../../types.ts";

/**
 * Whether a refresh token goes with this grant: the client must be allowed the refresh_token
 * grant, and an OpenID request needs `offline_access` under `--strict` (OIDC Core §11).
 */
export function mayRefresh(
  deps: Pick<Deps, "config" | "warnings" | "clock">,
  client: Client,
  scopes: string[],
): boolean {
  if (!client.grant_types.includes("refresh_token")) return false;
  if (!scopes.includes("openid") || scopes.includes("offline_access")) return true;
  return !isEnforced(
    ctx(deps, client.client_id),
    RULES.refresh_offline_access,
    "the scope has no offline_access",
  );
}
