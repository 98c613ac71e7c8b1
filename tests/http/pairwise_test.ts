import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { testProvider } from "../helpers.ts";
import { introspect } from "../token_clients.ts";
import { bearer, REDIRECT, registered } from "./client_helpers.ts";
import { authorizeCode, localServer, signIn } from "./oidc_helpers.ts";

const UNREACHABLE = "could not be reached: the connection failed or no answer came within 3s";

const OTHER_REDIRECT = "http://localhost:4000/cb";

/** Serves the sector document: both redirect URIs, so both clients share sector 127.0.0.1. */
function sectorServer() {
  return localServer((req) =>
    new URL(req.url).pathname === "/sector.json"
      ? Response.json([REDIRECT, OTHER_REDIRECT])
      : new Response("not here", { status: 404 })
  );
}

async function pairwiseClient(
  op: Awaited<ReturnType<typeof testProvider>>,
  redirect: string,
  sectorUri?: string,
) {
  return await registered(op, {
    redirect_uris: [redirect],
    post_logout_redirect_uris: ["http://127.0.0.1:3000/bye"],
    token_endpoint_auth_method: "none",
    subject_type: "pairwise",
    ...(sectorUri ? { sector_identifier_uri: sectorUri } : {}),
  });
}

Deno.test("a pairwise sub is stable per sector and differs across sectors", async () => {
  await using op = await testProvider({ autoLogin: "" });
  await using sector = sectorServer();
  const a = await pairwiseClient(op, REDIRECT, `${sector.url}/sector.json`);
  const b = await pairwiseClient(op, OTHER_REDIRECT, `${sector.url}/sector.json`);
  const c = await pairwiseClient(op, "http://localhost:5000/cb");
  const sub = async (clientId: string, redirectUri = REDIRECT, hint = "alice") =>
    decodeJwt(
      (await signIn(op, clientId, { redirectUri, params: { login_hint: hint } })).tokens.id_token,
    ).sub;

  const subA = await sub(a.client_id);
  assert.match(String(subA), /^[A-Za-z0-9_-]{43}$/);
  assert.equal(await sub(a.client_id), subA, "stable for one client");
  assert.equal(await sub(b.client_id, OTHER_REDIRECT), subA, "the same for the same sector");
  const subC = await sub(c.client_id, "http://localhost:5000/cb");
  assert.notEqual(subC, subA, "another sector (localhost) sees another sub");
  assert.notEqual(await sub(a.client_id, REDIRECT, "bob"), subA, "another user, another sub");
  assert.equal(await sub("public-app"), "alice", "public clients see the user's own sub");
});

Deno.test("userinfo, the access token and introspection carry the pairwise sub", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const client = await pairwiseClient(op, REDIRECT);
  const { tokens } = await signIn(op, client.client_id, { params: { scope: "openid profile" } });
  const sub = decodeJwt(tokens.id_token).sub;
  assert.notEqual(sub, "alice");
  assert.equal(decodeJwt(tokens.access_token).sub, sub);
  const res = await op.request("/userinfo", { headers: bearer(tokens.access_token) });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    sub,
    name: "Alice Adams",
    given_name: "Alice",
    family_name: "Adams",
    groups: ["admins", "staff"],
  });
  const info = await introspect(op, tokens.access_token);
  assert.equal(info.sub, sub);
  assert.equal(info.username, sub, "introspection never shows the user's own id");
});

Deno.test("a pairwise client's refresh token introspects with the pairwise sub", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const client = await registered(op, {
    redirect_uris: [REDIRECT],
    token_endpoint_auth_method: "none",
    grant_types: ["authorization_code", "refresh_token"],
    subject_type: "pairwise",
  });
  const { tokens } = await signIn(op, client.client_id, {
    params: { scope: "openid offline_access" },
  });
  const info = await introspect(op, tokens.refresh_token, "refresh_token");
  assert.equal(info.token_type, "refresh_token");
  assert.equal(info.sub, decodeJwt(tokens.id_token).sub);
  assert.equal(info.username, info.sub);
});

Deno.test("an update (RFC 7592) fetches the sector_identifier_uri again", async () => {
  await using op = await testProvider();
  await using sector = sectorServer();
  const uri = `${sector.url}/sector.json`;
  const client = await pairwiseClient(op, REDIRECT, uri);
  const res = await op.request(`/register/${client.client_id}`, {
    method: "PUT",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${client.registration_access_token}`,
    },
    body: JSON.stringify({
      client_id: client.client_id,
      redirect_uris: [REDIRECT, "http://127.0.0.1:3000/new"],
      token_endpoint_auth_method: "none",
      subject_type: "pairwise",
      sector_identifier_uri: uri,
    }),
  });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), {
    error: "invalid_client_metadata",
    error_description: `sector_identifier_uri "${uri}" does not list the redirect URI ` +
      '"http://127.0.0.1:3000/new"; it must list every redirect URI of the client',
  });
});

Deno.test("a sector_identifier_uri that does not answer fails registration after 3s", async () => {
  await using op = await testProvider();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => release = resolve);
  await using server = localServer(async () => {
    await gate;
    return Response.json([REDIRECT]);
  });
  const uri = `${server.url}/slow.json`;
  const started = Date.now();
  const res = await op.request("/register", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      redirect_uris: [REDIRECT],
      subject_type: "pairwise",
      sector_identifier_uri: uri,
    }),
  });
  release();
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), {
    error: "invalid_client_metadata",
    error_description: `sector_identifier_uri "${uri}" ${UNREACHABLE}`,
  });
  assert.ok(Date.now() - started < 4500, "the timeout is short");
});

Deno.test("id_token_hint and login_hint with a pairwise sub name the real user", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const client = await pairwiseClient(op, REDIRECT);
  const alice = await signIn(op, client.client_id);
  // prompt=none with the hint: the signed-in user is the one the hint names.
  const again = await authorizeCode(op, client.client_id, {
    cookie: alice.cookie,
    params: { prompt: "none", id_token_hint: alice.tokens.id_token },
  });
  assert.ok(again.code);

  const bob = await signIn(op, client.client_id, { params: { login_hint: "bob" } });
  const bobSub = String(decodeJwt(bob.tokens.id_token).sub);
  const hinted = await signIn(op, client.client_id, { params: { login_hint: bobSub } });
  const claims = decodeJwt(hinted.tokens.id_token);
  assert.equal(claims.sub, bobSub);
  assert.equal(claims.name, undefined, "scope openid releases no profile claims");

  const logout = await op.request(
    `/logout?${new URLSearchParams({
      id_token_hint: alice.tokens.id_token,
      post_logout_redirect_uri: "http://127.0.0.1:3000/bye",
    })}`,
    { headers: { cookie: alice.cookie } },
  );
  assert.equal(logout.status, 303);
  assert.equal(logout.headers.get("location"), "http://127.0.0.1:3000/bye");
});

Deno.test("the sector_identifier_uri must answer a JSON array listing every redirect URI", async (t) => {
  await using op = await testProvider();
  await using server = localServer((req) => {
    switch (new URL(req.url).pathname) {
      case "/one.json":
        return Response.json([REDIRECT]);
      case "/text":
        return new Response("redirect URIs: none");
      case "/object":
        return Response.json({ redirect_uris: [REDIRECT] });
      case "/numbers":
        return Response.json([REDIRECT, 7]);
      default:
        return new Response("not here", { status: 404 });
    }
  });
  const closed = localServer(() => new Response());
  const closedUrl = `${closed.url}/sector.json`;
  await closed.close();
  const cases: [string, string, string[], string][] = [
    [
      "a redirect URI missing",
      "/one.json",
      [REDIRECT, "http://127.0.0.1:3000/other"],
      'does not list the redirect URI "http://127.0.0.1:3000/other"; it must list every redirect URI of the client',
    ],
    [
      "not found",
      "/missing.json",
      [REDIRECT],
      "answered HTTP 404; it must answer 200 with a JSON array of redirect URIs",
    ],
    [
      "not JSON",
      "/text",
      [REDIRECT],
      "did not answer JSON; it must answer a JSON array of redirect URIs",
    ],
    [
      "an object",
      "/object",
      [REDIRECT],
      "must answer a JSON array of URI strings, got an object",
    ],
    [
      "a non-string",
      "/numbers",
      [REDIRECT],
      "must answer a JSON array of URI strings, got an array holding a non-string",
    ],
  ];
  for (const [what, path, redirects, problem] of cases) {
    await t.step(what, async () => {
      const uri = `${server.url}${path}`;
      const res = await op.request("/register", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          redirect_uris: redirects,
          subject_type: "pairwise",
          sector_identifier_uri: uri,
        }),
      });
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), {
        error: "invalid_client_metadata",
        error_description: `sector_identifier_uri "${uri}" ${problem}`,
      });
    });
  }
  await t.step("unreachable", async () => {
    const res = await op.request("/register", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        redirect_uris: [REDIRECT],
        subject_type: "pairwise",
        sector_identifier_uri: closedUrl,
      }),
    });
    assert.equal(res.status, 400);
    // The same words as a server that never answers: the text must not reveal port state.
    assert.deepEqual(await res.json(), {
      error: "invalid_client_metadata",
      error_description: `sector_identifier_uri "${closedUrl}" ${UNREACHABLE}`,
    });
  });
  assert.deepEqual(await op.deps.store.listClients(), [], "nothing was registered");
});
