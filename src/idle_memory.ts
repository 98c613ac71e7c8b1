/**
 * Memory that comes back. Under load V8 grows its heap and the allocator keeps what it freed; a
 * provider that then sits idle in a developer's laptop or a CI job would hold on to it for good.
 * Once requests stop for a while, one full collection and glibc's `malloc_trim` hand the garbage
 * back to the system. V8's `gc` is exposed at run time, at the first reclaim, not by a
 * `--v8-flags` option: any V8 flag changes the hash that Deno's code cache is checked against,
 * and start-up would compile every module again. Trimming is skipped where there is nothing to
 * call (not glibc, no `--allow-ffi`).
 */

/** How long without requests counts as idle. */
export const IDLE_MS = 5_000;

/** What an idle reclaim runs: each part reports whether it ran. */
export interface ReclaimSteps {
  collect(): Promise<boolean>;
  trim(): boolean;
}

/** Watches request activity and reclaims once per quiet spell. */
export interface IdleMemory {
  /** A request arrived (cheap: it stores a number). */
  touch(): void;
  /** Called every `IDLE_MS` by the timer; reclaims when the last request is `IDLE_MS` old. */
  tick(): Promise<void>;
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
  const id = opts.timer === false ? undefined : setInterval(() => void watcher.tick(), IDLE_MS);
  if (id !== undefined) Deno.unrefTimer(id);
  const watcher: IdleMemory = {
    touch() {
      last = now();
      dirty = true;
    },
    async tick() {
      if (!dirty || now() - last < IDLE_MS) return;
      dirty = false;
      const collected = await steps.collect().catch(() => false);
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

/** V8's full collection, exposed at run time; glibc's `malloc_trim(0)` through FFI on Linux. */
export function systemSteps(): ReclaimSteps {
  let libc: Trim | null | undefined;
  let gc: Promise<(options: unknown) => void> | undefined;
  return {
    async collect() {
      gc ??= exposeGc();
      // "last-resort": the collection V8 runs under memory pressure, which also gives back
      // the pages it empties (RSS 10 s after a bench load: 98 → 84 MiB; a plain gc() kept them).
      (await gc)({ type: "major", execution: "sync", flavor: "last-resort" });
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

/** `gc` as `--expose-gc` would give it, asked for once the process runs (Node's way). */
async function exposeGc(): Promise<(options: unknown) => void> {
  const [{ setFlagsFromString }, { runInNewContext }] = await Promise.all([
    import("node:v8"),
    import("node:vm"),
  ]);
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc");
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
