import type { Deps } from "../../deps.ts";

/** The most dynamically registered clients kept: registration is open to anyone by default. */
export const MAX_DYNAMIC_CLIENTS = 1000;

/**
 * Makes room for one more dynamic registration: at `max` dynamic clients, the oldest ones go
 * (their grants revoked first, as `DELETE /register/{id}` does), each with a warning in the log.
 * Static clients and ones from Client ID Metadata Documents are never removed.
 * @see RFC 7591 §3 (a server may limit registrations)
 */
export async function makeRoomForClient(
  deps: Pick<Deps, "store" | "clock" | "log">,
  max = MAX_DYNAMIC_CLIENTS,
): Promise<void> {
  const dynamic = (await deps.store.listClients()).filter((c) => c.origin === "dynamic");
  if (dynamic.length < max) return;
  dynamic.sort((a, b) => (a.client_id_issued_at ?? 0) - (b.client_id_issued_at ?? 0));
  for (const client of dynamic.slice(0, dynamic.length - max + 1)) {
    await deps.store.revokeClientGrants(client.client_id, deps.clock.now());
    await deps.store.deleteClient(client.client_id);
    deps.log.warn("dynamic registration limit reached: removed the oldest registered client", {
      client_id: client.client_id,
      limit: max,
    });
  }
}
