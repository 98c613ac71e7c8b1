/** Starting Gatehouse as a real process and watching it, for bench sections. */

/** A Gatehouse process started by {@link spawnProvider}. */
export interface BenchProcess {
  /** `http://127.0.0.1:<port>`, where it will listen. */
  url: string;
  pid: number;
  /** `performance.now()` just before the spawn. */
  spawnedAt: number;
  /** Stops the process and waits for it. */
  stop(): Promise<void>;
}

/** A port that was free a moment ago (bound to 127.0.0.1, then released). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Spawns `command --port <free port> ...args` without waiting for it to listen. */
export function spawnProvider(
  command: string[],
  cwd: string,
  args: string[] = [],
): BenchProcess {
  const port = freePort();
  const [bin, ...rest] = command;
  const spawnedAt = performance.now();
  const child = new Deno.Command(bin, {
    args: [...rest, "--port", String(port), "--host", "127.0.0.1", ...args],
    cwd,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    spawnedAt,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch { /* it already exited */ }
      await child.status;
    },
  };
}

/** Polls `url` until it answers 200; resolves to `performance.now()` at that answer. */
export async function firstOk(
  url: string,
  timeoutMs = 20_000,
  client?: Deno.HttpClient,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    try {
      const res = await fetch(url, { client });
      await res.body?.cancel();
      if (res.status === 200) return performance.now();
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** Resident set size in MB from /proc (Linux only; null elsewhere). */
export function rssMb(pid: number): number | null {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const kb = Number(status.match(/^VmRSS:\s+(\d+)\s+kB$/m)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
}
