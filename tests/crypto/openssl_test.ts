import assert from "node:assert/strict";
import { compactVerify, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { derToJoseSignature, joseToDerSignature } from "../../src/crypto/ecdsa_der.ts";
import { openSslSigner } from "../../src/crypto/openssl.ts";
import {
  selectSigner,
  type SignableKey,
  webCryptoParams,
  webCryptoSigner,
} from "../../src/crypto/signer.ts";
import { encodeBase64Url } from "../../src/crypto/base64url.ts";
import { testProvider } from "../helpers.ts";

const RSA_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];
const EC_ALGS = ["ES256", "ES384", "ES512"];
const utf8 = new TextEncoder();

/** One key pair per algorithm: one RSA key imported for each RSA algorithm, one per curve. */
async function keysForEveryAlg(): Promise<(SignableKey & { publicJwk: JWK })[]> {
  const rsa = await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
  const rsaJwk = await exportJWK(rsa.privateKey);
  const rsaPublic = await exportJWK(rsa.publicKey);
  const keys = [];
  for (const alg of RSA_ALGS) {
    keys.push({
      alg,
      privateKey: await importJWK(rsaJwk, alg, { extractable: true }) as CryptoKey,
      publicKey: await importJWK(rsaPublic, alg) as CryptoKey,
      publicJwk: rsaPublic,
    });
  }
  for (const alg of EC_ALGS) {
    const pair = await generateKeyPair(alg, { extractable: true });
    keys.push({ alg, ...pair, publicJwk: await exportJWK(pair.publicKey) });
  }
  return keys;
}

/** A compact JWS of `payload` signed by `sign`. */
async function jws(
  key: SignableKey,
  sign: typeof webCryptoSigner extends () => infer S ? S : never,
) {
  const input = `${encodeBase64Url(utf8.encode(JSON.stringify({ alg: key.alg })))}.${
    encodeBase64Url(utf8.encode('{"sub":"alice"}'))
  }`;
  const sig = await sign.sign(key, utf8.encode(input));
  return { input, sig, token: `${input}.${encodeBase64Url(sig)}` };
}

/**
 * Verifies signatures in Node, whose `crypto` is OpenSSL: an independent OpenSSL check of
 * signatures made elsewhere. ECDSA in the JWS r‖s form is `dsaEncoding: "ieee-p1363"`.
 */
async function verifyInNode(
  items: { alg: string; jwk: JWK; data: string; sig: string }[],
): Promise<boolean[]> {
  const script = `
    const c = require("node:crypto");
    const items = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
    console.log(JSON.stringify(items.map(({ alg, jwk, data, sig }) => {
      const key = { key: c.createPublicKey({ key: jwk, format: "jwk" }) };
      if (alg.startsWith("PS")) Object.assign(key, {
        padding: c.constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 });
      if (alg.startsWith("ES")) key.dsaEncoding = "ieee-p1363";
      return c.verify("sha" + alg.slice(2), Buffer.from(data), key, Buffer.from(sig, "base64url"));
    })));`;
  const child = new Deno.Command("node", { args: ["-e", script], stdin: "piped", stdout: "piped" })
    .spawn();
  const writer = child.stdin.getWriter();
  await writer.write(utf8.encode(JSON.stringify(items)));
  await writer.close();
  const out = await child.output();
  assert.equal(out.code, 0);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

Deno.test("OpenSSL signatures verify with WebCrypto, jose and Node for every RS, PS and ES alg", async () => {
  const signer = await openSslSigner({ strict: true });
  assert.equal(signer.name, "openssl");
  assert.match(signer.detail, /^OpenSSL 3\./);
  const keys = await keysForEveryAlg();
  const checks = [];
  for (const key of keys) {
    const { input, sig, token } = await jws(key, signer);
    const params = webCryptoParams(key.alg);
    assert.ok(await crypto.subtle.verify(params, key.publicKey!, sig, utf8.encode(input)), key.alg);
    const verified = await compactVerify(token, key.publicKey!, { algorithms: [key.alg] });
    assert.equal(new TextDecoder().decode(verified.payload), '{"sub":"alice"}');
    checks.push({ alg: key.alg, jwk: key.publicJwk, data: input, sig: encodeBase64Url(sig) });
  }
  assert.deepEqual(await verifyInNode(checks), keys.map(() => true));
});

Deno.test("WebCrypto signatures verify with OpenSSL (Node) for every RS, PS and ES alg", async () => {
  const keys = await keysForEveryAlg();
  const checks = [];
  for (const key of keys) {
    const { input, sig } = await jws(key, webCryptoSigner());
    checks.push({ alg: key.alg, jwk: key.publicJwk, data: input, sig: encodeBase64Url(sig) });
  }
  assert.deepEqual(await verifyInNode(checks), keys.map(() => true));
  // A changed byte must fail, or the check above proves nothing.
  const bad = { ...checks[0], data: checks[0].data + "x" };
  assert.deepEqual(await verifyInNode([bad]), [false]);
});

Deno.test("the OpenSSL signer leaves EdDSA and non-extractable keys to WebCrypto", async () => {
  const signer = await openSslSigner({ strict: true });
  const ed = await generateKeyPair("EdDSA", { extractable: true, crv: "Ed25519" });
  const ec = await generateKeyPair("ES256", { extractable: false });
  for (const [alg, pair] of [["EdDSA", ed], ["ES256", ec]] as const) {
    const key = { alg, ...pair };
    const { token } = await jws(key, signer);
    await compactVerify(token, pair.publicKey, { algorithms: [alg] });
  }
});

Deno.test("--crypto auto falls back to WebCrypto when libcrypto is missing or is not OpenSSL", async () => {
  const missing = await selectSigner("auto", { libPaths: ["/nonexistent/libcrypto.so.3"] });
  assert.equal(missing.name, "webcrypto");
  assert.match(missing.detail, /OpenSSL not used: .*\/nonexistent\/libcrypto\.so\.3/);
  const notOpenSsl = await selectSigner("auto", { libPaths: ["libc.so.6"] });
  assert.equal(notOpenSsl.name, "webcrypto");
  const key = { alg: "ES256", ...await generateKeyPair("ES256") };
  await compactVerify((await jws(key, missing)).token, key.publicKey);
  assert.equal((await selectSigner("auto")).name, "openssl", "this machine has libcrypto.so.3");
});

Deno.test("--crypto openssl rejects a missing library, naming the paths tried", async () => {
  await assert.rejects(
    selectSigner("openssl", { libPaths: ["/nonexistent/libcrypto.so.3"] }),
    /no OpenSSL 3 libcrypto could be loaded \(\/nonexistent\/libcrypto\.so\.3: /,
  );
  assert.equal((await selectSigner("webcrypto")).name, "webcrypto");
});

Deno.test("the provider names its signing backend in /metrics", async () => {
  await using op = await testProvider({ crypto: "openssl" });
  assert.equal(op.deps.keys.signer.name, "openssl");
  const res = await op.request("/metrics");
  assert.equal(res.status, 200);
  assert.match(
    await res.text(),
    /^gatehouse_crypto_info\{backend="openssl",library="OpenSSL 3\.[^"]+"\} 1$/m,
  );
});

Deno.test("derToJoseSignature pads, strips sign octets and rejects malformed DER", () => {
  const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
  // r = 0x80 (needs a 0x00 sign octet in DER), s = 0x01: each left-padded to 4 octets.
  assert.deepEqual(derToJoseSignature(hex("3007020200800201" + "01"), 4), hex("0000008000000001"));
  assert.deepEqual(
    derToJoseSignature(hex("300a020500ffffffff020101"), 4),
    hex("ffffffff00000001"),
  );
  for (
    const [der, why] of [
      ["3107020200800201" + "01", /not a SEQUENCE/],
      ["3008020200800201" + "01", /SEQUENCE length/],
      ["300a020501ffffffff020101", /integer too long/],
      ["3006020200800201", /truncated|SEQUENCE length/],
    ] as const
  ) assert.throws(() => derToJoseSignature(hex(der), 4), why);
});

Deno.test("OpenSSL verifies WebCrypto's and its own signatures for every RS, PS and ES alg, and refuses altered ones", async () => {
  const openssl = await openSslSigner({ strict: true });
  const webcrypto = webCryptoSigner();
  for (const key of await keysForEveryAlg()) {
    for (const signer of [webcrypto, openssl]) {
      const { input, sig } = await jws(key, signer);
      const data = utf8.encode(input);
      const publicKey = key.publicKey!;
      assert.equal(await openssl.verify({ alg: key.alg, publicKey }, data, sig), true, key.alg);
      const altered = sig.slice();
      altered[altered.length - 1] ^= 1;
      assert.equal(await openssl.verify({ alg: key.alg, publicKey }, data, altered), false);
      const other = utf8.encode(input + "x");
      assert.equal(await openssl.verify({ alg: key.alg, publicKey }, other, sig), false);
      // WebCrypto agrees on all three.
      assert.equal(await webcrypto.verify({ alg: key.alg, publicKey }, data, sig), true);
      assert.equal(await webcrypto.verify({ alg: key.alg, publicKey }, data, altered), false);
    }
    const truncated = (await jws(key, openssl)).sig.subarray(1);
    const input = utf8.encode((await jws(key, openssl)).input);
    const publicKey = key.publicKey!;
    assert.equal(await openssl.verify({ alg: key.alg, publicKey }, input, truncated), false);
  }
});

Deno.test("joseToDerSignature is the inverse of derToJoseSignature", () => {
  for (const size of [32, 48, 66]) {
    for (const first of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
      const sig = new Uint8Array(2 * size).map((_, i) => (i * 37 + first) & 0xff);
      sig[0] = first;
      sig[size] = first === 0 ? 0 : 0x80;
      const der = joseToDerSignature(sig, size)!;
      assert.deepEqual(derToJoseSignature(der, size), sig, `size ${size}, first ${first}`);
    }
    assert.equal(joseToDerSignature(new Uint8Array(2 * size - 1), size), null);
  }
});

Deno.test("a process that exits while OpenSSL signatures are in flight exits cleanly", async () => {
  const signerUrl = new URL("../../src/crypto/openssl.ts", import.meta.url).href;
  const script = `
    import { openSslSigner } from "${signerUrl}";
    const signer = await openSslSigner({ strict: true });
    const params = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
    const pair = await crypto.subtle.generateKey(params, true, ["sign", "verify"]);
    const key = { alg: "RS256", privateKey: pair.privateKey };
    const data = new TextEncoder().encode("x".repeat(300));
    await signer.sign(key, data);
    for (let i = 0; i < 64; i++) signer.sign(key, data);
    Deno.exit(0);`;
  // Bounded: 12 processes, each exiting with 64 signatures on worker threads.
  for (let run = 0; run < 12; run++) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--quiet", script],
      stdout: "null",
      stderr: "piped",
      signal: AbortSignal.timeout(30_000),
    }).output();
    assert.equal(out.code, 0, `run ${run}: ${new TextDecoder().decode(out.stderr)}`);
    assert.equal(out.signal, null);
  }
});
