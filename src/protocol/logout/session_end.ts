import type { Deps } from "../../deps.ts";
import type { SessionRecord } from "../../store/store.ts";
import type { Client } from "../../types.ts";
import { deliverLogoutToken } from "./backchannel.ts";
import { knownClient } from "../clients/known_client.ts";

/**
 * Tells the clients of an ended session: each with a `backchannel_logout_uri` gets a logout
 * token, sent in the background so that the user never waits on a client; the front-channel
 * logout URIs to load in the user's browser are returned.
 * @see OpenID Connect Back-Channel Logout 1.0 §2.5, Front-Channel Logout 1.0 §3
 */
export async function sessionEnded(
  deps: Pick<Deps, "config" | "store" | "keys" | "clock" | "log" | "clientKeys" | "background">,
  session: SessionRecord,
): Promise<string[]> {
  const clients = await Promise.all(session.clients.map((id) => knownClient(deps, id)));
  for (const client of clients) {
    if (client.backchannel_logout_uri) {
      deps.background.run(deliverLogoutToken(deps, client, session));
    }
  }
  return clients.filter((c) => c.frontchannel_logout_uri).map((c) =>
    frontchannelUri(deps, c, session)
  );
}

/**
 * The client's front-channel logout URI, with `iss` and `sid` when it registered
 * `frontchannel_logout_session_required`.
 * @see OpenID Connect Front-Channel Logout 1.0 §2, §3
 */
export function frontchannelUri(
  deps: Pick<Deps, "config">,
  client: Client,
  session: SessionRecord,
): string {
  const url = new URL(client.frontchannel_logout_uri!);
  if (client.frontchannel_logout_session_required) {
    url.searchParams.set("iss", deps.config.issuer);
    url.searchParams.set("sid", session.sid);
  }
  return url.href;
}
