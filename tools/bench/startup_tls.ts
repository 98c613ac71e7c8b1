import { firstOk, spawnProvider } from "./process.ts";
import type { BenchOptions, BenchRow, BenchSection } from "./types.ts";

/**
 * Start-up with and without `--tls`: the X.509 code loads only when a certificate must be made
 * (a new CA directory), so a plain start and a start with a kept CA stay fast.
 */
export const startupTls: BenchSection = {
  name: "startup-tls",
  description:
    "spawn → first 200 on discovery: plain http, --tls with the CA kept, --tls creating it",
  async run({ runs, command, cwd }: BenchOptions): Promise<BenchRow[]> {
    const plain: number[] = [];
    const kept: number[] = [];
    const created: number[] = [];
    const root = await Deno.makeTempDir({ prefix: "gatehouse_bench_ca_" });
    try {
      const keptDir = `${root}/kept`;
      for (let i = 0; i < runs; i++) {
        plain.push(await timeToDiscovery(command, cwd, []));
        const fresh = `${root}/fresh-${i}`;
        created.push(await timeToDiscovery(command, cwd, ["--tls", "--tls-ca-dir", fresh]));
        // The first kept run creates the CA; it is not counted.
        if (i === 0) await timeToDiscovery(command, cwd, ["--tls", "--tls-ca-dir", keptDir]);
        kept.push(await timeToDiscovery(command, cwd, ["--tls", "--tls-ca-dir", keptDir]));
      }
    } finally {
      await Deno.remove(root, { recursive: true });
    }
    const ms = (metric: string, samples: number[]): BenchRow => ({ metric, samples, unit: "ms" });
    return [
      ms("plain http: spawn → first 200 on discovery", plain),
      ms("--tls, CA and certificate kept: spawn → first 200", kept),
      ms("--tls, first run (CA created, X.509 code loaded)", created),
    ];
  },
};

async function timeToDiscovery(command: string[], cwd: string, args: string[]) {
  const op = spawnProvider(command, cwd, args);
  const tls = args.includes("--tls");
  const caFile = `${args[args.indexOf("--tls-ca-dir") + 1]}/gatehouse-ca.pem`;
  try {
    const url = `${
      tls ? op.url.replace("http:", "https:") : op.url
    }/.well-known/openid-configuration`;
    if (!tls) return await firstOk(url) - op.spawnedAt;
    // The CA file appears during start-up; the client trusting it is made once it exists.
    const deadline = performance.now() + 20_000;
    while (performance.now() < deadline) {
      const pem = await Deno.readTextFile(caFile).catch(() => null);
      if (pem) {
        const client = Deno.createHttpClient({ caCerts: [pem] });
        try {
          return await firstOk(url, 20_000, client) - op.spawnedAt;
        } finally {
          client.close();
        }
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    throw new Error(`${caFile} did not appear`);
  } finally {
    await op.stop();
  }
}
