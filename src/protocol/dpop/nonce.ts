import { encodeBase64Url } from "../../crypto/base64url.ts";
import type { Deps } from "../../deps.ts";
import { dpopError, type ProofSite } from "./errors.ts";

/** How long a server nonce is current; the previous one is still accepted. */
const NONCE_PERIOD_S = 120;

/**
 * The current DPoP server nonce: an HMAC of the time period under a key derived from the
 * provider's stored salt, so every instance sharing the storage issues and accepts the same ones
 * and nothing is written per nonce.
 * @see RFC 9449 §8, §9
 */
export async function currentNonce(deps: Pick<Deps, "store" | "clock">): Promise<string> {
  return await nonceFor(deps, Math.floor(deps.clock.now() / 1000 / NONCE_PERIOD_S));
}

async function nonceFor(deps: Pick<Deps, "store">, period: number): Promise<string> {
  const salt = new TextEncoder().encode(`dpop-nonce ${await deps.store.pairwiseSalt()}`);
  const key = await crypto.subtle.importKey(
    "raw",
    salt,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(String(period)));
  return encodeBase64Url(new Uint8Array(mac).slice(0, 24));
}

/**
 * With `--dpop-nonce`, a proof must carry a current server nonce; otherwise the answer is
 * `use_dpop_nonce` with a fresh one in `DPoP-Nonce`. Returns, in nonce mode, until when (epoch
 * ms) the nonce stays acceptable: as long as a proof's `jti` must be remembered.
 * @see RFC 9449 §8 (token endpoint), §9 (resource)
 */
export async function checkNonce(
  deps: Deps,
  nonce: unknown,
  site: ProofSite,
): Promise<number | undefined> {
  if (!deps.config.dpopNonce) return undefined;
  const period = Math.floor(deps.clock.now() / 1000 / NONCE_PERIOD_S);
  const fresh = await nonceFor(deps, period);
  // The current nonce is taken through the next period, the previous one through this one.
  const end = (p: number) => (p + 1) * NONCE_PERIOD_S * 1000;
  if (nonce === fresh) return end(period + 1);
  if (nonce === await nonceFor(deps, period - 1)) return end(period);
  throw dpopError(
    site,
    nonce === undefined
      ? "the DPoP proof has no server nonce; sign it again with the nonce in DPoP-Nonce"
      : "the DPoP proof's nonce is not current; sign it again with the nonce in DPoP-Nonce",
    "use_dpop_nonce",
    fresh,
  );
}
