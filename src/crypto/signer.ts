/** What signs a JWS: WebCrypto (always there) or the system's OpenSSL through FFI. */
export interface Signer {
  readonly name: "openssl" | "webcrypto";
  /** For the banner and `/metrics`: the library version, or why OpenSSL is not used. */
  readonly detail: string;
  /**
   * The JWS signature of `data` (RFC 7515 §5.1): for ECDSA the raw r‖s form of RFC 7518 §3.4.
   * `publicKey`, when given, lets a backend check its first signature with a new key.
   */
  sign(key: SignableKey, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>>;
  /**
   * Whether `signature` (the JWS form) is `key`'s signature of `data` under `key.alg`. Deno's
   * WebCrypto verifies RSA and ECDSA in pure Rust at ≈ 0.4–0.9 ms each, OpenSSL at ≈ 0.03 ms.
   */
  verify(
    key: VerifiableKey,
    data: Uint8Array<ArrayBuffer>,
    signature: Uint8Array<ArrayBuffer>,
  ): Promise<boolean>;
}

/** A public key and its JWS algorithm. */
export interface VerifiableKey {
  alg: string;
  publicKey: CryptoKey;
}

/** A private key and its JWS algorithm (RS256…RS512, PS256…PS512, ES256…ES512, EdDSA). */
export interface SignableKey {
  alg: string;
  privateKey: CryptoKey;
  publicKey?: CryptoKey;
}

/** `--crypto`: which backend signs. `auto` is OpenSSL when it loads and passes a self-test. */
export type CryptoMode = "auto" | "openssl" | "webcrypto";
export const CRYPTO_MODES: readonly CryptoMode[] = ["auto", "openssl", "webcrypto"];

/** WebCrypto parameters of a JWS algorithm (RFC 7518 §3.3–§3.5, RFC 8037 §3.1). */
export function webCryptoParams(alg: string): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  const bits = Number(alg.slice(2));
  if (alg.startsWith("RS")) return { name: "RSASSA-PKCS1-v1_5" };
  if (alg.startsWith("PS")) return { name: "RSA-PSS", saltLength: bits / 8 };
  if (alg.startsWith("ES")) return { name: "ECDSA", hash: `SHA-${bits}` };
  if (alg === "EdDSA" || alg === "Ed25519") return { name: "Ed25519" };
  throw new Error(`unsupported JWS algorithm ${alg}`);
}

/** Deno's WebCrypto: no native dependency, but RSA signing is several times slower. */
export function webCryptoSigner(detail = "Deno WebCrypto"): Signer {
  return {
    name: "webcrypto",
    detail,
    async sign(key, data) {
      const params = webCryptoParams(key.alg);
      return new Uint8Array(await crypto.subtle.sign(params, key.privateKey, data));
    },
    async verify(key, data, signature) {
      return await crypto.subtle.verify(webCryptoParams(key.alg), key.publicKey, signature, data);
    },
  };
}

/**
 * The signer `--crypto` asks for. `auto` never fails: a missing library, no `--allow-ffi` or a
 * failed self-test means WebCrypto. `openssl` throws an Error saying why OpenSSL cannot be used.
 * `libPaths` replaces the usual library locations (tests point it at a wrong one).
 */
export async function selectSigner(
  mode: CryptoMode,
  opts: { libPaths?: string[] } = {},
): Promise<Signer> {
  if (mode === "webcrypto") return webCryptoSigner();
  try {
    const { openSslSigner } = await import("./openssl.ts");
    return await openSslSigner({ paths: opts.libPaths, strict: mode === "openssl" });
  } catch (err) {
    if (mode === "openssl") throw err;
    return webCryptoSigner(`Deno WebCrypto (OpenSSL not used: ${(err as Error).message})`);
  }
}
