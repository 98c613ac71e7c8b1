import assert from "node:assert/strict";
import { authorize, authParams } from "../flow.ts";
import { form, testProvider } from "../helpers.ts";

/** Asserts the headers every HTML page carries, and returns its CSP directives by name. */
function assertPageHeaders(res: Response): Map<string, string> {
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.equal(res.headers.get("x-frame-options"), "DENY");
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  assert.equal(res.headers.get("referrer-policy"), "no-referrer");
  const csp = res.headers.get("content-security-policy") ?? "";
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, csp);
  const d = new Map(csp.split("; ").map((p) => [p.split(" ")[0], p.slice(p.indexOf(" ") + 1)]));
  assert.equal(d.get("default-src"), "'none'");
  assert.equal(d.get("frame-ancestors"), "'none'");
  assert.match(d.get("style-src") ?? "", /^'sha256-[A-Za-z0-9+/=]+'( 'sha256-[A-Za-z0-9+/=]+')*$/);
  return d;
}

Deno.test("every HTML page gets its CSP, framing, sniffing and referrer headers from one place", async () => {
  await using p = await testProvider();
  const pages: [string, Response][] = [
    ["login", await authorize(p, authParams())],
    ["error", await p.request("/authorize?client_id=x")],
    ["logged out", await p.request("/logout")],
    ["device", await p.request("/device")],
    ["inspector", await p.request("/")],
  ];
  for (const [name, res] of pages) {
    const d = assertPageHeaders(res);
    assert.equal(d.get("script-src"), undefined, `${name} runs no script`);
    await res.body?.cancel();
  }
});

Deno.test("the form_post page may run exactly its own submit script, by hash", async () => {
  await using p = await testProvider({ autoLogin: "alice" });
  const res = await authorize(p, authParams({ response_mode: "form_post" }));
  assert.equal(res.status, 200);
  const d = assertPageHeaders(res);
  assert.equal(d.get("form-action"), "http://127.0.0.1:3000", "only to the client's callback");
  const script = (await res.text()).match(/<script>([^<]*)<\/script>/)![1];
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(script));
  const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
  assert.equal(d.get("script-src"), `'sha256-${hash}'`);
});

Deno.test("JSON responses are no-store and nosniff without each route setting it", async () => {
  await using p = await testProvider();
  for (const res of [await p.request("/token", form({})), await p.request("/admin/clock")]) {
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    await res.body?.cancel();
  }
  const jwks = await p.request("/jwks");
  assert.equal(jwks.headers.get("cache-control"), "public, max-age=60", "a route's own choice");
  await jwks.body?.cancel();
});

/** A chunked body (no Content-Length) of `total` bytes; counts the bytes actually pulled. */
function countedStream(total: number, chunk = 16 * 1024) {
  const counter = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (counter.pulled >= total) return ctl.close();
      const n = Math.min(chunk, total - counter.pulled);
      counter.pulled += n;
      ctl.enqueue(new Uint8Array(n).fill(0x61));
    },
  }, { highWaterMark: 0 });
  return { body, counter };
}

const LIMITED: [string, string, string, number][] = [
  ["POST", "/token", "application/x-www-form-urlencoded", 64 * 1024],
  ["POST", "/register", "application/json", 64 * 1024],
  ["PUT", "/admin/clock", "application/json", 64 * 1024],
  ["PUT", "/users/carol", "application/json", 32 * 1024],
  ["POST", "/authorize", "application/x-www-form-urlencoded", 64 * 1024],
];

for (const [method, path, type, limit] of LIMITED) {
  Deno.test(`${method} ${path}: a chunked body stops being read at the ${limit}-byte limit (413)`, async () => {
    await using p = await testProvider();
    const { body, counter } = countedStream(4 * 1024 * 1024);
    const res = await p.request(path, { method, headers: { "content-type": type }, body });
    assert.equal(res.status, 413);
    assert.ok(counter.pulled <= limit + 64 * 1024, `read ${counter.pulled} bytes`);
    const text = await res.text();
    assert.match(text, new RegExp(`the body is larger than ${limit} bytes`));
  });

  Deno.test(`${method} ${path}: a Content-Length over the limit gets 413 before any read`, async () => {
    await using p = await testProvider();
    const { body, counter } = countedStream(limit + 1);
    const res = await p.request(path, {
      method,
      headers: { "content-type": type, "content-length": String(256 * 1024 * 1024) },
      body,
    });
    assert.equal(res.status, 413);
    assert.equal(counter.pulled, 0);
    await res.body?.cancel();
  });
}

Deno.test("the limit counts bytes, not UTF-16 code units", async () => {
  await using p = await testProvider();
  // 30,000 "€" are 30,000 UTF-16 code units but 90,000 bytes of UTF-8.
  const res = await p.request("/register", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      redirect_uris: ["https://a.example/cb"],
      client_name: "€".repeat(30_000),
    }),
  });
  assert.equal(res.status, 413);
  await res.body?.cancel();
});
