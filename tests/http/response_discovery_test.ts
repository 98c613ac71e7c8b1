import assert from "node:assert/strict";
import { testProvider } from "../helpers.ts";

Deno.test("discovery lists signed, encrypted and pairwise responses and both logout channels", async () => {
  await using op = await testProvider();
  const body = await (await op.request("/.well-known/openid-configuration")).json();
  const algs = [
    "RSA-OAEP",
    "RSA-OAEP-256",
    "RSA-OAEP-384",
    "RSA-OAEP-512",
    "ECDH-ES",
    "ECDH-ES+A128KW",
    "ECDH-ES+A192KW",
    "ECDH-ES+A256KW",
  ];
  const encs = ["A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM"];
  const names = [
    "subject_types_supported",
    "userinfo_signing_alg_values_supported",
    "id_token_encryption_alg_values_supported",
    "id_token_encryption_enc_values_supported",
    "userinfo_encryption_alg_values_supported",
    "userinfo_encryption_enc_values_supported",
    "backchannel_logout_supported",
    "backchannel_logout_session_supported",
    "frontchannel_logout_supported",
    "frontchannel_logout_session_supported",
  ];
  assert.deepEqual(Object.fromEntries(names.map((n) => [n, body[n]])), {
    subject_types_supported: ["public", "pairwise"],
    // The shared test key is RS256 only (like --signing-key): only what can really sign.
    userinfo_signing_alg_values_supported: ["RS256"],
    id_token_encryption_alg_values_supported: algs,
    id_token_encryption_enc_values_supported: encs,
    userinfo_encryption_alg_values_supported: algs,
    userinfo_encryption_enc_values_supported: encs,
    backchannel_logout_supported: true,
    backchannel_logout_session_supported: true,
    frontchannel_logout_supported: true,
    frontchannel_logout_session_supported: true,
  });
});
