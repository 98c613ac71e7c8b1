/** What a bench section reports: one row per metric, each the median of several runs. */
export interface BenchRow {
  metric: string;
  /** Every sample, in `unit`. */
  samples: number[];
  unit: "ms" | "MB" | "req/s" | "tokens/s" | "sig/s";
  /** The goal: the median must stay below `below` (or above `above`). */
  target?: { below?: number; above?: number };
}

/** Options every section receives from `deno task bench`. */
export interface BenchOptions {
  /** How many times each measurement is repeated (bounded; default 10). */
  runs: number;
  /** The command that starts Gatehouse, e.g. `[deno, run, -A, main.ts]`. */
  command: string[];
  /** The working directory for `command`. */
  cwd: string;
}

/** One part of the benchmark, such as "startup" or "full flow". */
export interface BenchSection {
  name: string;
  /** One line on what is measured. */
  description: string;
  run(options: BenchOptions): Promise<BenchRow[]>;
}
