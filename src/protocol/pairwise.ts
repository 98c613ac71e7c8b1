import { sha256 } from "../crypto/hash.ts";
import type { Deps } from "../deps.ts";
import type { Client } from "../types.ts";

/**
 * The sector a pairwise client's subjects are computed for: the host of its
 * `sector_identifier_uri`, else the host of its redirect URIs (registration checked there is
 * one). Null for a public-subject client.
 * @see OIDC Core §8.1
 */
export function sectorOf(client: Client): string | null {
  if (client.subject_type !== "pairwise") return null;
  const uri = client.sector_identifier_uri ?? client.redirect_uris[0];
  if (!uri) return null;
  return new URL(uri).hostname || null;
}

/**
 * The `sub` a client sees for the local user `sub`: the user's own for public clients; for
 * pairwise ones a hash of the sector, the user and the provider's salt, the same for every
 * client of one sector and unrelated across sectors. The mapping back is recorded.
 * @see OIDC Core §8.1
 */
export async function subjectFor(
  deps: Pick<Deps, "store">,
  client: Client,
  sub: string,
): Promise<string> {
  const sector = sectorOf(client);
  if (!sector) return sub;
  const salt = await deps.store.pairwiseSalt();
  // JSON keeps the parts apart: ("ab", "c") and ("a", "bc") must not hash alike.
  const pairwise = await sha256(JSON.stringify([sector, sub, salt]));
  await deps.store.putPairwiseSubject(pairwise, { sub, sector });
  return pairwise;
}

/**
 * The local user behind a `sub` this client was given (in an access token, an `id_token_hint`
 * or a `login_hint`); a value that is not one of the sector's pairwise identifiers stays as it is.
 * @see OIDC Core §8.1
 */
export async function localSubject(
  deps: Pick<Deps, "store">,
  client: Client,
  sub: string,
): Promise<string> {
  const sector = sectorOf(client);
  if (!sector) return sub;
  const found = await deps.store.getPairwiseSubject(sub);
  return found && found.sector === sector ? found.sub : sub;
}
