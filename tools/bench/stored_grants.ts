import { join } from "node:path";
import { benchClientsFile } from "./client_credentials.ts";
import { firstOk, spawnProvider } from "./process.ts";
import { rawLoad } from "./raw_http.ts";
import { seedGrants } from "./seed_grants.ts";
import { percentile } from "./stats.ts";
import type { BenchOptions, BenchRow, BenchSection } from "./types.ts";

const BASIC = `Basic ${btoa("bench:bench-secret")}`;
const CHAIN = 200;

async function token(url: string, params: Record<string, string>): Promise<Record<string, string>> {
  const res = await fetch(`${url}/token`, {
    method: "POST",
    headers: { authorization: BASIC, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`token ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Latencies of `n` sequential calls of `op`, ms. */
async function timed(n: number, op: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await op();
    out.push(performance.now() - t);
  }
  return out;
}

/** One process on the KV file: password grants (a new grant each) and a refresh chain. */
async function measure(opts: BenchOptions, kv: string, clients: string) {
  const op = spawnProvider(opts.command, opts.cwd, [
    ...["--kv", kv, "--alg", "EdDSA", "--clients", clients, "--allow-password-grant"],
    ...["--user-claims", '{"sub": "alice", "password": "pw"}'],
  ]);
  try {
    await firstOk(`${op.url}/jwks`);
    const login = { grant_type: "password", username: "alice", password: "pw" };
    const scope = "openid offline_access";
    await timed(20, () => token(op.url, { ...login, scope }));
    const password = await timed(CHAIN, () => token(op.url, { ...login, scope }));
    let rt = (await token(op.url, { ...login, scope })).refresh_token;
    const refresh = await timed(CHAIN, async () => {
      rt = (await token(op.url, { grant_type: "refresh_token", refresh_token: rt })).refresh_token;
    });
    const cc = await rawLoad(op.url, {
      method: "POST",
      path: "/token",
      headers: { Authorization: BASIC, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    }, { total: CHAIN, concurrency: 1 });
    return { password, refresh, cc: cc.latencies };
  } finally {
    await op.stop();
  }
}

/**
 * Token latency, one request at a time, with 1k and then 100k grants stored in a file KV: the
 * password grant (writes a grant), refresh_token (reads, compare-and-set) and client_credentials.
 * Seeding 100k grants takes most of this section's minute.
 */
export const storedGrants: BenchSection = {
  name: "stored_grants",
  description: `token latency (1 in flight, EdDSA, file KV) at 1k vs 100k stored grants, ` +
    `${CHAIN} requests each; target: p50 at 100k within 1.5× of 1k`,
  async run(opts: BenchOptions): Promise<BenchRow[]> {
    const dir = await Deno.makeTempDir({ prefix: "gatehouse_bench_" });
    const clients = await benchClientsFile();
    try {
      const kv = join(dir, "grants.kv");
      await seedGrants(kv, 1_000, "bench");
      const small = await measure(opts, kv, clients);
      await seedGrants(kv, 99_000, "bench");
      const large = await measure(opts, kv, clients);
      return (["password", "refresh", "cc"] as const).flatMap((k) =>
        rowsFor(k, small[k], large[k])
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(clients);
    }
  },
};

const NAMES = { password: "password grant", refresh: "refresh_token", cc: "client_credentials" };

function rowsFor(kind: keyof typeof NAMES, small: number[], large: number[]): BenchRow[] {
  const p50 = percentile(small, 50);
  return [
    { metric: `${NAMES[kind]} p50, 1k grants`, samples: [p50], unit: "ms" },
    {
      metric: `${NAMES[kind]} p50, 100k grants`,
      samples: [percentile(large, 50)],
      unit: "ms",
      target: { below: Math.round(p50 * 1.5 * 100) / 100 },
    },
    { metric: `${NAMES[kind]} p99, 1k grants`, samples: [percentile(small, 99)], unit: "ms" },
    { metric: `${NAMES[kind]} p99, 100k grants`, samples: [percentile(large, 99)], unit: "ms" },
  ];
}
