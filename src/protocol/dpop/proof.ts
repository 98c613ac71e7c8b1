import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  EmbeddedJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
} from "npm:jose@^6";
import { epochSeconds } from "../../clock.ts";
import { encodeBase64Url } from "../../crypto/base64url.ts";
import { sha256 } from "../../crypto/hash.ts";
import type { Deps } from "../../deps.ts";
import type { OAuthError } from "../errors.ts";
import { DPOP_ALGS, dpopError, type ProofSite } from "./errors.ts";
import { checkNonce } from "./nonce.ts";

export { DPOP_ALGS, dpopError, type ProofSite };

/**
 * How old (or how far ahead) a proof's `iat` may be, in seconds. The replay cache keeps each
 * `jti` exactly this long past its `iat`: an older proof is refused by its `iat` anyway.
 */
export const PROOF_WINDOW_S = 60;

/** A verified DPoP proof: the thumbprint of its key (`cnf.jkt`). */
export interface DpopProof {
  jkt: string;
}

/** What a proof must match: the request's method, its URL (any one of `urls`), the token. */
export interface ProofRequest {
  site: ProofSite;
  method: string;
  /** The URLs the request may have been sent to, without query or fragment. */
  urls: string[];
  /** At a resource: the access token, whose hash the proof's `ath` must be. */
  accessToken?: string;
}

/**
 * Checks the `DPoP` header of a request: a JWT of `typ` `dpop+jwt` signed by the public key in
 * its `jwk` header, with `htm` and `htu` matching the request, a fresh `iat`, a `jti` never
 * seen before (one compare-and-set commit: of racing requests exactly one wins), `ath` at a
 * resource, and a current server nonce when `--dpop-nonce` is on.
 * @see RFC 9449 §4.2, §4.3, §7.1, §8, §11.1
 */
export async function checkDpopProof(
  deps: Deps,
  proof: string,
  req: ProofRequest,
): Promise<DpopProof> {
  const fail = (m: string) => dpopError(req.site, `the DPoP proof ${m}`);
  const { payload, jwk } = await verifyProof(proof, fail);
  // With server nonces the nonce proves freshness (RFC 9449 §11.1): a client whose clock is off
  // gets use_dpop_nonce, never a stale-iat error it cannot fix.
  const nonceLife = await checkNonce(deps, payload.nonce, req.site);
  checkClaims(deps, payload, req, fail, nonceLife === undefined);
  if (req.accessToken !== undefined) {
    const ath = encodeBase64Url(
      new Uint8Array(
        await crypto.subtle.digest("SHA-256", new TextEncoder().encode(req.accessToken)),
      ),
    );
    if (payload.ath !== ath) throw fail('"ath" is not the hash of the access token sent with it');
  }
  const jkt = await calculateJwkThumbprint(jwk, "sha256");
  const fresh = await deps.store.useOnce(
    "dpop",
    await sha256(`${jkt} ${payload.jti}`),
    nonceLife ?? (payload.iat! + PROOF_WINDOW_S) * 1000,
    deps.clock.now(),
  );
  if (!fresh) {
    throw fail(`"jti" ${payload.jti} was already used; make a new proof for each request`);
  }
  return { jkt };
}

async function verifyProof(proof: string, fail: (m: string) => OAuthError) {
  let header;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw fail("is not a JWT");
  }
  if (header.typ !== "dpop+jwt") {
    throw fail(`has "typ" ${JSON.stringify(header.typ)}; use "dpop+jwt"`);
  }
  if (typeof header.alg !== "string" || !DPOP_ALGS.includes(header.alg)) {
    throw fail(`is signed with ${JSON.stringify(header.alg)}; use one of ${DPOP_ALGS.join(", ")}`);
  }
  if (typeof header.jwk !== "object" || header.jwk === null) throw fail('has no "jwk" header');
  if ("d" in header.jwk) throw fail('carries a private key in its "jwk" header');
  try {
    const { payload } = await jwtVerify(proof, EmbeddedJWK, {
      typ: "dpop+jwt",
      algorithms: DPOP_ALGS,
      // The iat window is checked below, by the injected clock.
      currentDate: new Date(0),
      clockTolerance: Number.MAX_SAFE_INTEGER,
    });
    return { payload, jwk: header.jwk as JWK };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") {
      throw fail('has a signature that does not verify with its "jwk"');
    }
    throw fail(`cannot be verified: ${(err as Error).message}`);
  }
}

function checkClaims(
  deps: Deps,
  p: JWTPayload,
  req: ProofRequest,
  fail: (m: string) => OAuthError,
  checkIat: boolean,
): void {
  if (typeof p.jti !== "string" || p.jti === "" || p.jti.length > 256) {
    throw fail('has no "jti" (a unique string of at most 256 characters)');
  }
  if (p.htm !== req.method) {
    throw fail(`has "htm" ${JSON.stringify(p.htm)}, but the request is ${req.method}`);
  }
  if (typeof p.htu !== "string" || !req.urls.includes(normalizedUrl(p.htu))) {
    throw fail(`has "htu" ${JSON.stringify(p.htu)}, but the request went to ${req.urls[0]}`);
  }
  const now = epochSeconds(deps.clock);
  if (typeof p.iat !== "number") throw fail('has no "iat"');
  if (checkIat && Math.abs(now - p.iat) > PROOF_WINDOW_S) {
    throw fail(
      `has "iat" ${p.iat}, ${
        now - p.iat
      }s from now; it must be within ${PROOF_WINDOW_S}s (make a fresh proof, or use the server's DPoP-Nonce)`,
    );
  }
}

/** RFC 9449 §4.3: `htu` is compared without query and fragment, normalized (RFC 3986 §6). */
export function normalizedUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url;
  }
}
