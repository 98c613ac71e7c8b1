/** A `:memory:` store and a frozen clock per test, closed afterwards. */
import { type ControllableClock, createClock } from "../../src/clock.ts";
import { openKvStore } from "../../src/store/kv_store.ts";
import type { Store } from "../../src/store/store.ts";

/** 2030-01-01T00:00:00Z: where every store test's clock starts. */
export const T0 = Date.UTC(2030, 0, 1);
export const MINUTE = 60_000;

/** Registers a Deno test that gets a fresh store and a clock frozen at T0. */
export function storeTest(
  name: string,
  fn: (store: Store, clock: ControllableClock) => Promise<void>,
): void {
  Deno.test(name, async () => {
    const store = await openKvStore(":memory:");
    const clock = createClock();
    clock.freeze(T0);
    try {
      await fn(store, clock);
    } finally {
      store.close();
    }
  });
}

/** How many times each value occurs: `{ ok: 1, reused: 19 }`. */
export function countBy(values: string[]): Record<string, number> {
  return values.reduce<Record<string, number>>((n, v) => ({ ...n, [v]: (n[v] ?? 0) + 1 }), {});
}
