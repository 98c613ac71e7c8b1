import assert from "node:assert/strict";
import {
  outboundFetch,
  OutboundFetchError,
  parseJsonBody,
} from "../../src/protocol/outbound_fetch.ts";
import { localServer } from "../http/oidc_helpers.ts";
import { closedPortUrl, dripServer, hugeAnswerServer, silentServer } from "./outbound_servers.ts";

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof OutboundFetchError, String(err));
    return err.message;
  }
  assert.fail("the fetch succeeded");
}

Deno.test("outboundFetch reads a small JSON answer", async () => {
  await using server = localServer(() => Response.json({ keys: [] }));
  const res = await outboundFetch(`${server.url}/jwks`);
  assert.equal(res.status, 200);
  assert.deepEqual(parseJsonBody(res), { keys: [] });
});

Deno.test("outboundFetch stops a 200 MiB stream at the cap, reading little of it", async () => {
  await using server = hugeAnswerServer(200 * 1024 * 1024);
  const message = await failure(outboundFetch(`${server.url}/big`));
  assert.equal(message, "answered more than 512 KiB, the limit");
  assert.ok(server.sent() < 8 * 1024 * 1024, `the server sent ${server.sent()} bytes`);
});

Deno.test("outboundFetch refuses a declared Content-Length over the cap before reading", async () => {
  await using server = hugeAnswerServer(2 * 1024 * 1024, { declareLength: true });
  const message = await failure(outboundFetch(`${server.url}/big`, { maxBytes: 1024 * 1024 }));
  assert.equal(message, "answered more than 1024 KiB, the limit");
});

Deno.test("outboundFetch does not follow a redirect", async () => {
  let followed = 0;
  await using server = localServer((req) => {
    if (new URL(req.url).pathname === "/target") followed++;
    return new Response(null, { status: 302, headers: { Location: "/target" } });
  });
  const message = await failure(outboundFetch(`${server.url}/start`));
  assert.equal(message, "answered a redirect (HTTP 302); redirects are not followed");
  assert.equal(followed, 0);
});

Deno.test("outboundFetch gives a body that drips slowly the same deadline", async () => {
  await using server = dripServer();
  const started = performance.now();
  const message = await failure(outboundFetch(`${server.url}/drip`, { timeoutMs: 800 }));
  assert.equal(message, "broke off its answer, or did not finish it within 0.8s");
  assert.ok(performance.now() - started < 5000, "the deadline covers the body");
});

Deno.test("a closed port and an open, silent one fail with the same text", async () => {
  const closed = await closedPortUrl();
  await using silent = silentServer();
  const a = await failure(outboundFetch(closed, { timeoutMs: 500 }));
  const b = await failure(outboundFetch(silent.url, { timeoutMs: 500 }));
  assert.equal(a, b);
  assert.equal(a, "could not be reached: the connection failed or no answer came within 0.5s");
});

Deno.test("outboundFetch refuses http when https is required, and other schemes always", async () => {
  assert.equal(
    await failure(outboundFetch("http://127.0.0.1:1/x", { requireHttps: true })),
    "must be an https URL (strict mode fetches nothing over http)",
  );
  assert.equal(await failure(outboundFetch("file:///etc/passwd")), "is not an http(s) URL");
  assert.equal(await failure(outboundFetch("keys.json")), "is not an absolute URL");
});
