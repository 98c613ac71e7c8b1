import type { Deps } from "../deps.ts";
import { seedStaticClients } from "../protocol/clients/resolve.ts";
import { type AdminState, currentStoredKeys } from "./keys.ts";

/**
 * `POST /admin/reset`: back to the start-up state. Storage is emptied (run-time users, registered
 * clients, codes, sessions, grants, tokens), the static clients are seeded again, the start-up
 * signing keys come back, the clock returns to real time, and scenarios and recent requests go.
 * Metrics are counters and keep counting.
 */
export async function resetProvider(deps: Deps, state: AdminState): Promise<void> {
  const keys = deps.config.signingKeys ? [] : state.startupKeys ?? await currentStoredKeys(deps);
  await deps.store.clear();
  for (const key of keys) await deps.store.createCurrentKey(key);
  await seedStaticClients(deps.store, deps.config.clients);
  await deps.keys.reload();
  deps.clock.reset();
  deps.scenarios.clear();
  deps.requests.clear();
  state.mintedUntil = 0;
}
