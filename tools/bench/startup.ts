import { firstOk, rssMb, spawnProvider } from "./process.ts";
import type { BenchOptions, BenchRow, BenchSection } from "./types.ts";

const HELLO = new URL("./hello_server.ts", import.meta.url).pathname;

/** Process spawn → first 200 on discovery and on /jwks, and memory once started. */
export const startup: BenchSection = {
  name: "startup",
  description: "a fresh process per run, :memory: KV, RS256 key generated at start",
  async run({ runs, command, cwd }: BenchOptions): Promise<BenchRow[]> {
    const discovery: number[] = [];
    const jwks: number[] = [];
    const rss: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < runs; i++) {
      const op = spawnProvider(command, cwd);
      try {
        const ready = await firstOk(`${op.url}/.well-known/openid-configuration`);
        discovery.push(ready - op.spawnedAt);
        jwks.push(await firstOk(`${op.url}/jwks`) - op.spawnedAt);
        const mb = rssMb(op.pid);
        if (mb !== null) rss.push(mb);
      } finally {
        await op.stop();
      }
      const hello = spawnProvider([Deno.execPath(), "run", "-A", HELLO], cwd);
      floor.push(await firstOk(hello.url).finally(() => hello.stop()) - hello.spawnedAt);
    }
    const ms = (metric: string, samples: number[], below?: number): BenchRow => ({
      metric,
      samples,
      unit: "ms",
      target: below ? { below } : undefined,
    });
    return [
      ms("spawn → first 200 on discovery", discovery, 60),
      ms("spawn → first 200 on /jwks", jwks),
      { metric: "RSS after start (VmRSS)", samples: rss, unit: "MB", target: { below: 60 } },
      ms("floor: bare Deno.serve, spawn → 200", floor),
    ];
  },
};
