/** Attempts before a `database is locked` error is passed on. */
const ATTEMPTS = 20;

/**
 * Runs a KV operation, retrying with jittered backoff while SQLite reports the database locked
 * (two processes sharing one KV file commit concurrently). Bounded: the last error is rethrown.
 */
export async function withRetry<T>(op: () => Promise<T>): Promise<T> {
  for (let attempt = 1;; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (attempt >= ATTEMPTS || !isLocked(err)) throw err;
      await new Promise((r) => setTimeout(r, Math.min(200, 2 ** attempt) * Math.random() + 1));
    }
  }
}

function isLocked(err: unknown): boolean {
  return err instanceof Error && /database is locked|SQLITE_BUSY/i.test(err.message);
}
