import type { Warning } from "../types.ts";
import { kvKeys } from "./kv_keys.ts";
import { withRetry } from "./retry.ts";

/** Warnings are garbage after a week at the latest; `limit` bounds how many are read till then. */
const WARNING_TTL_MS = 7 * 24 * 3600_000;

/** Prune the kept list on every this-many writes: pruning reads the list, a write does not. */
const PRUNE_EVERY = 16;

/** Deletes per atomic commit while pruning (Deno KV takes up to 1,000 mutations in one). */
const DELETES_PER_COMMIT = 100;

/**
 * A key that sorts by the warning's time, then by this process's recording order; the random
 * part keeps processes sharing the KV apart.
 */
function warningId(warning: Warning, seq: number): string {
  const at = String(Math.max(0, warning.at)).padStart(16, "0");
  return `${at}-${String(seq).padStart(12, "0")}-${crypto.randomUUID()}`;
}

/** Keeps and prunes strictness warnings in KV for the inspector of every process. */
export function createKvWarnings(kv: Deno.Kv) {
  let writes = 0;
  let seq = 0;
  return {
    /**
     * Keeps `warning` under a key of its own (one set, no read), and every few writes deletes
     * all but the newest `limit`.
     */
    async record(warning: Warning, limit: number): Promise<void> {
      const id = warningId(warning, ++seq);
      await withRetry(() => kv.set(kvKeys.warning(id), warning, { expireIn: WARNING_TTL_MS }));
      if (++writes % PRUNE_EVERY !== 0) return;
      // Everything past the newest `limit` goes, a few commits of many deletes each.
      const stale = kv.list({ prefix: kvKeys.warnings() }, { reverse: true });
      let batch: Deno.KvKey[] = [];
      let seen = 0;
      const drop = async () => {
        const keys = batch;
        batch = [];
        await withRetry(() => keys.reduce((op, k) => op.delete(k), kv.atomic()).commit());
      };
      for await (const e of stale) {
        if (++seen <= limit) continue;
        batch.push(e.key);
        if (batch.length === DELETES_PER_COMMIT) await drop();
      }
      if (batch.length > 0) await drop();
    },
    /** The newest `limit` kept warnings, oldest first. */
    async recent(limit: number): Promise<Warning[]> {
      const out: Warning[] = [];
      const newest = kv.list<Warning>({ prefix: kvKeys.warnings() }, { reverse: true, limit });
      for await (const e of newest) out.push(e.value);
      return out.reverse();
    },
  };
}
