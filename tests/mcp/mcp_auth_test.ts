/**
 * Gatehouse as the authorization server of an MCP server, driven by the official MCP SDK
 * (`@modelcontextprotocol/sdk`) over https with the local CA: dynamic client registration and
 * Client ID Metadata Documents, signed in through Chromium and with --auto-login.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { startProvider } from "../../mod.ts";
import { leafNames, prepareTls } from "../../src/tls/setup.ts";
import { tempDir } from "../fixtures/temp_dir.ts";
import { launchBrowser } from "../browser/chromium.ts";
import { startCallbackServer } from "../browser/callback_server.ts";
import { startMcpServer } from "./mcp_server.ts";
import { authorize, connectClient, MemoryOAuthProvider, whoami } from "./mcp_client.ts";
import { browserTest } from "../browser/chromium.ts";

const ALICE = { sub: "alice", name: "Alice Adams" };

/** Gatehouse over https, an MCP server and a fetch trusting the local CA, torn down together. */
async function setup(opts: { autoLogin?: string; accessTokenTtl?: string } = {}) {
  const dir = await tempDir();
  const caDir = join(dir.path, "ca");
  const op = await startProvider({
    tls: true,
    tlsCaDir: caDir,
    users: [ALICE],
    log: false,
    ...opts,
  });
  const httpClient = Deno.createHttpClient({ caCerts: [op.caCert!] });
  const trusted: typeof fetch = (input, init) => fetch(input, { ...init, client: httpClient });
  // The same leaf Gatehouse serves with: the local CA's certificate for localhost.
  const leaf = await prepareTls({
    caDir,
    names: leafNames(op.issuer, []),
    certFile: null,
    keyFile: null,
  });
  const mcp = startMcpServer({
    issuer: op.issuer,
    cert: leaf.cert,
    key: leaf.key,
    fetch: trusted,
    scopes: ["mcp:tools"],
  });
  const documents = new Map<string, (url: string) => unknown>();
  let docFetches = 0;
  const docServer = Deno.serve(
    { hostname: "127.0.0.1", port: 0, cert: leaf.cert, key: leaf.key, onListen() {} },
    (req) => {
      const doc = documents.get(new URL(req.url).pathname);
      if (!doc) return new Response("not found", { status: 404 });
      docFetches++;
      return Response.json(doc(req.url));
    },
  );
  const docUrl = (path: string) => `https://localhost:${docServer.addr.port}${path}`;
  return {
    op,
    mcp,
    leaf,
    trusted,
    documents,
    docUrl,
    docFetches: () => docFetches,
    async [Symbol.asyncDispose]() {
      await docServer.shutdown();
      await mcp[Symbol.asyncDispose]();
      httpClient.close();
      await op.close();
      await dir[Symbol.asyncDispose]();
    },
  };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** --auto-login: /authorize answers with a redirect carrying the code at once. */
function autoSignIn(s: Setup) {
  return async (url: URL) => {
    const res = await s.trusted(url, { redirect: "manual" });
    await res.body?.cancel();
    assert.equal(res.status, 303, `expected a redirect from ${url}`);
    const code = new URL(res.headers.get("location")!).searchParams.get("code");
    assert.ok(code, res.headers.get("location")!);
    return code;
  };
}

/** The SHA-256 of the leaf's public key, which Chromium is told to accept. */
async function spkiPin(certPem: string): Promise<string> {
  const cert = new x509.X509Certificate(certPem.split(/(?<=-----END CERTIFICATE-----)/)[0]);
  const digest = await crypto.subtle.digest("SHA-256", cert.publicKey.rawData);
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

/** Signs alice in on the login page in Chromium; the callback receives the code. */
async function browserSignIn(s: Setup, url: URL, callback: ReturnType<typeof startCallbackServer>) {
  const browser = await launchBrowser([
    `--ignore-certificate-errors-spki-list=${await spkiPin(s.leaf.cert)}`,
  ]);
  try {
    const page = await browser.context.newPage();
    await page.goto(url.href);
    await page.click('button[name="sub"][value="alice"]');
    await page.waitForSelector("#done");
    const code = callback.received.at(-1)?.params.code;
    assert.ok(code, JSON.stringify(callback.received));
    return code;
  } finally {
    await browser.close();
  }
}

function cimdDocument(redirect: string) {
  return (url: string) => ({
    client_id: url,
    client_name: "CIMD test host",
    redirect_uris: [redirect],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
  });
}

Deno.test("MCP SDK: dynamic registration, --auto-login, a tool call, then a refresh after expiry", async () => {
  await using s = await setup({ autoLogin: "alice", accessTokenTtl: "2s" });
  const provider = new MemoryOAuthProvider("http://127.0.0.1:53682/callback");
  await authorize(s.mcp.url, provider, s.trusted, autoSignIn(s));
  const info = provider.clientInformation()!;
  assert.ok(!info.client_id.startsWith("https://"), "a registered client_id");
  const client = await connectClient(s.mcp.url, provider, s.trusted);
  try {
    assert.equal(await whoami(client), "you are alice");
    const first = provider.saved!.access_token;
    assert.ok(provider.saved!.refresh_token, "a refresh token was issued");
    await new Promise((r) => setTimeout(r, 3000));
    const refusedBefore = s.mcp.refused();
    assert.equal(await whoami(client), "you are alice");
    assert.equal(s.mcp.refused(), refusedBefore + 1, "the expired token was refused once");
    assert.notEqual(provider.saved!.access_token, first, "the SDK refreshed the token");
  } finally {
    await client.close();
  }
});

Deno.test("MCP SDK: a Client ID Metadata Document served over https, --auto-login", async () => {
  await using s = await setup({ autoLogin: "alice" });
  const redirect = "http://127.0.0.1:53682/callback";
  s.documents.set("/host.json", cimdDocument(redirect));
  const provider = new MemoryOAuthProvider(redirect, s.docUrl("/host.json"));
  await authorize(s.mcp.url, provider, s.trusted, autoSignIn(s));
  assert.equal(provider.clientInformation()!.client_id, s.docUrl("/host.json"));
  assert.ok(s.docFetches() >= 1, "Gatehouse fetched the document");
  const client = await connectClient(s.mcp.url, provider, s.trusted);
  try {
    assert.equal(await whoami(client), "you are alice");
  } finally {
    await client.close();
  }
});

for (const kind of ["DCR", "CIMD"] as const) {
  browserTest({
    name: `MCP SDK: ${kind} signed in on the login page in Chromium`,
    fn: async () => {
      await using s = await setup();
      const callback = startCallbackServer();
      try {
        s.documents.set("/host.json", cimdDocument(callback.url));
        const provider = new MemoryOAuthProvider(
          callback.url,
          kind === "CIMD" ? s.docUrl("/host.json") : undefined,
        );
        await authorize(s.mcp.url, provider, s.trusted, (url) => browserSignIn(s, url, callback));
        assert.equal(
          provider.clientInformation()!.client_id.startsWith("https://"),
          kind === "CIMD",
        );
        const client = await connectClient(s.mcp.url, provider, s.trusted);
        try {
          assert.equal(await whoami(client), "you are alice");
        } finally {
          await client.close();
        }
      } finally {
        await callback.close();
      }
    },
  });
}

/** The authorization URL the SDK builds, answered by Gatehouse without following redirects. */
async function refusedAuthorization(s: Setup, provider: MemoryOAuthProvider) {
  let page = "";
  await assert.rejects(
    authorize(s.mcp.url, provider, s.trusted, async (url) => {
      const res = await s.trusted(url, { redirect: "manual" });
      assert.equal(res.status, 400);
      assert.equal(res.headers.get("location"), null, "an error page, never a redirect");
      page = await res.text();
      throw new Error("refused");
    }),
    /refused/,
  );
  return page;
}

Deno.test("MCP SDK: a CIMD redirect_uri outside the document is refused on the error page", async () => {
  await using s = await setup({ autoLogin: "alice" });
  s.documents.set("/host.json", cimdDocument("http://127.0.0.1:53682/callback"));
  const provider = new MemoryOAuthProvider(
    "https://attacker.example/callback",
    s.docUrl("/host.json"),
  );
  const page = await refusedAuthorization(s, provider);
  assert.ok(page.includes("https://attacker.example/callback is not registered"), page);
  assert.equal(provider.saved, undefined, "no tokens");
});

Deno.test("MCP SDK: a document whose client_id is another URL is refused on the error page", async () => {
  await using s = await setup({ autoLogin: "alice" });
  s.documents.set("/host.json", (url) => ({
    ...cimdDocument("http://127.0.0.1:53682/callback")(url) as object,
    client_id: "https://elsewhere.example/host.json",
  }));
  const provider = new MemoryOAuthProvider(
    "http://127.0.0.1:53682/callback",
    s.docUrl("/host.json"),
  );
  const page = await refusedAuthorization(s, provider);
  assert.ok(
    page.includes("says its client_id is &quot;https://elsewhere.example/host.json&quot;"),
    page,
  );
  assert.equal(provider.saved, undefined, "no tokens");
});
