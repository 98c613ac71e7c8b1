/**
 * A minimal HTTP/1.1 keep-alive load client over raw TCP. `fetch` spends about as much CPU per
 * request as the server does answering it; on a small machine it would take the very cores the
 * server signs with, and the bench would measure the client.
 */
import { type LoadResult, loadResult } from "./load.ts";

const utf8 = new TextEncoder();
const HEADER_END = utf8.encode("\r\n\r\n");

/** One request, sent as is on every connection. */
export interface RawRequest {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

function encodeRequest(host: string, r: RawRequest): Uint8Array {
  const body = r.body ?? "";
  const headers = { Host: host, "Content-Length": String(utf8.encode(body).length), ...r.headers };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  return utf8.encode(`${r.method} ${r.path} HTTP/1.1\r\n${lines}\r\n${body}`);
}

function indexOf(data: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i <= data.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (data[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** A connection that reads one Content-Length-framed response at a time. */
class Connection {
  #pending = new Uint8Array(0);
  #buf = new Uint8Array(64 * 1024);
  constructor(readonly conn: Deno.Conn) {}

  async exchange(request: Uint8Array): Promise<number> {
    await this.conn.write(request);
    for (;;) {
      const end = indexOf(this.#pending, HEADER_END);
      if (end >= 0) {
        const head = new TextDecoder().decode(this.#pending.subarray(0, end));
        const length = Number(head.match(/\r\ncontent-length:\s*(\d+)/i)?.[1] ?? 0);
        const total = end + HEADER_END.length + length;
        if (this.#pending.length >= total) {
          this.#pending = this.#pending.slice(total);
          return Number(head.slice(9, 12));
        }
      }
      const n = await this.conn.read(this.#buf);
      if (n === null) throw new Error("the server closed the connection");
      const merged = new Uint8Array(this.#pending.length + n);
      merged.set(this.#pending);
      merged.set(this.#buf.subarray(0, n), this.#pending.length);
      this.#pending = merged;
    }
  }
}

/**
 * Sends `request` `total` times over `concurrency` keep-alive connections (closed loop: each
 * connection sends its next request when the previous answer is in). Bounded by count and,
 * with `seconds`, by wall time.
 */
export async function rawLoad(
  url: string,
  request: RawRequest,
  opts: { total: number; concurrency: number; expect?: number; seconds?: number },
): Promise<LoadResult> {
  const { hostname, port, host } = new URL(url);
  const bytes = encodeRequest(host, request);
  const latencies: number[] = [];
  let started = 0;
  let errors = 0;
  const t0 = performance.now();
  const deadline = t0 + (opts.seconds ?? Infinity) * 1000;
  const worker = async () => {
    const c = new Connection(await Deno.connect({ hostname, port: Number(port) }));
    try {
      while (started < opts.total && performance.now() < deadline) {
        started++;
        const t = performance.now();
        const status = await c.exchange(bytes);
        if (status === (opts.expect ?? 200)) latencies.push(performance.now() - t);
        else errors++;
      }
    } finally {
      c.conn.close();
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return loadResult(latencies, errors, t0);
}
