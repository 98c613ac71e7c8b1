/** The machine's own signing ceiling, with the WebCrypto Deno signs tokens with. */

/** Algorithms measured, with WebCrypto key generation and signing parameters. */
export const CEILING_ALGS = {
  RS256: {
    key: {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    sign: { name: "RSASSA-PKCS1-v1_5" },
    count: 300,
  },
  ES256: {
    key: { name: "ECDSA", namedCurve: "P-256" },
    sign: { name: "ECDSA", hash: "SHA-256" },
    count: 1000,
  },
  EdDSA: { key: { name: "Ed25519" }, sign: { name: "Ed25519" }, count: 4000 },
} as const;

export type CeilingAlg = keyof typeof CEILING_ALGS;

/** A signing input the size of a client_credentials access token's (header.payload). */
const INPUT = new TextEncoder().encode("e".repeat(340));

/**
 * Signatures per second for `alg`: `inFlight` 1 awaits each signature before the next; more keeps
 * that many in flight, as a server signing for many requests does (Deno signs RSA and ECDSA on
 * its blocking thread pool). Bounded by count (`CEILING_ALGS[alg].count` per slot, at most 4×).
 */
export async function signaturesPerSecond(alg: CeilingAlg, inFlight: number): Promise<number> {
  const spec = CEILING_ALGS[alg];
  const { privateKey } = await crypto.subtle.generateKey(
    spec.key,
    false,
    ["sign", "verify"],
  ) as CryptoKeyPair;
  for (let i = 0; i < 20; i++) await crypto.subtle.sign(spec.sign, privateKey, INPUT);
  const total = inFlight === 1 ? spec.count : spec.count * 4;
  let started = 0;
  const t0 = performance.now();
  const slot = async () => {
    while (started < total) {
      started++;
      await crypto.subtle.sign(spec.sign, privateKey, INPUT);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, slot));
  return total / ((performance.now() - t0) / 1000);
}
