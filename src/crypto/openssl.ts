import { derToJoseSignature } from "./ecdsa_der.ts";
import {
  decodeKey,
  defaultLibCryptoPaths,
  type LibCrypto,
  openLibCrypto,
  setPss,
} from "./openssl_lib.ts";
import { createNativeVerifier } from "./openssl_verify.ts";
import { type SignableKey, type Signer, webCryptoParams, webCryptoSigner } from "./signer.ts";

/** How OpenSSL signs a JWS algorithm: digest, RSA-PSS salt length, ECDSA coordinate size. */
interface AlgSpec {
  digest: string;
  pssSalt?: number;
  ecSize?: number;
}

/** RFC 7518 §3.3 (RS*), §3.5 (PS*: salt = digest length), §3.4 (ES*). EdDSA stays on WebCrypto. */
const SPECS: Record<string, AlgSpec> = {
  RS256: { digest: "SHA256" },
  RS384: { digest: "SHA384" },
  RS512: { digest: "SHA512" },
  PS256: { digest: "SHA256", pssSalt: 32 },
  PS384: { digest: "SHA384", pssSalt: 48 },
  PS512: { digest: "SHA512", pssSalt: 64 },
  ES256: { digest: "SHA256", ecSize: 32 },
  ES384: { digest: "SHA384", ecSize: 48 },
  ES512: { digest: "SHA512", ecSize: 66 },
};

/** A key imported into OpenSSL once: its `EVP_PKEY`, digest and maximum signature size. */
interface NativeKey {
  pkey: Deno.PointerObject;
  md: Deno.PointerObject;
  size: number;
  spec: AlgSpec;
}

const opened = new Map<string, LibCrypto>();

/**
 * A signer on the system's OpenSSL 3, after a sign-and-verify self-test. Keys it cannot take
 * (EdDSA, non-extractable keys) are signed by WebCrypto. With `strict`, a key OpenSSL fails to
 * import or sign correctly is an error instead of a quiet fallback.
 */
export async function openSslSigner(
  opts: { paths?: string[]; strict?: boolean } = {},
): Promise<Signer> {
  const paths = opts.paths ?? defaultLibCryptoPaths();
  // One process-wide handle per path list: dlopen is a process resource, not per-provider state.
  const lib = opened.get(paths.join("\n")) ?? openLibCrypto(paths);
  opened.set(paths.join("\n"), lib);
  await selfTest(lib);
  return createOpenSslSigner(lib, opts.strict ?? false);
}

/** Signs and verifies one message with a fresh P-256 key, so a broken library is never used. */
async function selfTest(lib: LibCrypto): Promise<void> {
  const params = { name: "ECDSA", namedCurve: "P-256" };
  const pair = await crypto.subtle.generateKey(params, true, ["sign", "verify"]);
  const der = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const native = importKey(lib, der, SPECS.ES256);
  if (!native) throw new Error("the OpenSSL self-test cannot import a P-256 key");
  try {
    const data = new TextEncoder().encode("gatehouse OpenSSL self-test");
    const sig = await signNative(lib, native, data);
    if (!await crypto.subtle.verify(webCryptoParams("ES256"), pair.publicKey, sig, data)) {
      throw new Error("the OpenSSL self-test signature does not verify");
    }
  } finally {
    lib.symbols.EVP_PKEY_free(native.pkey);
  }
}

/** The signer over an opened library; `strict` makes per-key problems errors. */
export function createOpenSslSigner(lib: LibCrypto, strict: boolean): Signer {
  const fallback = webCryptoSigner();
  const { symbols: ssl } = lib;
  const prepared = new WeakMap<CryptoKey, Promise<NativeKey | null>>();
  const freeKeys = new FinalizationRegistry<Deno.PointerObject>((p) => ssl.EVP_PKEY_free(p));
  const verifier = createNativeVerifier(lib, SPECS);

  async function prepare(key: SignableKey): Promise<NativeKey | null> {
    const spec = SPECS[key.alg];
    if (!spec || !key.privateKey.extractable) return null;
    const der = new Uint8Array(await crypto.subtle.exportKey("pkcs8", key.privateKey));
    const native = importKey(lib, der, spec);
    if (!native) return fail(`OpenSSL cannot import this ${key.alg} key`);
    freeKeys.register(key.privateKey, native.pkey);
    if (key.publicKey) {
      // The first signature with each key is checked, so a mismatch never reaches a client.
      const data = new TextEncoder().encode("gatehouse OpenSSL key check");
      const sig = await signNative(lib, native, data);
      const ok = await crypto.subtle.verify(webCryptoParams(key.alg), key.publicKey, sig, data);
      if (!ok) return fail(`OpenSSL's ${key.alg} signature does not verify`);
    }
    return native;
  }

  function fail(message: string): null {
    if (strict) throw new Error(message);
    return null;
  }

  return {
    name: "openssl",
    detail: lib.version,
    async sign(key, data) {
      let native = prepared.get(key.privateKey);
      if (!native) {
        native = prepare(key);
        prepared.set(key.privateKey, native);
      }
      const ready = await native;
      return ready ? await signNative(lib, ready, data) : await fallback.sign(key, data);
    },
    async verify(key, data, signature) {
      return await verifier.verify(key, data, signature) ??
        await fallback.verify(key, data, signature);
    },
  };
}

/** `d2i_AutoPrivateKey` of PKCS#8 DER (OpenSSL 3 decodes PrivateKeyInfo through it). */
function importKey(lib: LibCrypto, der: Uint8Array, spec: AlgSpec): NativeKey | null {
  const key = decodeKey(lib, "private", der, spec.digest);
  return key && { ...key, size: lib.symbols.EVP_PKEY_get_size(key.pkey), spec };
}

/**
 * One-shot `EVP_DigestSign` on a fresh context, freed before returning. The signing call runs
 * on a worker thread (`nonblocking`); the buffers it writes stay referenced until it resolves.
 */
async function signNative(
  lib: LibCrypto,
  key: NativeKey,
  data: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const ssl = lib.symbols;
  const ctx = ssl.EVP_MD_CTX_new();
  if (!ctx) throw new Error("OpenSSL: EVP_MD_CTX_new failed");
  try {
    const pctx = new BigUint64Array(1);
    if (ssl.EVP_DigestSignInit(ctx, pctx, key.md, null, key.pkey) !== 1) {
      throw opensslError(lib, "EVP_DigestSignInit");
    }
    if (key.spec.pssSalt && !setPss(lib, pctx, key.spec.pssSalt)) {
      throw opensslError(lib, "RSA-PSS parameters");
    }
    const sig = new Uint8Array(key.size);
    const len = new BigUint64Array([BigInt(key.size)]);
    if (await ssl.EVP_DigestSign(ctx, sig, len, data, BigInt(data.length)) !== 1) {
      throw opensslError(lib, "EVP_DigestSign");
    }
    const out = sig.subarray(0, Number(len[0]));
    return key.spec.ecSize ? derToJoseSignature(out, key.spec.ecSize) : out;
  } finally {
    ssl.EVP_MD_CTX_free(ctx);
  }
}

function opensslError(lib: LibCrypto, step: string): Error {
  lib.symbols.ERR_clear_error();
  return new Error(`OpenSSL: ${step} failed`);
}
