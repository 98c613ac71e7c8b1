/** A bounded closed-loop load generator for bench sections. */
import { percentile } from "./stats.ts";

/** What a load run measured. */
export interface LoadResult {
  /** Completed operations per second over the whole run. */
  perSecond: number;
  /** Latency of each operation, ms. */
  latencies: number[];
  p50: number;
  p99: number;
  errors: number;
}

/** Throughput and latency percentiles of a finished run that started at `t0`. */
export function loadResult(latencies: number[], errors: number, t0: number): LoadResult {
  const seconds = (performance.now() - t0) / 1000;
  return {
    perSecond: latencies.length / seconds,
    latencies,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
  };
}

/**
 * Runs `op` `total` times with `concurrency` in flight (each worker starts the next when its
 * previous finishes). Bounded by count and, with `seconds`, by wall time too.
 */
export async function runLoad(
  op: () => Promise<void>,
  opts: { total: number; concurrency: number; seconds?: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let started = 0;
  let errors = 0;
  const t0 = performance.now();
  const deadline = t0 + (opts.seconds ?? Infinity) * 1000;
  const worker = async () => {
    while (started < opts.total && performance.now() < deadline) {
      started++;
      const t = performance.now();
      try {
        await op();
        latencies.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return loadResult(latencies, errors, t0);
}
