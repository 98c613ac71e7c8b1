import assert from "node:assert/strict";
import {
  compactDecrypt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWK,
  jwtVerify,
} from "jose";
import { testProvider } from "../helpers.ts";
import { bearer, REDIRECT, registered } from "./client_helpers.ts";
import {
  authorizeCode,
  isCompactJwe,
  localServer,
  providerKeys,
  redeemCode,
  signIn,
} from "./oidc_helpers.ts";

const ISSUER = "http://localhost:9400";
const text = new TextDecoder();

/** A client encryption key pair: the private key stays in the test, the public JWK registers. */
async function encryptionKey(alg: string, kid: string, opts: { crv?: string } = {}) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...opts });
  const jwk: JWK = { ...await exportJWK(publicKey), kid, use: "enc" };
  return { privateKey, jwk };
}

Deno.test("an ID token is signed, then encrypted with RSA-OAEP-256 and A256GCM", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const key = await encryptionKey("RSA-OAEP-256", "rsa-enc");
  const client = await registered(op, {
    redirect_uris: [REDIRECT],
    token_endpoint_auth_method: "none",
    jwks: { keys: [key.jwk] },
    id_token_encrypted_response_alg: "RSA-OAEP-256",
    id_token_encrypted_response_enc: "A256GCM",
  });
  const { tokens } = await signIn(op, client.client_id);
  assert.ok(isCompactJwe(tokens.id_token), "the ID token is a JWE");
  assert.ok(!isCompactJwe(tokens.access_token), "the access token stays a JWS");
  const { plaintext, protectedHeader } = await compactDecrypt(tokens.id_token, key.privateKey);
  assert.deepEqual(protectedHeader, {
    alg: "RSA-OAEP-256",
    enc: "A256GCM",
    cty: "JWT",
    kid: "rsa-enc",
  });
  const { payload } = await jwtVerify(text.decode(plaintext), await providerKeys(op), {
    issuer: ISSUER,
    audience: client.client_id,
    algorithms: ["RS256"],
  });
  assert.equal(payload.sub, "alice");
  assert.equal(payload.nonce, "n1");
});

Deno.test("ECDH-ES+A128KW with A128GCM to a key from jwks_uri, for ID token and userinfo", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const key = await encryptionKey("ECDH-ES+A128KW", "ec-enc");
  const signing = await generateKeyPair("ES256");
  // The set also holds a signing key, which must not be chosen for encryption.
  const sigJwk = { ...await exportJWK(signing.publicKey), kid: "ec-sig", use: "sig" };
  await using jwksServer = localServer(() => Response.json({ keys: [sigJwk, key.jwk] }));
  const client = await registered(op, {
    redirect_uris: [REDIRECT],
    token_endpoint_auth_method: "none",
    jwks_uri: `${jwksServer.url}/jwks`,
    id_token_encrypted_response_alg: "ECDH-ES+A128KW",
    id_token_encrypted_response_enc: "A128GCM",
    userinfo_signed_response_alg: "RS256",
    userinfo_encrypted_response_alg: "ECDH-ES+A128KW",
    userinfo_encrypted_response_enc: "A128GCM",
  });
  const { tokens } = await signIn(op, client.client_id);
  const idToken = await compactDecrypt(tokens.id_token, key.privateKey);
  assert.equal(idToken.protectedHeader.alg, "ECDH-ES+A128KW");
  assert.equal(idToken.protectedHeader.enc, "A128GCM");
  assert.equal(idToken.protectedHeader.kid, "ec-enc");
  const keys = await providerKeys(op);
  const verified = await jwtVerify(text.decode(idToken.plaintext), keys, { issuer: ISSUER });
  assert.equal(verified.payload.aud, client.client_id);

  const res = await op.request("/userinfo", { headers: bearer(tokens.access_token) });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/jwt");
  const userinfo = await compactDecrypt(await res.text(), key.privateKey);
  assert.equal(userinfo.protectedHeader.cty, "JWT");
  const { payload } = await jwtVerify(text.decode(userinfo.plaintext), keys, {
    issuer: ISSUER,
    audience: client.client_id,
    algorithms: ["RS256"],
  });
  assert.deepEqual(payload, {
    sub: "alice",
    groups: ["admins", "staff"],
    iss: ISSUER,
    aud: client.client_id,
  });
});

Deno.test("encrypted userinfo without a signing alg is a JWE of the JSON claims", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const key = await encryptionKey("RSA-OAEP", "rsa-1");
  const client = await registered(op, {
    redirect_uris: [REDIRECT],
    token_endpoint_auth_method: "none",
    jwks: { keys: [key.jwk] },
    userinfo_encrypted_response_alg: "RSA-OAEP",
  });
  // Registration §2: the content encryption defaults to A128CBC-HS256.
  assert.equal(client.userinfo_encrypted_response_enc, "A128CBC-HS256");
  const { tokens } = await signIn(op, client.client_id);
  assert.ok(!isCompactJwe(tokens.id_token), "only userinfo is encrypted");
  const res = await op.request("/userinfo", { headers: bearer(tokens.access_token) });
  assert.equal(res.headers.get("content-type"), "application/jwt");
  const { plaintext, protectedHeader } = await compactDecrypt(await res.text(), key.privateKey);
  assert.deepEqual(protectedHeader, { alg: "RSA-OAEP", enc: "A128CBC-HS256", kid: "rsa-1" });
  assert.deepEqual(JSON.parse(text.decode(plaintext)), {
    sub: "alice",
    groups: ["admins", "staff"],
    iss: ISSUER,
    aud: client.client_id,
  });
});

Deno.test("a jwks_uri without a key for the registered algorithm fails at the token endpoint", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const rsa = await encryptionKey("RSA-OAEP-256", "rsa-only");
  await using jwksServer = localServer(() => Response.json({ keys: [rsa.jwk] }));
  const client = await registered(op, {
    redirect_uris: [REDIRECT],
    token_endpoint_auth_method: "none",
    jwks_uri: `${jwksServer.url}/jwks`,
    id_token_encrypted_response_alg: "ECDH-ES",
  });
  const { code } = await authorizeCode(op, client.client_id);
  const res = await redeemCode(op, client.client_id, code);
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), {
    error: "invalid_client_metadata",
    error_description: `client "${client.client_id}" registered id_token_encrypted_response_alg, ` +
      `but its jwks_uri ${jwksServer.url}/jwks has no public key for ECDH-ES (kty EC (P-256, ` +
      'P-384, P-521) or OKP (X25519), "use": "enc" or none)',
  });
});

Deno.test("ECDH-ES (direct key agreement) to an X25519 key with A256CBC-HS512", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const key = await encryptionKey("ECDH-ES", "x25519", { crv: "X25519" });
  const client = await registered(op, {
    redirect_uris: [REDIRECT],
    token_endpoint_auth_method: "none",
    jwks: { keys: [key.jwk] },
    id_token_encrypted_response_alg: "ECDH-ES",
    id_token_encrypted_response_enc: "A256CBC-HS512",
  });
  const { tokens } = await signIn(op, client.client_id);
  const header = decodeProtectedHeader(tokens.id_token);
  assert.equal(header.alg, "ECDH-ES");
  assert.equal(header.enc, "A256CBC-HS512");
  assert.equal(header.kid, "x25519");
  const { plaintext } = await compactDecrypt(tokens.id_token, key.privateKey);
  const { payload } = await jwtVerify(text.decode(plaintext), await providerKeys(op));
  assert.equal(payload.sub, "alice");
});
