import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { CHALLENGE, redeem } from "../flow.ts";
import { testProvider } from "../helpers.ts";
import {
  authorizeWith,
  formPostOf,
  fragmentOf,
  leftHalfSha256,
  oidcParams,
  queryOf,
  registerClient,
  verifyIdToken,
  warnedRules,
} from "./helpers.ts";

const ISSUER = "http://localhost:9400";

Deno.test("response_type=id_token returns only an ID token in the fragment, with the scope claims", async () => {
  await using p = await testProvider({ autoLogin: "", strict: false });
  const params = fragmentOf(await authorizeWith(p, oidcParams("id_token")));
  assert.deepEqual(Object.keys(params).sort(), ["id_token", "iss", "state"]);
  assert.equal(params.state, "st-1");
  assert.equal(params.iss, ISSUER);
  const id = await verifyIdToken(p, params.id_token, { clientId: "app", nonce: "n-1" });
  assert.equal(id.sub, "alice");
  assert.equal(id.at_hash, undefined);
  assert.equal(id.c_hash, undefined);
  // OIDC Core §5.4: no access token is issued, so the scope claims are in the ID token.
  assert.equal(id.email, "alice@example.com");
  assert.equal(id.name, "Alice Adams");
  assert.deepEqual(await warnedRules(p), ["registration", "response-type-registered"]);
});

Deno.test("response_type=id_token token returns a bearer token and an ID token with at_hash", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const params = fragmentOf(await authorizeWith(p, oidcParams("token id_token")));
  assert.deepEqual(Object.keys(params).sort(), [
    "access_token",
    "expires_in",
    "id_token",
    "iss",
    "state",
    "token_type",
  ]);
  assert.equal(params.token_type, "Bearer");
  assert.equal(params.expires_in, "3600");
  const id = await verifyIdToken(p, params.id_token, { clientId: "app", nonce: "n-1" });
  assert.equal(id.at_hash, await leftHalfSha256(params.access_token));
  assert.equal(id.c_hash, undefined);
  const info = await p.request("/userinfo", {
    headers: { authorization: `Bearer ${params.access_token}` },
  });
  assert.equal(info.status, 200);
  assert.equal((await info.json()).email, "alice@example.com");
});

Deno.test("response_type=code id_token: c_hash matches the code, which redeems at /token", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const params = fragmentOf(await authorizeWith(p, oidcParams("code id_token")));
  assert.deepEqual(Object.keys(params).sort(), ["code", "id_token", "iss", "state"]);
  const id = await verifyIdToken(p, params.id_token, { clientId: "app", nonce: "n-1" });
  assert.equal(id.c_hash, await leftHalfSha256(params.code));
  assert.equal(id.at_hash, undefined);
  const tokens = await (await redeem(p, params.code, { code_verifier: "" })).json();
  const fromToken = await verifyIdToken(p, tokens.id_token, { clientId: "app", nonce: "n-1" });
  assert.equal(fromToken.sub, id.sub);
  assert.equal(fromToken.at_hash, await leftHalfSha256(tokens.access_token));
});

Deno.test("response_type=code token and code id_token token return the code and the token of one grant", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const hybrid = fragmentOf(await authorizeWith(p, oidcParams("code token")));
  assert.deepEqual(Object.keys(hybrid).sort(), [
    "access_token",
    "code",
    "expires_in",
    "iss",
    "state",
    "token_type",
  ]);
  const all = fragmentOf(await authorizeWith(p, oidcParams("code id_token token")));
  const id = await verifyIdToken(p, all.id_token, { clientId: "app", nonce: "n-1" });
  assert.equal(id.at_hash, await leftHalfSha256(all.access_token));
  assert.equal(id.c_hash, await leftHalfSha256(all.code));
  // Redeeming the code twice revokes the grant, and with it the token from /authorize.
  assert.equal((await redeem(p, all.code, { code_verifier: "" })).status, 200);
  assert.equal((await redeem(p, all.code, { code_verifier: "" })).status, 400);
  const info = await p.request("/userinfo", {
    headers: { authorization: `Bearer ${all.access_token}` },
  });
  assert.equal(info.status, 401);
});

Deno.test("form_post delivers hybrid responses as a self-posting form", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const res = await authorizeWith(p, oidcParams("code id_token", { response_mode: "form_post" }));
  assert.equal(res.headers.get("cache-control"), "no-store");
  const params = await formPostOf(res);
  assert.deepEqual(Object.keys(params).sort(), ["code", "id_token", "iss", "state"]);
  const id = await verifyIdToken(p, params.id_token, { clientId: "app", nonce: "n-1" });
  assert.equal(id.c_hash, await leftHalfSha256(params.code));
});

Deno.test("response_mode=query is refused for every token-bearing response type, in the fragment", async () => {
  await using p = await testProvider({ autoLogin: "" });
  for (
    const type of [
      "id_token",
      "id_token token",
      "code id_token",
      "code token",
      "code id_token token",
    ]
  ) {
    const params = fragmentOf(await authorizeWith(p, oidcParams(type, { response_mode: "query" })));
    assert.deepEqual(params, {
      error: "invalid_request",
      error_description:
        `"response_mode" query cannot carry the tokens of response_type "${type}"; use fragment or form_post`,
      state: "st-1",
      iss: ISSUER,
    });
  }
});

Deno.test("response_type=none returns only state and iss, in the query", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const res = await authorizeWith(p, oidcParams("none"));
  assert.deepEqual(queryOf(res), { state: "st-1", iss: ISSUER });
  assert.equal(p.deps.warnings.recent().at(-1)?.rule, "response-type-registered");
});

Deno.test("token-bearing response types require a nonce, whatever the strictness", async () => {
  await using p = await testProvider({ autoLogin: "" });
  for (const type of ["id_token", "code token"]) {
    const params = fragmentOf(await authorizeWith(p, oidcParams(type, { nonce: "" })));
    assert.deepEqual(params, {
      error: "invalid_request",
      error_description: `missing "nonce"; response_type "${type}" requires it`,
      state: "st-1",
      iss: ISSUER,
    });
  }
});

Deno.test("an ID token response type without the openid scope is refused", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const params = fragmentOf(await authorizeWith(p, oidcParams("id_token", { scope: "email" })));
  assert.equal(params.error, "invalid_request");
  assert.equal(
    params.error_description,
    'response_type "id_token" returns an ID token: "scope" needs openid',
  );
});

Deno.test("a registered client may use only the response types it registered", async () => {
  await using p = await testProvider({ autoLogin: "" });
  await registerClient(p, { client_id: "reg", response_types: ["code", "id_token token"] });
  const ok = fragmentOf(await authorizeWith(p, oidcParams("token id_token", { client_id: "reg" })));
  assert.ok(ok.access_token);
  const refused = fragmentOf(await authorizeWith(p, oidcParams("id_token", { client_id: "reg" })));
  assert.deepEqual(refused, {
    error: "unauthorized_client",
    error_description:
      'the client may not use response_type "id_token" (registered: code, id_token token)',
    state: "st-1",
    iss: ISSUER,
  });
  assert.deepEqual(await warnedRules(p), []);
});

Deno.test("--strict refuses an implicit response type the client did not register", async () => {
  await using p = await testProvider({ autoLogin: "", strict: true });
  await registerClient(p, { client_id: "app" });
  const params = fragmentOf(await authorizeWith(p, oidcParams("id_token")));
  assert.equal(params.error, "unauthorized_client");
});

Deno.test("--id-token-claims minimal: with code id_token the scope claims go to userinfo only; with id_token they stay", async () => {
  await using p = await testProvider({ autoLogin: "", idTokenClaims: "minimal" });
  await registerClient(p, { client_id: "app", response_types: ["code id_token", "id_token"] });
  const pkce = { code_challenge: CHALLENGE, code_challenge_method: "S256" };
  const hybrid = fragmentOf(await authorizeWith(p, oidcParams("code id_token", pkce)));
  const fromHybrid = decodeJwt(hybrid.id_token);
  assert.equal(fromHybrid.email, undefined);
  assert.equal(fromHybrid.name, undefined);
  const implicit = fragmentOf(await authorizeWith(p, oidcParams("id_token")));
  assert.equal(decodeJwt(implicit.id_token).email, "alice@example.com");
});

Deno.test("display is validated; ui_locales and claims_locales are accepted", async () => {
  await using p = await testProvider({ autoLogin: "" });
  for (const display of ["page", "popup", "touch", "wap"]) {
    const extra = { display, ui_locales: "fr-CA fr en", claims_locales: "de" };
    const params = fragmentOf(await authorizeWith(p, oidcParams("id_token", extra)));
    assert.ok(params.id_token, `display=${display}`);
  }
  const params = fragmentOf(await authorizeWith(p, oidcParams("id_token", { display: "tv" })));
  assert.deepEqual(params, {
    error: "invalid_request",
    error_description: 'unsupported "display" value "tv"; use page, popup, touch or wap',
    state: "st-1",
    iss: ISSUER,
  });
});
