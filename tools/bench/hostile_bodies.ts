/** Oversized bodies over raw TCP: a declared Content-Length, or chunks without one. */

const utf8 = new TextEncoder();
const CHUNK = new Uint8Array(256 * 1024).fill(0x61);

/** How a 413 arrived: how long it took, and how many bytes were sent before it. */
export interface Oversized {
  status: number;
  ms: number;
  sentMb: number;
}

function head(host: string, method: string, path: string, chunked: boolean, total: number) {
  const framing = chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${total}`;
  return utf8.encode(
    `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n${framing}\r\n` +
      "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n",
  );
}

/** Reads until the status line is in; resolves to the status (0 when the server just closed). */
async function readStatus(conn: Deno.Conn): Promise<number> {
  const buf = new Uint8Array(4096);
  let text = "";
  while (!/^HTTP\/1\.1 \d{3}/.test(text)) {
    const n = await conn.read(buf).catch(() => null);
    if (n === null) return 0;
    text += new TextDecoder().decode(buf.subarray(0, n));
  }
  return Number(text.slice(9, 12));
}

/**
 * Sends up to `totalMb` MiB to `path` and stops as soon as an answer comes (or after 30 s): a
 * server that refuses early is one that never read the body.
 */
export async function sendOversized(
  url: string,
  method: string,
  path: string,
  opts: { totalMb: number; chunked: boolean },
): Promise<Oversized> {
  const { hostname, port, host } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  const total = opts.totalMb * 1024 * 1024;
  const started = performance.now();
  let answered = false;
  const status = readStatus(conn).then((s) => (answered = true, s));
  let sent = 0;
  try {
    await conn.write(head(host, method, path, opts.chunked, total));
    const frame = opts.chunked ? utf8.encode(`${CHUNK.length.toString(16)}\r\n`) : null;
    while (!answered && sent < total && performance.now() - started < 30_000) {
      if (frame) await conn.write(frame);
      await conn.write(CHUNK);
      if (frame) await conn.write(utf8.encode("\r\n"));
      sent += CHUNK.length;
    }
  } catch { /* the server closed the connection: it stopped reading */ }
  const result = await Promise.race([status, new Promise<number>((r) => setTimeout(r, 5000, 0))]);
  const ms = performance.now() - started;
  try {
    conn.close();
  } catch { /* already closed */ }
  return { status: result, ms, sentMb: sent / 1024 / 1024 };
}
