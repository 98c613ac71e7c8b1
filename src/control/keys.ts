import type { Deps } from "../deps.ts";
import type { StoredKey } from "../store/store.ts";
import { SIGNING_ALGS, type SigningAlg } from "../types.ts";
import { badRequest, ProblemError } from "./problem.ts";

/** What the control plane remembers between its requests (per process, in memory). */
export interface AdminState {
  /** The keys current before the first rotation: what a reset brings back. */
  startupKeys: StoredKey[] | null;
  /** Epoch ms at which the longest-lived token minted by `POST /admin/tokens` expires. */
  mintedUntil: number;
}

/** Fresh control-plane state. */
export function createAdminState(): AdminState {
  return { startupKeys: null, mintedUntil: 0 };
}

/** The current (unretired) stored keys: the ones a reset restores. */
export async function currentStoredKeys(deps: Deps): Promise<StoredKey[]> {
  return (await deps.store.listKeys()).filter((k) => k.retireAt === undefined);
}

/**
 * When a key rotated out now may leave the JWKS: once every token it can have signed has expired.
 * That is the longest access or ID token lifetime (configured, or any client's own), or a longer
 * admin-minted token's expiry.
 */
export async function retirementAfterRotation(deps: Deps, mintedUntil: number): Promise<number> {
  const ttls = [deps.config.ttl.accessToken, deps.config.ttl.idToken];
  for (const c of await deps.store.listClients()) {
    if (c.access_token_ttl) ttls.push(c.access_token_ttl);
    if (c.id_token_ttl) ttls.push(c.id_token_ttl);
  }
  return Math.max(deps.clock.now() + Math.max(...ttls) * 1000, mintedUntil);
}

/**
 * `POST /admin/keys/rotate`: publishes a new key for `alg` and signs with it from now on; the old
 * key stays in the JWKS until {@link retirementAfterRotation}, then the JWKS drops it.
 * @see RFC 7517 §5, OIDC Core §10.1.1 (rotation of asymmetric signing keys)
 */
export async function rotateKeys(
  deps: Deps,
  state: AdminState,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const alg = body.alg ?? deps.keys.defaultAlg;
  if (typeof alg !== "string" || !(SIGNING_ALGS as readonly string[]).includes(alg)) {
    throw badRequest(`"alg" must be one of ${SIGNING_ALGS.join(", ")}`);
  }
  if (deps.config.signingKeys) {
    throw new ProblemError(
      409,
      "fixed_keys",
      "the signing keys come from --signing-key, which fixes them; start without it to rotate",
    );
  }
  state.startupKeys ??= await currentStoredKeys(deps);
  const previous = await deps.keys.signingKey(alg as SigningAlg);
  const retireAt = await retirementAfterRotation(deps, state.mintedUntil);
  const next = await deps.keys.rotate(alg as SigningAlg, retireAt);
  return {
    alg,
    kid: next.kid,
    previous: { kid: previous.kid, retire_at: new Date(retireAt).toISOString() },
  };
}
