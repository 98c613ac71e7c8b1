/** A relying party's callback on 127.0.0.1 that records what the browser delivers. */
export interface CallbackServer {
  url: string;
  /** Every request's parameters: the query of a GET, or the form of a POST. */
  received: { method: string; params: Record<string, string> }[];
  close(): Promise<void>;
}

export function startCallbackServer(): CallbackServer {
  const received: CallbackServer["received"] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const url = new URL(req.url);
    if (url.pathname !== "/callback") return new Response("not found", { status: 404 });
    const params = req.method === "POST"
      ? Object.fromEntries(new URLSearchParams(await req.text()))
      : Object.fromEntries(url.searchParams);
    received.push({ method: req.method, params });
    return new Response(`<p id="done">callback ${req.method}</p>`, {
      headers: { "content-type": "text/html" },
    });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/callback`,
    received,
    close: () => server.shutdown(),
  };
}
