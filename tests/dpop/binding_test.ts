import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { assertOAuthError, form, type TestProvider, testProvider } from "../helpers.ts";
import { authParams, codeFor, REDIRECT, VERIFIER } from "../flow.ts";
import { basic } from "../token_clients.ts";
import { dpopKey, USERINFO_URL } from "../dpop_proofs.ts";
import { sha256 } from "../../src/crypto/hash.ts";

const now = (p: TestProvider) => Math.floor(p.clock.now() / 1000);

async function redeemWith(p: TestProvider, code: string, dpop?: string): Promise<Response> {
  const init = form({
    grant_type: "authorization_code",
    code,
    client_id: "app",
    redirect_uri: REDIRECT,
    code_verifier: VERIFIER,
  });
  return await p.request("/token", {
    ...init,
    headers: { ...init.headers, ...(dpop ? { dpop } : {}) },
  });
}

async function userinfo(p: TestProvider, authorization: string, dpop?: string) {
  return await p.request("/userinfo", { headers: { authorization, ...(dpop ? { dpop } : {}) } });
}

Deno.test("dpop_jkt at /authorize binds the code to that key", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const key = await dpopKey();
  const other = await dpopKey();
  const bound = () => codeFor(p, { dpop_jkt: key.jkt });
  await assertOAuthError(await redeemWith(p, await bound()), 400, {
    error: "invalid_dpop_proof",
    error_description:
      "the code (by dpop_jkt at /authorize) is bound to a DPoP key; send a DPoP proof signed with it",
  });
  await assertOAuthError(await redeemWith(p, await bound(), await other.proof(now(p))), 400, {
    error: "invalid_dpop_proof",
    error_description:
      "the DPoP proof is signed by another key than the one the code (by dpop_jkt at /authorize) is bound to",
  });
  const res = await redeemWith(p, await bound(), await key.proof(now(p)));
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.token_type, "DPoP");
  assert.deepEqual(decodeJwt(body.access_token).cnf, { jkt: key.jkt });
  const bad = await p.request(
    `/authorize?${new URLSearchParams(authParams({ dpop_jkt: "short" }))}`,
  );
  assert.equal(bad.status, 303);
  const err = new URL(bad.headers.get("location")!).searchParams;
  assert.equal(err.get("error"), "invalid_request");
  assert.match(err.get("error_description")!, /^"dpop_jkt" must be the base64url SHA-256/);
});

Deno.test("userinfo: a DPoP-bound token needs the DPoP scheme, its own key and ath", async (t) => {
  await using p = await testProvider({ autoLogin: "" });
  const key = await dpopKey();
  const res = await redeemWith(p, await codeFor(p), await key.proof(now(p)));
  const { access_token: token } = await res.json();
  const proof = (opts = {}) =>
    key.proof(now(p), { htm: "GET", htu: USERINFO_URL, accessToken: token, ...opts });
  const challenge = (r: Response) => r.headers.get("www-authenticate")!;
  await t.step("as Bearer", async () => {
    const r = await userinfo(p, `Bearer ${token}`, await proof());
    assert.equal(r.status, 401);
    assert.match(
      challenge(r),
      /^DPoP error="invalid_token", error_description="the access token is DPoP-bound/,
    );
    assert.match(challenge(r), /algs="ES256 ES384 EdDSA RS256 PS256"$/);
  });
  await t.step("without a proof", async () => {
    const r = await userinfo(p, `DPoP ${token}`);
    assert.equal(r.status, 401);
    assert.deepEqual(await r.json(), {
      error: "invalid_dpop_proof",
      error_description: "a DPoP-bound access token needs a DPoP proof in the DPoP header",
    });
    assert.match(challenge(r), /^DPoP error="invalid_dpop_proof"/);
  });
  await t.step("a proof without ath", async () => {
    const r = await userinfo(
      p,
      `DPoP ${token}`,
      await key.proof(now(p), { htm: "GET", htu: USERINFO_URL }),
    );
    assert.equal(r.status, 401);
    assert.equal(
      (await r.json()).error_description,
      'the DPoP proof "ath" is not the hash of the access token sent with it',
    );
  });
  await t.step("another key's proof", async () => {
    const other = await dpopKey();
    const r = await userinfo(
      p,
      `DPoP ${token}`,
      await other.proof(now(p), { htm: "GET", htu: USERINFO_URL, accessToken: token }),
    );
    assert.equal(r.status, 401);
    assert.equal(
      (await r.json()).error_description,
      "the DPoP proof is signed by another key than the one the access token is bound to (cnf.jkt)",
    );
  });
  await t.step("the right proof", async () => {
    const r = await userinfo(p, `DPoP ${token}`, await proof());
    assert.equal(r.status, 200);
    assert.equal((await r.json()).sub, "alice");
  });
  await t.step("a bearer token sent as DPoP", async () => {
    const plain = await (await redeemWith(p, await codeFor(p))).json();
    assert.equal(plain.token_type, "Bearer");
    const r = await userinfo(
      p,
      `DPoP ${plain.access_token}`,
      await key.proof(now(p), { htm: "GET", htu: USERINFO_URL, accessToken: plain.access_token }),
    );
    assert.equal(r.status, 401);
    assert.equal(
      (await r.json()).error_description,
      "the access token is not DPoP-bound; send it as Authorization: Bearer",
    );
  });
});

Deno.test("dpop_bound_access_tokens: the client must send a proof with every token request", async () => {
  await using p = await testProvider({
    clients: [{
      client_id: "svc",
      client_secret_hash: await sha256("secret"),
      redirect_uris: [],
      grant_types: ["client_credentials"],
      response_types: [],
      token_endpoint_auth_method: "client_secret_basic",
      dpop_bound_access_tokens: true,
      origin: "static",
    }],
  });
  const request = async (dpop?: string) => {
    const init = form({ grant_type: "client_credentials" });
    return await p.request("/token", {
      ...init,
      headers: { ...init.headers, authorization: basic("svc"), ...(dpop ? { dpop } : {}) },
    });
  };
  await assertOAuthError(await request(), 400, {
    error: "invalid_dpop_proof",
    error_description:
      'client "svc" registered dpop_bound_access_tokens, so every token request needs a DPoP proof',
  });
  const key = await dpopKey();
  const res = await request(await key.proof(now(p)));
  assert.equal(res.status, 200);
  assert.equal((await res.json()).token_type, "DPoP");
  const logged = p.deps.requests.list().at(-1)!;
  assert.equal(logged.dpopJkt, key.jkt);
  assert.ok(p.logs.some((l) => l.includes(`dpop_jkt=${key.jkt}`)), "the log line names the key");
});

Deno.test("registration takes dpop_bound_access_tokens and echoes it", async () => {
  await using p = await testProvider();
  const res = await p.request("/register", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      redirect_uris: ["https://app.example/cb"],
      dpop_bound_access_tokens: true,
    }),
  });
  assert.equal(res.status, 201);
  const body = await res.json();
  assert.equal(body.dpop_bound_access_tokens, true);
  const stored = await p.deps.store.getClient(body.client_id);
  assert.equal(stored?.dpop_bound_access_tokens, true);
});
