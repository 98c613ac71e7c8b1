import { firstOk, spawnProvider } from "./process.ts";
import { rawLoad, type RawRequest } from "./raw_http.ts";
import { median } from "./stats.ts";
import type { BenchOptions, BenchRow, BenchSection } from "./types.ts";
import { type CeilingAlg, signaturesPerSecond } from "./webcrypto.ts";

const HELLO = new URL("./hello_server.ts", import.meta.url).pathname;
/** A static confidential client: no per-request warning, as a CI service would register. */
const CLIENTS = `- client_id: bench
  client_secret: bench-secret
  grant_types: [client_credentials, password, refresh_token]
`;
const TOKEN: RawRequest = {
  method: "POST",
  path: "/token",
  headers: {
    Authorization: `Basic ${btoa("bench:bench-secret")}`,
    "Content-Type": "application/x-www-form-urlencoded",
  },
  body: "grant_type=client_credentials&scope=read%20write",
};
const CONNECTIONS = 32;
const IN_FLIGHT = 64;
/** Tokens per measurement: a few seconds each, bounded by count. */
const TOKENS: Record<string, number> = { RS256: 1500, EdDSA: 12_000 };

/** Writes the clients file the bench servers start with. */
export async function benchClientsFile(): Promise<string> {
  const path = await Deno.makeTempFile({ prefix: "gatehouse_bench_", suffix: ".yaml" });
  await Deno.writeTextFile(path, CLIENTS);
  return path;
}

/** client_credentials over HTTP, `CONNECTIONS` keep-alive connections, against a fresh process. */
async function issue(opts: BenchOptions, alg: string, clients: string) {
  const op = spawnProvider(opts.command, opts.cwd, ["--alg", alg, "--clients", clients]);
  try {
    await firstOk(`${op.url}/jwks`);
    await rawLoad(op.url, TOKEN, { total: 300, concurrency: CONNECTIONS });
    const r = await rawLoad(op.url, TOKEN, { total: TOKENS[alg], concurrency: CONNECTIONS });
    if (r.errors) console.error(`client_credentials ${alg}: ${r.errors} requests failed`);
    return r;
  } finally {
    await op.stop();
  }
}

/** The same POST answered by a bare Deno.serve: what HTTP alone allows on this machine. */
async function httpFloor(opts: BenchOptions): Promise<number> {
  const hello = spawnProvider([Deno.execPath(), "run", "-A", HELLO], opts.cwd);
  try {
    await firstOk(hello.url);
    return (await rawLoad(hello.url, TOKEN, { total: 20_000, concurrency: CONNECTIONS })).perSecond;
  } finally {
    await hello.stop();
  }
}

/**
 * client_credentials tokens per second and latency at 32 connections, for RS256 and EdDSA, next
 * to this machine's WebCrypto signing ceiling measured in the same run, round by round.
 */
export const clientCredentials: BenchSection = {
  name: "client_credentials",
  description: `tokens at ${CONNECTIONS} connections vs WebCrypto signatures/s (1 and ` +
    `${IN_FLIGHT} in flight); target: 80% of the in-flight ceiling`,
  async run(opts: BenchOptions): Promise<BenchRow[]> {
    const clients = await benchClientsFile();
    const s: Record<string, number[]> = {};
    const add = (key: string, value: number) => (s[key] ??= []).push(value);
    try {
      for (let round = 0; round < Math.min(opts.runs, 5); round++) {
        for (const alg of ["RS256", "ES256", "EdDSA"] as CeilingAlg[]) {
          add(`${alg} 1`, await signaturesPerSecond(alg, 1));
          add(`${alg} n`, await signaturesPerSecond(alg, IN_FLIGHT));
        }
        for (const alg of ["RS256", "EdDSA"]) {
          const r = await issue(opts, alg, clients);
          add(`${alg} rate`, r.perSecond);
          add(`${alg} p50`, r.p50);
          add(`${alg} p99`, r.p99);
        }
        add("floor", await httpFloor(opts));
      }
    } finally {
      await Deno.remove(clients);
    }
    return rows(s);
  },
};

function rows(s: Record<string, number[]>): BenchRow[] {
  const out: BenchRow[] = [];
  for (const alg of ["RS256", "ES256", "EdDSA"]) {
    out.push({ metric: `WebCrypto ${alg}, one at a time`, samples: s[`${alg} 1`], unit: "sig/s" });
    out.push({
      metric: `WebCrypto ${alg}, ${IN_FLIGHT} in flight`,
      samples: s[`${alg} n`],
      unit: "sig/s",
    });
  }
  for (const alg of ["RS256", "EdDSA"]) {
    const ceiling = Math.max(median(s[`${alg} 1`]), median(s[`${alg} n`]));
    out.push({
      metric: `client_credentials ${alg}`,
      samples: s[`${alg} rate`],
      unit: "tokens/s",
      target: { above: Math.round(0.8 * ceiling) },
    });
    out.push({ metric: `client_credentials ${alg} p50`, samples: s[`${alg} p50`], unit: "ms" });
    out.push({ metric: `client_credentials ${alg} p99`, samples: s[`${alg} p99`], unit: "ms" });
  }
  out.push({ metric: "floor: bare Deno.serve, same POST", samples: s.floor, unit: "req/s" });
  return out;
}
