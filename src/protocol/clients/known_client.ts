import type { Deps } from "../../deps.ts";
import type { Client } from "../../types.ts";
import { adHocClient } from "./resolve.ts";
import { isMetadataDocumentId } from "./metadata_document.ts";

/**
 * A client that was already accepted once (it holds a token or sent a hint): its registration,
 * or the ad-hoc client lenient mode made for it. No rule is checked again here.
 */
export async function knownClient(
  deps: Pick<Deps, "config" | "store"> & Partial<Pick<Deps, "clientDocuments" | "clock">>,
  clientId: string,
): Promise<Client> {
  const registered = deps.config.clients.find((c) => c.client_id === clientId) ??
    await deps.store.getClient(clientId);
  if (registered) return registered;
  if (isMetadataDocumentId(clientId) && deps.clientDocuments && deps.clock) {
    // Accepted once already: a document that has since gone away still names the client.
    return await deps.clientDocuments.client(clientId, deps.clock.now())
      .catch(() => adHocClient(clientId));
  }
  return adHocClient(clientId);
}
