/** Hostile servers on 127.0.0.1 for the outbound fetch tests: huge, dripping, silent, closed. */

const CHUNK = 64 * 1024;

/** Answers `total` bytes as fast as they are read, counting what it sent. */
export function hugeAnswerServer(total: number, opts: { declareLength?: boolean } = {}) {
  let sent = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= total) return controller.close();
        const n = Math.min(CHUNK, total - sent);
        sent += n;
        controller.enqueue(new Uint8Array(n).fill(0x61));
      },
    });
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (opts.declareLength) headers["Content-Length"] = String(total);
    return new Response(body, { headers });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    sent: () => sent,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

/** Answers 200 at once, then one byte every 100 ms, for at most 30 s. */
export function dripServer() {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    let left = 300;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (left-- <= 0) return controller.close();
        await new Promise((r) => {
          const t = setTimeout(() => (timers.delete(t), r(null)), 100);
          timers.add(t);
        });
        controller.enqueue(new Uint8Array([0x20]));
      },
    });
    return new Response(body, { headers: { "Content-Type": "application/json" } });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    [Symbol.asyncDispose]: async () => {
      for (const t of timers) clearTimeout(t);
      await server.shutdown();
    },
  };
}

/** Accepts connections and never answers. */
export function silentServer() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  const accepting = (async () => {
    try {
      for await (const conn of listener) conns.push(conn);
    } catch { /* closed */ }
  })();
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}/silent`,
    [Symbol.asyncDispose]: async () => {
      listener.close();
      for (const c of conns) {
        try {
          c.close();
        } catch { /* already closed */ }
      }
      await accepting;
    },
  };
}

/** A URL on a port nothing listens on (bound, then released). */
export function closedPortUrl(): Promise<string> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return Promise.resolve(`http://127.0.0.1:${port}/closed`);
}
