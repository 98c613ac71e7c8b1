/** Sends generated requests to a provider and sorts what went wrong into classes. */
import fc from "fast-check";
import { type HostileRequest, hostileRequest } from "./arbitraries.ts";

/** Where requests go: the issuer (with its path) and the origin, and how they are sent. */
export interface FuzzTarget {
  issuer: string;
  send(url: string, init: RequestInit): Promise<Response>;
  /** The provider's log lines so far (internal errors name their cause there). */
  logs: string[];
}

/** One class of failure: a 5xx or a stack trace, by status, method, route and cause. */
export interface Finding {
  key: string;
  count: number;
  example: { method: string; path: string; status: number; body: string };
}

export interface FuzzReport {
  seed: number;
  runs: number;
  sent: number;
  /** Requests the generator made that `fetch` itself refuses (an invalid header value). */
  unsendable: number;
  statuses: Record<number, number>;
  findings: Finding[];
  ms: number;
}

/** A JavaScript stack frame or a source path in a response body. */
const STACK = /(?:^|\n|\\n)\s*at [^\n]*(?:file:\/\/\/|ext:)\S*:\d+:\d+/;

export function urlOf(target: FuzzTarget, path: string): string {
  const origin = new URL(target.issuer).origin;
  return path.startsWith("//root") ? origin + path.slice(6) : target.issuer + path;
}

/** Sends `runs` requests generated from `seed`; every 5xx and stack trace is a finding. */
export async function fuzz(
  target: FuzzTarget,
  opts: { seed: number; runs: number; onProgress?: (done: number) => void },
): Promise<FuzzReport> {
  const started = performance.now();
  const report: FuzzReport = {
    seed: opts.seed,
    runs: opts.runs,
    sent: 0,
    unsendable: 0,
    statuses: {},
    findings: [],
    ms: 0,
  };
  const found = new Map<string, Finding>();
  const property = fc.asyncProperty(hostileRequest, async (req) => {
    await sendOne(target, req, report, found);
    if (report.sent % 1000 === 0) opts.onProgress?.(report.sent);
    return true;
  });
  await fc.assert(property, { seed: opts.seed, numRuns: opts.runs, endOnFailure: true });
  report.findings = [...found.values()].sort((a, b) => b.count - a.count);
  report.ms = Math.round(performance.now() - started);
  return report;
}

async function sendOne(
  target: FuzzTarget,
  req: HostileRequest,
  report: FuzzReport,
  found: Map<string, Finding>,
): Promise<void> {
  let init: RequestInit;
  try {
    init = { method: req.method, headers: new Headers(req.headers), body: req.body };
  } catch {
    report.unsendable++;
    return;
  }
  const logged = target.logs.length;
  let res: Response;
  let body: string;
  try {
    res = await target.send(urlOf(target, req.path), { ...init, redirect: "manual" });
    body = await res.text();
  } catch (err) {
    // fetch refuses a URL of hundreds of kilobytes before sending it: nothing reached us.
    if (/^Invalid URL/.test((err as Error).message)) report.unsendable++;
    else {record(
        found,
        `transport ${req.method} ${req.route}: ${(err as Error).message}`,
        req,
        0,
        "",
      );}
    return;
  }
  report.sent++;
  report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
  const stack = STACK.test(body);
  if (res.status < 500 && !stack) return;
  const cause = target.logs.slice(logged).find((l) => l.includes("internal error")) ??
    body.slice(0, 200);
  const key = `${res.status} ${req.method} ${req.route}${stack ? " (stack trace)" : ""}: ${
    cause.replace(/path=\S+ /, "").slice(0, 240)
  }`;
  record(found, key, req, res.status, body);
}

function record(
  found: Map<string, Finding>,
  key: string,
  req: HostileRequest,
  status: number,
  body: string,
): void {
  const seen = found.get(key);
  if (seen) seen.count++;
  else {
    const example = { method: req.method, path: req.path.slice(0, 300), status };
    found.set(key, { key, count: 1, example: { ...example, body: body.slice(0, 300) } });
  }
}
