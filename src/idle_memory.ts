/**
 * Memory that comes back. Under load V8 grows its heap and the allocator keeps what it freed; a
 * provider that then sits idle in a developer's laptop or a CI job would hold on to it for good.
 * Once requests stop for a while, one full collection (`gc`, exposed by the tasks' and the
 * binaries' `--v8-flags=--expose-gc`) and glibc's `malloc_trim` hand the garbage back to the
 * system. Either is skipped when it is not there (no flag, not glibc, no `--allow-ffi`).
 */

/** How long without requests counts as idle. */
export const IDLE_MS = 5_000;

/** What an idle reclaim runs: each part reports whether it ran. */
export interface ReclaimSteps {
  collect(): boolean;
  trim(): boolean;
}

/** Watches request activity and reclaims once per quiet spell. */
export interface IdleMemory {
  /** A request arrived (cheap: it stores a number). */
  touch(): void;
  /** Called every `IDLE_MS` by the timer; reclaims when the last request is `IDLE_MS` old. */
  tick(): void;
  /** How many times memory was reclaimed. */
  readonly reclaims: number;
  /** Stops the timer. */
  stop(): void;
}

/**
 * Reclaims memory after `IDLE_MS` without requests, once per quiet spell: an idle process that
 * was never busy, or already reclaimed, does nothing. The timer does not keep the process alive.
 */
export function watchIdleMemory(
  opts: { now?: () => number; steps?: ReclaimSteps; timer?: boolean } = {},
): IdleMemory {
  const now = opts.now ?? (() => performance.now());
  const steps = opts.steps ?? systemSteps();
  let last = now();
  let dirty = false;
  let reclaims = 0;
  const id = opts.timer === false ? undefined : setInterval(() => watcher.tick(), IDLE_MS);
  if (id !== undefined) Deno.unrefTimer(id);
  const watcher: IdleMemory = {
    touch() {
      last = now();
      dirty = true;
    },
    tick() {
      if (!dirty || now() - last < IDLE_MS) return;
      dirty = false;
      const collected = steps.collect();
      const trimmed = steps.trim();
      if (collected || trimmed) reclaims++;
    },
    get reclaims() {
      return reclaims;
    },
    stop() {
      if (id !== undefined) clearInterval(id);
    },
  };
  return watcher;
}

type Trim = { symbols: { malloc_trim(pad: bigint): number } };

/** V8's `gc` when exposed; glibc's `malloc_trim(0)` through FFI on Linux. */
function systemSteps(): ReclaimSteps {
  let libc: Trim | null | undefined;
  return {
    collect() {
      const gc = (globalThis as { gc?: (o?: unknown) => void }).gc;
      if (typeof gc !== "function") return false;
      // "last-resort": the collection V8 runs under memory pressure, which also gives back
      // the pages it empties (RSS 10 s after a bench load: 98 → 84 MiB; a plain gc() kept them).
      gc({ type: "major", execution: "sync", flavor: "last-resort" });
      return true;
    },
    trim() {
      if (libc === undefined) libc = openLibc();
      if (!libc) return false;
      libc.symbols.malloc_trim(0n);
      return true;
    },
  };
}

function openLibc(): Trim | null {
  if (Deno.build.os !== "linux") return null;
  try {
    return Deno.dlopen("libc.so.6", { malloc_trim: { parameters: ["usize"], result: "i32" } });
  } catch {
    // musl, or no --allow-ffi: nothing to trim with.
    return null;
  }
}
