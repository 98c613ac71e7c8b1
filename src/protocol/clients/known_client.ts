import type { Deps } from "../../deps.ts";
import type { Client } from "../../types.ts";
import { adHocClient } from "./resolve.ts";

/**
 * A client that was already accepted once (it holds a token or sent a hint): its registration,
 * or the ad-hoc client lenient mode made for it. No rule is checked again here.
 */
export async function knownClient(
  deps: Pick<Deps, "config" | "store">,
  clientId: string,
): Promise<Client> {
  return deps.config.clients.find((c) => c.client_id === clientId) ??
    await deps.store.getClient(clientId) ?? adHocClient(clientId);
}
