import assert from "node:assert/strict";
import { authorize, authParams, location, REDIRECT, VERIFIER } from "../flow.ts";
import { form, type TestProvider, testProvider } from "../helpers.ts";
import { httpsServer } from "../fixtures/https_server.ts";

/** Serves `doc(url)` as the metadata document at /client.json, counting fetches. */
async function documentServer(
  doc: (url: string) => unknown,
  headers: Record<string, string> = {},
) {
  let fetches = 0;
  const server = await httpsServer(() => {
    fetches++;
    return new Response(JSON.stringify(doc(`${server.url}/client.json`)), {
      headers: { "Content-Type": "application/json", ...headers },
    });
  });
  return { ...server, clientId: `${server.url}/client.json`, fetches: () => fetches };
}

const GOOD = (url: string) => ({
  client_id: url,
  client_name: "MCP test client",
  redirect_uris: [REDIRECT],
  grant_types: ["authorization_code", "refresh_token"],
  response_types: ["code"],
  token_endpoint_auth_method: "none",
});

async function assertPage(res: Response, description: string) {
  assert.equal(res.status, 400);
  assert.equal(res.headers.get("location"), null);
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  const html = await res.text();
  assert.ok(html.includes("<code>invalid_client</code>") || html.includes("invalid_request"));
  const escaped = description.replaceAll("&", "&amp;").replaceAll('"', "&quot;");
  assert.ok(html.includes(escaped), `page lacks "${escaped}": ${html.slice(0, 2000)}`);
}

async function provider(caPem: string, extra: Parameters<typeof testProvider>[0] = {}) {
  return await testProvider({ autoLogin: "", trustedCaPem: caPem, ...extra });
}

async function signInAndRedeem(p: TestProvider, clientId: string) {
  const url = location(await authorize(p, authParams({ client_id: clientId })));
  const code = url.searchParams.get("code");
  assert.ok(code, `no code in ${url}`);
  return await p.request(
    "/token",
    form({
      grant_type: "authorization_code",
      code,
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
    }),
  );
}

Deno.test("discovery advertises client_id_metadata_document_supported", async () => {
  await using p = await testProvider();
  const res = await p.request("/.well-known/oauth-authorization-server");
  assert.equal((await res.json()).client_id_metadata_document_supported, true);
});

for (const strict of [false, true]) {
  Deno.test(`an https client_id is fetched and used as the client (strict: ${strict})`, async () => {
    await using docs = await documentServer(GOOD, { "Cache-Control": "max-age=300" });
    await using p = await provider(docs.caPem, { strict });
    const res = await signInAndRedeem(p, docs.clientId);
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.ok(body.access_token);
    await signInAndRedeem(p, docs.clientId);
    assert.equal(docs.fetches(), 1, "the document is cached for its max-age");
  });
}

Deno.test("a redirect_uri outside the document gets the error page, never a redirect", async () => {
  await using docs = await documentServer(GOOD);
  await using p = await provider(docs.caPem);
  const elsewhere = "https://attacker.example/cb";
  const res = await authorize(
    p,
    authParams({ client_id: docs.clientId, redirect_uri: elsewhere }),
  );
  assert.equal(res.status, 400);
  assert.equal(res.headers.get("location"), null);
  const html = await res.text();
  assert.ok(html.includes(`is not registered for client`), html.slice(0, 2000));
});

Deno.test("a document whose client_id is not its URL is refused on the error page", async () => {
  await using docs = await documentServer((url) => ({ ...GOOD(url), client_id: "other" }));
  await using p = await provider(docs.caPem);
  await assertPage(
    await authorize(p, authParams({ client_id: docs.clientId })),
    `the client metadata document ${docs.clientId} says its client_id is "other"; it must be its own URL`,
  );
});

const BROKEN: [string, (url: string) => unknown, string][] = [
  ["without redirect_uris", (url) => ({ ...GOOD(url), redirect_uris: [] }), "has no redirect_uris"],
  [
    "with a secret",
    (url) => ({ ...GOOD(url), client_secret: "s3cret" }),
    'has "client_secret"; a metadata document must not hold a secret',
  ],
  [
    "with a secret-based auth method",
    (url) => ({ ...GOOD(url), token_endpoint_auth_method: "client_secret_basic" }),
    "has token_endpoint_auth_method client_secret_basic; use none or private_key_jwt",
  ],
  [
    "with private_key_jwt and no keys",
    (url) => ({ ...GOOD(url), token_endpoint_auth_method: "private_key_jwt" }),
    'is invalid: token_endpoint_auth_method private_key_jwt needs "jwks" or "jwks_uri"',
  ],
  ["that is not an object", () => ["x"], "is not a JSON object"],
];

for (const [name, doc, problem] of BROKEN) {
  Deno.test(`a metadata document ${name} is refused on the error page`, async () => {
    await using docs = await documentServer(doc);
    await using p = await provider(docs.caPem);
    await assertPage(
      await authorize(p, authParams({ client_id: docs.clientId })),
      `the client metadata document ${docs.clientId} ${problem}`,
    );
  });
}

Deno.test("a document served as text/html is refused with the reason", async () => {
  await using docs = await documentServer(GOOD, { "Content-Type": "text/html" });
  await using p = await provider(docs.caPem);
  await assertPage(
    await authorize(p, authParams({ client_id: docs.clientId })),
    `the client metadata document ${docs.clientId} answered Content-Type text/html; it must be application/json`,
  );
});

Deno.test("Cache-Control: no-store makes every use fetch the document again", async () => {
  await using docs = await documentServer(GOOD, { "Cache-Control": "no-store" });
  await using p = await provider(docs.caPem);
  location(await authorize(p, authParams({ client_id: docs.clientId })));
  const afterFirst = docs.fetches();
  assert.ok(afterFirst >= 1);
  location(await authorize(p, authParams({ client_id: docs.clientId })));
  assert.equal(docs.fetches(), 2 * afterFirst, "the second sign-in fetched it again");
});
