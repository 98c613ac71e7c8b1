import assert from "node:assert/strict";
import {
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importJWK,
  type JWK,
  jwtVerify,
  SignJWT,
} from "jose";
import { parseSigningKeys } from "../../src/crypto/key_file.ts";
import type { SigningKey } from "../../src/crypto/keys.ts";
import { SIGNING_ALGS, type SigningAlg } from "../../src/types.ts";
import { tempDir } from "../fixtures/temp_dir.ts";
import { loadConfig, problemsOf } from "../config/helpers.ts";

/** A fresh key pair for `alg`, made with jose (not with the code under test). */
async function testKey(alg: SigningAlg) {
  const opts = alg === "EdDSA" ? { crv: "Ed25519" } : {};
  const pair = await generateKeyPair(alg, { extractable: true, ...opts });
  const publicJwk = await exportJWK(pair.publicKey);
  return {
    privateJwk: await exportJWK(pair.privateKey),
    pem: await exportPKCS8(pair.privateKey),
    publicJwk,
    thumbprint: await calculateJwkThumbprint(publicJwk, "sha256"),
  };
}

/** Asserts the key is usable for `alg`, published with public members only, kid = thumbprint. */
async function assertSigningKey(key: SigningKey, alg: SigningAlg, expected: {
  publicJwk: JWK;
  thumbprint: string;
}) {
  assert.equal(key.alg, alg);
  assert.equal(key.kid, expected.thumbprint);
  assert.deepEqual(key.publicJwk, { ...expected.publicJwk, kid: key.kid, alg, use: "sig" });
  const jwt = await new SignJWT({ sub: "alice" }).setProtectedHeader({ alg }).sign(key.privateKey);
  const { payload } = await jwtVerify(jwt, await importJWK(key.publicJwk, alg));
  assert.deepEqual(payload, { sub: "alice" });
}

for (const alg of SIGNING_ALGS) {
  Deno.test(`a PKCS#8 PEM key signs ${alg} with kid = RFC 7638 thumbprint`, async () => {
    const k = await testKey(alg);
    const keys = await parseSigningKeys(k.pem, alg);
    assert.equal(keys.length, 1);
    await assertSigningKey(keys[0], alg, k);
  });

  Deno.test(`a private JWK signs ${alg} with kid = RFC 7638 thumbprint`, async () => {
    const k = await testKey(alg);
    const keys = await parseSigningKeys(JSON.stringify(k.privateJwk), alg);
    assert.equal(keys.length, 1);
    await assertSigningKey(keys[0], alg, k);
  });
}

Deno.test("a JWKS with several keys gives one signing key per entry, each with its alg", async () => {
  const rsa = await testKey("PS256");
  const ec = await testKey("ES384");
  const ed = await testKey("EdDSA");
  const jwks = { keys: [{ ...rsa.privateJwk, alg: "PS256" }, ec.privateJwk, ed.privateJwk] };
  const keys = await parseSigningKeys(JSON.stringify(jwks), "RS256");
  assert.deepEqual(keys.map((k) => k.alg), ["PS256", "ES384", "EdDSA"]);
  await assertSigningKey(keys[0], "PS256", rsa);
  await assertSigningKey(keys[1], "ES384", ec);
  await assertSigningKey(keys[2], "EdDSA", ed);
});

Deno.test("an RSA JWK without alg is used with --alg PS256", async () => {
  const k = await testKey("RS256");
  const [key] = await parseSigningKeys(JSON.stringify(k.privateJwk), "PS256");
  await assertSigningKey(key, "PS256", k);
});

Deno.test("a public-only JWK is rejected: a private key is needed", async () => {
  const k = await testKey("ES256");
  await assert.rejects(
    parseSigningKeys(JSON.stringify(k.publicJwk), "ES256"),
    { message: 'the JWK is a public key; a private key (with "d") is needed' },
  );
  await assert.rejects(
    parseSigningKeys(JSON.stringify({ keys: [k.privateJwk, k.publicJwk] }), "ES256"),
    { message: 'keys[1] is a public key; a private key (with "d") is needed' },
  );
});

Deno.test("signing key files that are not keys are rejected with what was expected", async () => {
  const cases: [string, string][] = [
    ["hello", "expected a PEM private key, a JWK or a JWK Set (JSON)"],
    ['{"keys": []}', "the JWK Set holds no keys"],
    [
      '{"kty": "oct", "k": "c2VjcmV0"}',
      'the JWK has kty "oct"; expected an RSA, EC or OKP private key',
    ],
    [
      "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----",
      "expected a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)",
    ],
  ];
  for (const [text, message] of cases) {
    await assert.rejects(parseSigningKeys(text, "RS256"), { message });
  }
});

Deno.test("a PEM key of another type than --alg is rejected", async () => {
  const k = await testKey("EdDSA");
  await assert.rejects(parseSigningKeys(k.pem, "RS256"), {
    message: "the PEM key cannot be used with RS256: unsupported algorithm",
  });
});

Deno.test("--signing-key loads a key file relative to the working directory", async () => {
  const k = await testKey("ES256");
  await using dir = await tempDir({ "keys/op.pem": k.pem });
  const config = await loadConfig(["--signing-key", "keys/op.pem", "--alg", "ES256"], {}, dir.path);
  assert.deepEqual(config.signingKeys?.map((s) => [s.kid, s.alg]), [[k.thumbprint, "ES256"]]);
});

Deno.test("--signing-key with a public JWK is a configuration error naming the file", async () => {
  const k = await testKey("RS256");
  await using dir = await tempDir({ "public.jwk": JSON.stringify(k.publicJwk) });
  assert.deepEqual(await problemsOf(["--signing-key", "public.jwk"], {}, dir.path), [
    {
      source: "public.jwk",
      message: 'the JWK is a public key; a private key (with "d") is needed',
    },
  ]);
});

Deno.test("--signing-key without a key for --alg is a configuration error", async () => {
  const k = await testKey("ES256");
  await using dir = await tempDir({ "ec.jwk": JSON.stringify(k.privateJwk) });
  assert.deepEqual(await problemsOf(["--signing-key", "ec.jwk"], {}, dir.path), [
    { source: "ec.jwk", message: "holds no RS256 key (it holds ES256); set --alg to match" },
  ]);
});
