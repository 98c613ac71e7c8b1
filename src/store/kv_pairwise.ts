import { randomToken } from "../crypto/random.ts";
import { kvKeys } from "./kv_keys.ts";
import { withRetry } from "./retry.ts";
import type { PairwiseSubject } from "./store.ts";

/**
 * The provider's pairwise salt: created once, by whichever process commits first, and kept
 * with the rest of the state, so that pairwise identifiers survive restarts on a file KV.
 * @see OIDC Core §8.1
 */
export async function pairwiseSalt(kv: Deno.Kv): Promise<string> {
  const key = kvKeys.pairwiseSalt();
  const existing = await withRetry(() => kv.get<string>(key));
  if (existing.value) return existing.value;
  const salt = randomToken(32);
  const res = await withRetry(() => kv.atomic().check(existing).set(key, salt).commit());
  if (res.ok) return salt;
  const winner = await withRetry(() => kv.get<string>(key));
  if (!winner.value) throw new Error("No pairwise salt after a lost creation race");
  return winner.value;
}

/** Remembers whom a pairwise `sub` stands for; writing the same mapping again changes nothing. */
export async function putPairwiseSubject(
  kv: Deno.Kv,
  pairwise: string,
  subject: PairwiseSubject,
): Promise<void> {
  await withRetry(() => kv.set(kvKeys.pairwiseSubject(pairwise), subject));
}

/** The user and sector behind a pairwise `sub`, if it is one of ours. */
export async function getPairwiseSubject(
  kv: Deno.Kv,
  pairwise: string,
): Promise<PairwiseSubject | null> {
  return (await withRetry(() => kv.get<PairwiseSubject>(kvKeys.pairwiseSubject(pairwise)))).value;
}
