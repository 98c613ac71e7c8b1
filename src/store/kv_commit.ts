import { withRetry } from "./retry.ts";

/** Time to keep a record past its own `exp` before KV may collect it (reuse detection needs it). */
export const GRACE_MS = 24 * 3600_000;

/** Milliseconds until `exp` plus grace, for `expireIn` (garbage collection only). */
export function ttl(exp: number, now = Date.now()): number {
  return Math.max(1000, exp - now + GRACE_MS);
}

/** Commits an atomic operation through the bounded retry; false when a check failed. */
export async function commit(op: () => Deno.AtomicOperation): Promise<boolean> {
  const res = await withRetry(() => op().commit());
  return res.ok;
}

/** Every value under `prefix`. */
export async function list<T>(kv: Deno.Kv, prefix: Deno.KvKey): Promise<T[]> {
  const out: T[] = [];
  for await (const e of kv.list<T>({ prefix })) out.push(e.value);
  return out;
}
