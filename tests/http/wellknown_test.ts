import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";
import { defaultConfig } from "../../src/config/schema.ts";
import { createDeps } from "../../src/deps.ts";
import { createLog } from "../../src/log.ts";
import { openKvStore } from "../../src/store/kv_store.ts";
import { testProvider } from "../helpers.ts";

const ROOT = "http://localhost:9400";
const REALM = "http://localhost:9400/realms/dev";

/** GETs `url` and asserts a 200 JSON answer with the given Cache-Control. */
async function getJson(
  op: { request(p: string, i?: RequestInit): Promise<Response> },
  url: string,
  cache = "public, max-age=60",
) {
  const res = await op.request(url, { headers: { Origin: "http://app.test" } });
  assert.equal(res.status, 200, `${url} answered ${res.status}`);
  assert.match(res.headers.get("content-type") ?? "", /^application\/(jwk-set\+)?json/);
  assert.equal(res.headers.get("cache-control"), cache);
  return { res, body: await res.json() as Record<string, unknown> };
}

/** The endpoint URLs discovery lists for `issuer` today (later issues add more). */
function expectedEndpoints(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/jwks`,
    end_session_endpoint: `${issuer}/logout`,
  };
}

/** Asserts every URL in the metadata lives under the issuer. */
function assertUnderIssuer(metadata: Record<string, unknown>, issuer: string) {
  const urls = Object.entries(metadata).filter(([k]) => /_(endpoint|uri)$/.test(k));
  for (const [key, url] of urls) assert.ok(String(url).startsWith(`${issuer}/`), `${key}: ${url}`);
  const expected = expectedEndpoints(issuer);
  const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, metadata[k]]));
  assert.deepEqual(picked, expected);
}

Deno.test("discovery lists the issuer's endpoints for an issuer at the root", async () => {
  await using op = await testProvider({ issuer: ROOT, alg: "ES256" });
  const { body } = await getJson(op, `${ROOT}/.well-known/openid-configuration`);
  assertUnderIssuer(body, ROOT);
  // The configured alg first; a client may register any other (its key is made on first use).
  assert.deepEqual(body.id_token_signing_alg_values_supported, [
    "ES256",
    "RS256",
    "PS256",
    "ES384",
    "EdDSA",
  ]);
  assert.deepEqual(body.response_types_supported, [
    "code",
    "id_token",
    "id_token token",
    "code id_token",
    "code token",
    "code id_token token",
    "none",
  ]);
  assert.deepEqual(body.subject_types_supported, ["public", "pairwise"]);
});

Deno.test("RFC 8414 metadata at the root issuer is the discovery document", async () => {
  await using op = await testProvider({ issuer: ROOT });
  const discovery = await getJson(op, `${ROOT}/.well-known/openid-configuration`);
  const metadata = await getJson(op, `${ROOT}/.well-known/oauth-authorization-server`);
  assert.deepEqual(metadata.body, discovery.body);
});

Deno.test("discovery for an issuer with a path lives under that path", async () => {
  await using op = await testProvider({ issuer: REALM });
  const { body } = await getJson(op, `${REALM}/.well-known/openid-configuration`);
  assertUnderIssuer(body, REALM);
});

Deno.test("RFC 8414 metadata for a path issuer is at the path-insertion location", async () => {
  await using op = await testProvider({ issuer: REALM });
  const discovery = await getJson(op, `${REALM}/.well-known/openid-configuration`);
  const inserted = await getJson(op, `${ROOT}/.well-known/oauth-authorization-server/realms/dev`);
  assert.deepEqual(inserted.body, discovery.body);
});

Deno.test("a path issuer serves nothing of its own at the root but /health", async () => {
  await using op = await testProvider({ issuer: REALM });
  for (const path of ["/.well-known/openid-configuration", "/jwks"]) {
    const res = await op.request(`${ROOT}${path}`);
    assert.equal(res.status, 404);
    await res.body?.cancel();
  }
  const root = await getJson(op, `${ROOT}/health`, "no-store");
  const under = await getJson(op, `${REALM}/health`, "no-store");
  assert.deepEqual([root.body, under.body], [{ status: "ok" }, { status: "ok" }]);
});

Deno.test("/jwks and /jwks.json answer under a path issuer", async () => {
  await using op = await testProvider({ issuer: REALM });
  const jwks = await getJson(op, `${REALM}/jwks`);
  const alias = await getJson(op, `${REALM}/jwks.json`);
  assert.equal((jwks.body.keys as unknown[]).length, 1);
  assert.deepEqual(alias.body, jwks.body);
});

Deno.test("discovery and JWKS allow any origin (CORS)", async () => {
  await using op = await testProvider({ issuer: ROOT });
  for (const path of ["/.well-known/openid-configuration", "/jwks", "/jwks.json"]) {
    const { res } = await getJson(op, `${ROOT}${path}`);
    assert.equal(res.headers.get("access-control-allow-origin"), "*", path);
  }
  const preflight = await op.request(`${ROOT}/jwks`, {
    method: "OPTIONS",
    headers: { Origin: "http://app.test", "Access-Control-Request-Method": "GET" },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
});

Deno.test("an unknown path is a 404 JSON error", async () => {
  await using op = await testProvider({ issuer: REALM });
  const res = await op.request(`${REALM}/nope`);
  assert.equal(res.status, 404);
  assert.equal(res.headers.get("content-type"), "application/json");
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.deepEqual(await res.json(), {
    error: "not_found",
    error_description: "no endpoint at GET /realms/dev/nope",
  });
});

Deno.test("/health answers 503 with the reason when storage fails", async () => {
  const store = await openKvStore(":memory:");
  const failing = { ...store, ping: () => Promise.reject(new Error("database is locked")) };
  const config = { ...defaultConfig(), issuer: ROOT };
  const deps = await createDeps(config, { store: failing, log: createLog("text", () => {}) });
  try {
    await deps.keys.ready();
    const res = await createApp(deps).request(`${ROOT}/health`);
    assert.equal(res.status, 503);
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.deepEqual(await res.json(), { status: "unavailable", reason: "database is locked" });
  } finally {
    store.close();
  }
});

Deno.test("discovery with --backchannel-dynamic lists each request's origin, also when asked again", async () => {
  await using op = await testProvider({ backchannelDynamic: true });
  for (const origin of ["http://a.test:9400", "http://b.test:9400", "http://a.test:9400"]) {
    const res = await op.request(`${origin}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("vary"), "Host");
    const doc = await res.json();
    assert.equal(doc.issuer, "http://localhost:9400");
    assert.equal(doc.token_endpoint, `${origin}/token`);
    assert.equal(doc.authorization_endpoint, "http://localhost:9400/authorize");
  }
});
