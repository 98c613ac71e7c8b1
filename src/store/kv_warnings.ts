import type { Warning } from "../types.ts";
import { kvKeys } from "./kv_keys.ts";
import { withRetry } from "./retry.ts";

/** Warnings are garbage after a week at the latest; `limit` bounds how many are kept till then. */
const WARNING_TTL_MS = 7 * 24 * 3600_000;

async function listByWriteOrder(kv: Deno.Kv): Promise<Deno.KvEntry<Warning>[]> {
  const entries: Deno.KvEntry<Warning>[] = [];
  for await (const e of kv.list<Warning>({ prefix: kvKeys.warnings() })) entries.push(e);
  // Versionstamps grow with every commit, so they order writes from every process.
  return entries.sort((a, b) => a.versionstamp < b.versionstamp ? -1 : 1);
}

/**
 * Keeps `warning` under a key of its own (concurrent writers never conflict), then deletes all
 * but the newest `limit`.
 */
export async function recordWarning(kv: Deno.Kv, warning: Warning, limit: number): Promise<void> {
  await withRetry(() =>
    kv.set(kvKeys.warning(crypto.randomUUID()), warning, { expireIn: WARNING_TTL_MS })
  );
  const entries = await listByWriteOrder(kv);
  for (const e of entries.slice(0, Math.max(0, entries.length - limit))) {
    await withRetry(() => kv.delete(e.key));
  }
}

/** The kept warnings, oldest first. */
export async function recentWarnings(kv: Deno.Kv): Promise<Warning[]> {
  return (await listByWriteOrder(kv)).map((e) => e.value);
}
