import { joseToDerSignature } from "./ecdsa_der.ts";
import { decodeKey, type LibCrypto, setPss } from "./openssl_lib.ts";
import type { VerifiableKey } from "./signer.ts";

/** What verifying needs of a JWS algorithm (the signer's table): digest, PSS salt, EC size. */
export interface VerifySpec {
  digest: string;
  pssSalt?: number;
  ecSize?: number;
}

interface NativePublicKey {
  pkey: Deno.PointerObject;
  md: Deno.PointerObject;
  spec: VerifySpec;
}

/**
 * JWS signature checks on OpenSSL's `EVP_DigestVerify`, with public keys imported once (from
 * SubjectPublicKeyInfo DER) and freed with their CryptoKey. `verify` resolves to null for a key
 * OpenSSL does not take (EdDSA, an unknown alg): the caller's fallback verifies it.
 * @see https://docs.openssl.org/3.0/man3/EVP_DigestVerifyInit/
 */
export function createNativeVerifier(lib: LibCrypto, specs: Record<string, VerifySpec>) {
  const ssl = lib.symbols;
  const imported = new WeakMap<CryptoKey, Promise<NativePublicKey | null>>();
  const freeKeys = new FinalizationRegistry<Deno.PointerObject>((p) => ssl.EVP_PKEY_free(p));

  async function load(key: VerifiableKey): Promise<NativePublicKey | null> {
    const spec = specs[key.alg];
    if (!spec) return null;
    const der = new Uint8Array(await crypto.subtle.exportKey("spki", key.publicKey));
    const decoded = decodeKey(lib, "public", der, spec.digest);
    if (!decoded) return null;
    freeKeys.register(key.publicKey, decoded.pkey);
    return { ...decoded, spec };
  }

  function check(key: NativePublicKey, data: Uint8Array, signature: Uint8Array): boolean {
    const sig = key.spec.ecSize ? joseToDerSignature(signature, key.spec.ecSize) : signature;
    if (!sig) return false;
    const ctx = ssl.EVP_MD_CTX_new();
    if (!ctx) throw new Error("OpenSSL: EVP_MD_CTX_new failed");
    try {
      const pctx = new BigUint64Array(1);
      if (ssl.EVP_DigestVerifyInit(ctx, pctx, key.md, null, key.pkey) !== 1) return false;
      if (key.spec.pssSalt && !setPss(lib, pctx, key.spec.pssSalt)) return false;
      return ssl.EVP_DigestVerify(ctx, sig, BigInt(sig.length), data, BigInt(data.length)) === 1;
    } finally {
      ssl.ERR_clear_error();
      ssl.EVP_MD_CTX_free(ctx);
    }
  }

  return {
    async verify(key: VerifiableKey, data: Uint8Array, signature: Uint8Array) {
      let native = imported.get(key.publicKey);
      if (!native) {
        native = load(key);
        imported.set(key.publicKey, native);
      }
      const ready = await native;
      return ready ? check(ready, data, signature) : null;
    },
  };
}
