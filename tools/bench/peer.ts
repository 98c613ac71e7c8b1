/**
 * `deno task bench --peer oidc-provider`: Gatehouse and panva's oidc-provider (Node) measured
 * side by side in one run, in alternating rounds, each figure with the ratio Gatehouse ÷ peer.
 * Every load is bounded in count and in time, on loopback only.
 */
import { join } from "node:path";
import { runLoad } from "./load.ts";
import { CC_BODY, codeFlow, type Endpoints, token } from "./peer_flows.ts";
import { type Contender, gatehouse, oidcProvider, type Running } from "./peer_servers.ts";
import { rssMb } from "./process.ts";
import { rawLoad, type RawRequest } from "./raw_http.ts";
import { seedGrants } from "./seed_grants.ts";
import { median } from "./stats.ts";

const CONNECTIONS = 32;
const IN_FLIGHT = 8;
const SEEDS = [1_000, 50_000];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One figure: its samples per contender, and whether higher is better. */
type Figures = Map<string, { unit: string; higher: boolean; by: Record<string, number[]> }>;

function record(f: Figures, metric: string, unit: string, higher: boolean, who: string, v: number) {
  const row = f.get(metric) ?? f.set(metric, { unit, higher, by: {} }).get(metric)!;
  (row.by[who] ??= []).push(v);
}

const get = (path: string): RawRequest => ({ method: "GET", path });
const CC: RawRequest = {
  method: "POST",
  path: "/token",
  headers: {
    Authorization: `Basic ${btoa("bench:bench-secret")}`,
    "Content-Type": "application/x-www-form-urlencoded",
  },
  body: CC_BODY,
};

/** Throughput figures and RSS of one fresh process (nothing stored). */
async function fresh(c: Contender, f: Figures) {
  const op = await c.start(0);
  const put = (m: string, unit: string, higher: boolean, v: number) =>
    record(f, m, unit, higher, c.name, v);
  try {
    await sleep(1000);
    put("RSS at ready", "MiB", false, rssMb(op.pid) ?? NaN);
    const e = op.endpoints;
    const path = (u: string) => new URL(u).pathname;
    for (
      const [m, r, n] of [
        ["GET discovery", get(path(e.discovery)), 6000],
        ["GET /jwks", get(path(e.jwks)), 6000],
        ["client_credentials (RS256 JWT)", CC, 2000],
      ] as const
    ) {
      await rawLoad(op.url, r, { total: 200, concurrency: CONNECTIONS, seconds: 10 });
      const res = await rawLoad(op.url, r, { total: n, concurrency: CONNECTIONS, seconds: 20 });
      if (res.errors) console.error(`${c.name} ${m}: ${res.errors} failed`);
      put(m, "req/s", true, res.perSecond);
    }
    await runLoad(() => codeFlow(e).then(() => {}), { total: 16, concurrency: 4, seconds: 10 });
    const flows = await runLoad(() => codeFlow(e).then(() => {}), {
      total: 300,
      concurrency: IN_FLIGHT,
      seconds: 20,
    });
    if (flows.errors) console.error(`${c.name} code flow: ${flows.errors} failed`);
    put("code + PKCE flow (→ userinfo)", "flows/s", true, flows.perSecond);
    put("RSS after load", "MiB", false, rssMb(op.pid) ?? NaN);
    await sleep(10_000);
    put("RSS after 10 s idle", "MiB", false, rssMb(op.pid) ?? NaN);
  } finally {
    await op.stop();
  }
}

/** refresh_token grants per second with `seed` refresh tokens stored, 8 chains in flight. */
async function refresh(c: Contender, seed: number, f: Figures) {
  const op: Running = await c.start(seed);
  try {
    const chains: string[] = [];
    for (let i = 0; i < IN_FLIGHT; i++) chains.push(await codeFlow(op.endpoints));
    const e: Endpoints = op.endpoints;
    const step = async () => {
      const rt = chains.shift()!;
      try {
        chains.push(
          (await token(e, { grant_type: "refresh_token", refresh_token: rt })).refresh_token!,
        );
      } catch (err) {
        chains.push(rt);
        throw err;
      }
    };
    await runLoad(step, { total: 50, concurrency: IN_FLIGHT, seconds: 10 });
    const r = await runLoad(step, { total: 800, concurrency: IN_FLIGHT, seconds: 20 });
    if (r.errors) console.error(`${c.name} refresh at ${seed}: ${r.errors} failed`);
    record(f, `refresh_token, ${seed / 1000}k stored`, "req/s", true, c.name, r.perSecond);
  } finally {
    await op.stop();
  }
}

/** Runs `rounds` alternating rounds and prints the table. */
export async function peerBench(opts: { command: string[]; cwd: string; rounds: number }) {
  const dir = await Deno.makeTempDir({ prefix: "gatehouse_peer_kv_" });
  const seeded = new Map<number, string>();
  const kvFor = async (seed: number) => {
    if (!seeded.has(seed)) {
      const path = join(dir, `seed_${seed}.kv`);
      await seedGrants(path, seed, "bench");
      seeded.set(seed, path);
    }
    return seeded.get(seed)!;
  };
  const contenders = [await gatehouse(opts.command, opts.cwd, kvFor), await oidcProvider()];
  const f: Figures = new Map();
  const load = [Deno.loadavg()[0]];
  try {
    for (let round = 0; round < opts.rounds; round++) {
      const order = round % 2 === 0 ? contenders : [...contenders].reverse();
      console.log(`round ${round + 1}/${opts.rounds}: ${order.map((c) => c.name).join(", ")}`);
      for (const c of order) await fresh(c, f);
      for (const seed of SEEDS) for (const c of order) await refresh(c, seed, f);
      load.push(Deno.loadavg()[0]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  console.log(table(f, contenders.map((c) => c.name)));
  console.log(`load average (1 min) during the run: ${load.map((l) => l.toFixed(1)).join(", ")}`);
}

function table(f: Figures, names: string[]): string {
  const [g, p] = names;
  const lines = [
    `| figure | ${g} | ${p} | ratio ${g} ÷ ${p} |`,
    "|---|---:|---:|---:|",
  ];
  for (const [metric, row] of f) {
    const a = median(row.by[g] ?? []);
    const b = median(row.by[p] ?? []);
    const fmt = (v: number) => `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${row.unit}`;
    const better = row.higher ? "higher is better" : "lower is better";
    lines.push(`| ${metric} | ${fmt(a)} | ${fmt(b)} | ${(a / b).toFixed(2)}× (${better}) |`);
  }
  return lines.join("\n");
}
