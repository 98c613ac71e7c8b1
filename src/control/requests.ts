import type { Warning } from "../types.ts";

/** A token issued while answering a request: its claims only, never the signed token. */
export interface IssuedToken {
  kind: "access_token" | "id_token";
  claims: Record<string, unknown>;
}

/** One request as the inspector and `GET /admin/requests` show it. Holds no secrets. */
export interface RequestEntry {
  /** Increasing per process; `?after=` takes it. */
  id: number;
  /** Epoch ms by the injected clock. */
  at: number;
  method: string;
  /** The path only: queries carry codes and tokens, so they are never kept. */
  path: string;
  status: number;
  ms: number;
  clientId?: string;
  sub?: string;
  grantType?: string;
  /** The key thumbprint of a verified DPoP proof (RFC 9449): the tokens are bound to it. */
  dpopJkt?: string;
  /** The OAuth (or problem) error code of the response. */
  error?: string;
  warnings: Warning[];
  tokens: IssuedToken[];
  /** The id of the scenario that shaped the answer. */
  scenario?: string;
}

/** The recent requests, in memory and bounded: the request log's hot path never writes to KV. */
export interface RequestRing {
  add(entry: Omit<RequestEntry, "id">): RequestEntry;
  /** Entries with an id above `after`, oldest first, at most `limit` (the newest ones). */
  list(after?: number, limit?: number): RequestEntry[];
  /**
   * Entries after `after`; when there are none yet, waits up to `ms` for the next one. The wait
   * is bounded by `ms` alone: reading a request's `signal` makes Deno.serve print a warning.
   */
  wait(after: number, ms: number): Promise<RequestEntry[]>;
  /** The id of the newest entry (0 before the first). */
  lastId(): number;
  clear(): void;
}

/**
 * A ring of the last `capacity` requests, with waiters for long-polling.
 * @see GET /admin/requests in README.md ("Test control")
 */
export function createRequestRing(capacity = 200): RequestRing {
  let entries: RequestEntry[] = [];
  let nextId = 1;
  const waiters = new Set<() => void>();
  const ring: RequestRing = {
    add(e) {
      const entry = { ...e, id: nextId++ };
      entries.push(entry);
      if (entries.length > capacity) entries.shift();
      for (const wake of [...waiters]) wake();
      return entry;
    },
    list(after = 0, limit = capacity) {
      const newer = entries.filter((e) => e.id > after);
      return newer.slice(Math.max(0, newer.length - limit));
    },
    wait(after, ms) {
      const now = ring.list(after);
      if (now.length > 0 || ms <= 0) return Promise.resolve(now);
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve(ring.list(after));
        };
        const timer = setTimeout(done, ms);
        waiters.add(done);
      });
    },
    lastId: () => nextId - 1,
    clear() {
      entries = [];
    },
  };
  return ring;
}
