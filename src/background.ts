/**
 * Work that runs after its response was sent (back-channel logout deliveries): never awaited by
 * the request that started it, but awaitable by tests and before storage closes.
 */
export interface Background {
  /** Tracks `task`; its failure is its own to log, never the request's. */
  run(task: Promise<unknown>): void;
  /** Resolves once every task started so far (and any they started) has settled. */
  idle(): Promise<void>;
}

/** A tracker of background tasks, one per provider. */
export function createBackground(): Background {
  const pending = new Set<Promise<unknown>>();
  return {
    run(task) {
      const tracked: Promise<unknown> = task.catch(() => {}).finally(() => pending.delete(tracked));
      pending.add(tracked);
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
