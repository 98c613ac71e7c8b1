import { epochSeconds } from "../../clock.ts";
import { signJwt } from "../../crypto/jwt.ts";
import { randomToken } from "../../crypto/random.ts";
import type { Deps } from "../../deps.ts";
import type { SessionRecord } from "../../store/store.ts";
import type { Client, SigningAlg } from "../../types.ts";
import { subjectFor } from "../pairwise.ts";
import { encryptFor } from "../tokens/response_encryption.ts";
import { outboundFetch, outboundPolicy } from "../outbound_fetch.ts";

/** The event a logout token carries (OpenID Connect Back-Channel Logout 1.0 §2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

/** How long a client's back-channel logout endpoint may take to answer. */
export const BACKCHANNEL_TIMEOUT_MS = 5000;

/** How long a logout token is valid: it is used at once, or not at all. */
const LOGOUT_TOKEN_TTL_S = 120;

/**
 * A logout token for `client` about the ended `session`: `sub` (as this client knows the user)
 * and `sid` both, signed (and encrypted) the way the client's ID tokens are.
 * @see OpenID Connect Back-Channel Logout 1.0 §2.4, §2.6
 */
export async function logoutToken(
  deps: Pick<Deps, "config" | "store" | "keys" | "clock" | "clientKeys">,
  client: Client,
  session: SessionRecord,
): Promise<string> {
  const now = epochSeconds(deps.clock);
  const payload = {
    iss: deps.config.issuer,
    sub: await subjectFor(deps, client, session.sub),
    aud: client.client_id,
    iat: now,
    exp: now + LOGOUT_TOKEN_TTL_S,
    jti: randomToken(16),
    sid: session.sid,
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  };
  const alg = (client.id_token_signed_response_alg as SigningAlg | undefined) ??
    deps.keys.defaultAlg;
  const jws = await signJwt(deps.keys, payload, { alg, typ: "logout+jwt" });
  return await encryptFor(deps, client, "id_token", jws);
}

/**
 * POSTs a logout token to the client's `backchannel_logout_uri`. A failure (an error, a timeout,
 * a status other than 200 or 204) is logged, never thrown.
 * @see OpenID Connect Back-Channel Logout 1.0 §2.5, §2.8
 */
export async function deliverLogoutToken(
  deps: Pick<Deps, "config" | "store" | "keys" | "clock" | "log" | "clientKeys">,
  client: Client,
  session: SessionRecord,
): Promise<void> {
  const uri = client.backchannel_logout_uri!;
  const fields = { client_id: client.client_id, uri, sid: session.sid };
  try {
    const res = await outboundFetch(uri, {
      ...outboundPolicy(deps.config),
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ logout_token: await logoutToken(deps, client, session) }),
      timeoutMs: BACKCHANNEL_TIMEOUT_MS,
      discardBody: true,
    });
    if (res.status === 200 || res.status === 204) {
      deps.log.info("back-channel logout delivered", fields);
    } else {
      deps.log.warn("back-channel logout failed", { ...fields, reason: `HTTP ${res.status}` });
    }
  } catch (err) {
    deps.log.warn("back-channel logout failed", { ...fields, reason: (err as Error).message });
  }
}
