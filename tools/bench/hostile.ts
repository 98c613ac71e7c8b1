import { sendOversized } from "./hostile_bodies.ts";
import { firstOk, rssMb, spawnProvider } from "./process.ts";
import type { BenchOptions, BenchRow, BenchSection } from "./types.ts";

/** The hostile inputs of issue 16, each sent `n` times; any 5xx is an error of the bench. */
function hostileRequests(url: string): [string, RequestInit][] {
  const long = "c".repeat(3000);
  const json = (method: string, body: string): RequestInit => ({
    method,
    headers: { "content-type": "application/json" },
    body,
  });
  const form = (body: Record<string, string>): RequestInit => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body),
  });
  return [
    [`${url}/token`, form({ grant_type: "client_credentials", client_id: long })],
    [`${url}/register/${long}`, { headers: { authorization: "Bearer x" } }],
    [`${url}/register/%E2%82%AC`, { headers: { authorization: "Bearer x" } }],
    [`${url}/authorize`, form({ client_id: "a", state: "€".repeat(7000) })],
    [`${url}/admin/clock`, json("PUT", '{"now":1e13}')],
    [`${url}/admin/clock/advance`, json("POST", '{"seconds":1.7e308}')],
    [`${url}/admin/tokens`, json("POST", '{"sub":"alice","expires_in":1e300}')],
    [`${url}/users/x`, json("PUT", "[".repeat(5000) + "]".repeat(5000))],
    [`${url}/users/x`, json("PUT", JSON.stringify({ note: "x".repeat(70_000) }))],
  ];
}

/** Samples the process's RSS every 20 ms until stopped; the peak in MB. */
function watchRss(pid: number) {
  let peak = rssMb(pid) ?? 0;
  const timer = setInterval(() => peak = Math.max(peak, rssMb(pid) ?? 0), 20);
  return { stop: () => (clearInterval(timer), peak) };
}

async function oneRun(opts: BenchOptions, rows: Record<string, number[]>): Promise<void> {
  const op = spawnProvider(opts.command, opts.cwd);
  try {
    await firstOk(`${op.url}/health`);
    const rss = watchRss(op.pid);
    for (const [path, chunked] of [["/token", false], ["/token", true], ["/users/x", true]]) {
      const method = path === "/token" ? "POST" : "PUT";
      const r = await sendOversized(op.url, method, path as string, {
        totalMb: 256,
        chunked: chunked as boolean,
      });
      if (r.status !== 413) throw new Error(`${path}: ${r.status} instead of 413`);
      const name = `256 MiB ${chunked ? "chunked" : "Content-Length"} ${path} → 413`;
      (rows[name] ??= []).push(r.ms);
    }
    for (let i = 0; i < 20; i++) {
      for (const [url, init] of hostileRequests(op.url)) {
        const res = await fetch(url, init).catch((e) => new Response(String(e), { status: 599 }));
        await res.body?.cancel();
        if (res.status >= 500) {
          throw new Error(`${init.method ?? "GET"} ${url.slice(0, 80)}: ${res.status}`);
        }
      }
    }
    (rows["peak RSS under hostile input"] ??= []).push(rss.stop());
  } finally {
    await op.stop();
  }
}

/**
 * Hostile inputs of issue 16 against a real process: 256 MiB bodies (declared and chunked) must
 * get 413 without being read, and the oversized identifiers, values and numbers 4xx; memory
 * stays bounded throughout.
 */
export const hostile: BenchSection = {
  name: "hostile",
  description: "256 MiB bodies and oversized identifiers/values against a real process",
  async run(opts: BenchOptions): Promise<BenchRow[]> {
    const rows: Record<string, number[]> = {};
    for (let i = 0; i < Math.min(opts.runs, 3); i++) await oneRun(opts, rows);
    return Object.entries(rows).map(([metric, samples]) =>
      metric.startsWith("peak")
        ? { metric, samples, unit: "MB", target: { below: 200 } }
        : { metric, samples, unit: "ms", target: { below: 1000 } }
    );
  },
};
