/**
 * Each value discovery lists for an algorithm member is used for real here, one by one, so that
 * the list cannot claim an algorithm that fails (the feature table test relies on these).
 */
import assert from "node:assert/strict";
import {
  compactDecrypt,
  exportJWK,
  generateKeyPair,
  type JWK,
  jwtVerify,
  SignJWT,
  UnsecuredJWT,
} from "jose";
import { CHALLENGE } from "../flow.ts";
import { type TestProvider, testProvider } from "../helpers.ts";
import { assertion, ASSERTION_TYPE, staticClients } from "../http/client_fixtures.ts";
import { bearer, REDIRECT, registered } from "../http/client_helpers.ts";
import { providerKeys, signIn } from "../http/oidc_helpers.ts";
import { queryOf } from "./helpers.ts";

const ISSUER = "http://localhost:9400";
const text = new TextDecoder();

async function discovery(op: TestProvider): Promise<Record<string, string[]>> {
  return await (await op.request("/.well-known/openid-configuration")).json();
}

/** A key pair for `alg` (signing or key management); the public JWK carries `kid` and `use`. */
async function keyFor(alg: string, use: "sig" | "enc") {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk: JWK = { ...await exportJWK(publicKey), kid: `${alg}-${use}`, use };
  return { privateKey, jwk };
}

Deno.test("every advertised request object alg: a client registered for it signs in with one", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const algs = (await discovery(op)).request_object_signing_alg_values_supported;
  for (const alg of algs) {
    const hmac = alg.startsWith("HS");
    const key = alg === "none" || hmac ? null : await keyFor(alg, "sig");
    const client = await registered(op, {
      redirect_uris: [REDIRECT],
      request_object_signing_alg: alg,
      token_endpoint_auth_method: hmac ? "client_secret_basic" : "none",
      ...(key ? { jwks: { keys: [key.jwk] } } : {}),
    });
    const claims = {
      iss: client.client_id,
      aud: ISSUER,
      client_id: client.client_id,
      response_type: "code",
      redirect_uri: REDIRECT,
      scope: "openid",
      state: `state-${alg}`,
      nonce: "n",
      code_challenge: CHALLENGE,
      code_challenge_method: "S256",
    };
    const signer = new SignJWT(claims).setProtectedHeader({ alg, kid: key?.jwk.kid });
    const request = alg === "none"
      ? new UnsecuredJWT(claims).encode()
      : await signer.sign(key?.privateKey ?? new TextEncoder().encode(client.client_secret));
    const query = new URLSearchParams({ client_id: client.client_id, request });
    const params = queryOf(await op.request(`/authorize?${query}`));
    assert.equal(params.state, `state-${alg}`, `${alg}: ${JSON.stringify(params)}`);
    assert.ok(params.code, alg);
  }
  assert.equal(algs.length, 13);
});

Deno.test("every advertised ID token and userinfo encryption alg and enc decrypts with the client's key", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const meta = await discovery(op);
  const pairs = [
    ...meta.id_token_encryption_alg_values_supported.map((alg) => ["id_token", alg, "A128GCM"]),
    ...meta.id_token_encryption_enc_values_supported.map((
      enc,
    ) => ["id_token", "RSA-OAEP-256", enc]),
    ...meta.userinfo_encryption_alg_values_supported.map((alg) => ["userinfo", alg, "A256GCM"]),
    ...meta.userinfo_encryption_enc_values_supported.map((enc) => ["userinfo", "ECDH-ES", enc]),
  ];
  const keys = await providerKeys(op);
  for (const [what, alg, enc] of pairs) {
    const key = await keyFor(alg, "enc");
    const client = await registered(op, {
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: "none",
      jwks: { keys: [key.jwk] },
      [`${what}_encrypted_response_alg`]: alg,
      [`${what}_encrypted_response_enc`]: enc,
    });
    const { tokens } = await signIn(op, client.client_id);
    const jwe = what === "id_token"
      ? tokens.id_token
      : await (await op.request("/userinfo", { headers: bearer(tokens.access_token) })).text();
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, key.privateKey);
    assert.equal(protectedHeader.alg, alg);
    assert.equal(protectedHeader.enc, enc);
    if (what === "id_token") {
      const { payload } = await jwtVerify(text.decode(plaintext), keys, { issuer: ISSUER });
      assert.equal(payload.sub, "alice", `${what} ${alg} ${enc}`);
    } else {
      assert.equal(JSON.parse(text.decode(plaintext)).sub, "alice", `${what} ${alg} ${enc}`);
    }
  }
});

Deno.test("every advertised userinfo signing alg signs userinfo, verified with /jwks", async () => {
  await using op = await testProvider({ autoLogin: "", signingKeys: null });
  for (const alg of (await discovery(op)).userinfo_signing_alg_values_supported) {
    const client = await registered(op, {
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: "none",
      userinfo_signed_response_alg: alg,
    });
    const { tokens } = await signIn(op, client.client_id);
    const res = await op.request("/userinfo", { headers: bearer(tokens.access_token) });
    assert.equal(res.headers.get("content-type"), "application/jwt");
    const { payload, protectedHeader } = await jwtVerify(await res.text(), await providerKeys(op), {
      issuer: ISSUER,
      audience: client.client_id,
    });
    assert.equal(protectedHeader.alg, alg);
    assert.equal(payload.sub, "alice");
  }
});

Deno.test("introspection and revocation accept a client assertion signed with every advertised alg", async () => {
  await using op = await testProvider();
  const meta = await discovery(op);
  assert.deepEqual(
    meta.revocation_endpoint_auth_signing_alg_values_supported,
    meta.introspection_endpoint_auth_signing_alg_values_supported,
  );
  for (const alg of meta.introspection_endpoint_auth_signing_alg_values_supported) {
    const hmac = alg.startsWith("HS");
    const secret = "s".repeat(64);
    const key = hmac ? null : await keyFor(alg, "sig");
    const [client] = await staticClients([{
      client_id: `c-${alg}`,
      grant_types: ["client_credentials"],
      token_endpoint_auth_method: hmac ? "client_secret_jwt" : "private_key_jwt",
      ...(hmac ? { client_secret: secret } : { jwks: { keys: [key!.jwk] } }),
    }]);
    await op.deps.store.putClient(client);
    const signing = key?.privateKey ?? new TextEncoder().encode(secret);
    const auth = async () => ({
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: await assertion(op, client.client_id, signing, { alg, kid: key?.jwk.kid }),
    });
    const post = async (path: string, params: Record<string, string>) =>
      await op.request(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ ...params, ...await auth() }),
      });
    const issued = await (await post("/token", { grant_type: "client_credentials" })).json();
    const introspected = await post("/introspect", { token: issued.access_token });
    assert.equal(introspected.status, 200, alg);
    assert.equal((await introspected.json()).active, true, alg);
    assert.equal((await post("/revoke", { token: issued.access_token })).status, 200, alg);
    const after = await (await post("/introspect", { token: issued.access_token })).json();
    assert.equal(after.active, false, `${alg}: revoked`);
  }
});
