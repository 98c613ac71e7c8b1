/** A relying party's callback on 127.0.0.1 that records what the browser delivers. */
export interface CallbackServer {
  url: string;
  /**
   * A callback page whose script posts its fragment back (what a single-page RP of the implicit
   * and hybrid flows does); recorded with `fragment: true`.
   */
  fragmentUrl: string;
  /** Every request's parameters: the query of a GET, or the form of a POST. */
  received: { method: string; params: Record<string, string>; fragment?: boolean }[];
  close(): Promise<void>;
}

/** Reads `location.hash` and posts it to the same path; then shows #done. */
const FRAGMENT_PAGE = `<!doctype html><body><script>
fetch(location.pathname, { method: "POST", body: new URLSearchParams(location.hash.slice(1)) })
  .then(() => { document.body.innerHTML = '<p id="done">fragment received</p>'; });
</script></body>`;

export function startCallbackServer(): CallbackServer {
  const received: CallbackServer["received"] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const url = new URL(req.url);
    if (url.pathname === "/fragment" && req.method === "GET") {
      return new Response(FRAGMENT_PAGE, { headers: { "content-type": "text/html" } });
    }
    if (url.pathname === "/fragment") {
      const params = Object.fromEntries(new URLSearchParams(await req.text()));
      received.push({ method: req.method, params, fragment: true });
      return new Response(null, { status: 204 });
    }
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
    fragmentUrl: `http://127.0.0.1:${server.addr.port}/fragment`,
    received,
    close: () => server.shutdown(),
  };
}
