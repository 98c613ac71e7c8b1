import { createLocalJWKSet, decodeJwt, type JWTPayload, jwtVerify } from "npm:jose@^6";
import { epochSeconds } from "../../clock.ts";
import type { Deps } from "../../deps.ts";
import { KEY_ALGS } from "../capabilities.ts";
import { endpointsFor } from "../endpoints.ts";
import { profileNamed } from "../../profiles/index.ts";
import type { OAuthError } from "../errors.ts";
import type { TrustedIssuer } from "./trusted_issuer.ts";

/** How far ahead of ours an issuer's clock may be for `nbf` and `iat`. */
const LEEWAY_S = 5;

/** A JWT whose `iss` is a trusted issuer's, verified with its keys. */
export interface TrustedJwt {
  payload: JWTPayload & { iss: string; sub: string };
  issuer: TrustedIssuer;
}

/** What a check of an external JWT needs: how to name it, and the error to raise. */
export interface ExternalJwtCheck {
  /** "the assertion", "the subject_token", … */
  what: string;
  error: (description: string) => OAuthError;
  /**
   * `provider`: `aud` must name this provider (its issuer or token endpoint) or one of the
   * issuer's `audiences` (RFC 7523 §3). `configured`: only the `audiences`, when it has any.
   */
  audience: "provider" | "configured";
}

/** The claims of a JWT without verifying it, or null when it is not one. */
export function peekJwt(token: string): JWTPayload | null {
  try {
    return decodeJwt(token);
  } catch {
    return null;
  }
}

/** The trusted issuer (`--trusted-issuers`) whose `issuer` is `iss`, if any. */
export function trustedIssuer(deps: Pick<Deps, "config">, iss: unknown): TrustedIssuer | undefined {
  return deps.config.trustedIssuers.find((t) => t.issuer === iss);
}

/**
 * Verifies a JWT of a trusted issuer: the signature with one of its keys (an asymmetric `alg`),
 * `exp` (required), `nbf` and `iat` by the injected clock, `sub` (among its `subjects` when it has
 * some) and `aud`.
 * @see RFC 7523 §3, RFC 7519 §7.2
 */
export async function verifyTrustedJwt(
  deps: Deps,
  token: string,
  issuer: TrustedIssuer,
  check: ExternalJwtCheck,
): Promise<TrustedJwt> {
  const fail = (m: string) => check.error(`${check.what} ${m}`);
  const now = epochSeconds(deps.clock);
  let payload: JWTPayload;
  try {
    const keys = issuer.jwks
      ? createLocalJWKSet(issuer.jwks)
      : deps.clientKeys.resolver({ jwks_uri: issuer.jwks_uri });
    ({ payload } = await jwtVerify(token, keys!, {
      algorithms: KEY_ALGS,
      currentDate: new Date(now * 1000),
      clockTolerance: LEEWAY_S,
      requiredClaims: ["exp"],
    }));
  } catch (err) {
    throw fail(verifyFailure(issuer, err as Error & { code?: string; claim?: string }));
  }
  if (typeof payload.exp === "number" && payload.exp <= now) {
    throw fail(`expired ${now - payload.exp}s ago (its "exp" is ${payload.exp})`);
  }
  if (typeof payload.sub !== "string" || payload.sub === "") throw fail('has no "sub"');
  if (issuer.subjects && !issuer.subjects.includes(payload.sub)) {
    throw fail(
      `has "sub" "${payload.sub}", which trusted issuer ${issuer.issuer} may not assert (its subjects: ${
        issuer.subjects.join(", ")
      })`,
    );
  }
  checkAudience(deps, payload, issuer, check, fail);
  return { payload: payload as TrustedJwt["payload"], issuer };
}

function checkAudience(
  deps: Deps,
  payload: JWTPayload,
  issuer: TrustedIssuer,
  check: ExternalJwtCheck,
  fail: (m: string) => OAuthError,
): void {
  if (check.audience === "configured" && !issuer.audiences) return;
  const accepted = [
    ...(check.audience === "provider" ? providerAudiences(deps) : []),
    ...(
      issuer.audiences ?? []
    ),
  ];
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!aud.some((a) => typeof a === "string" && accepted.includes(a))) {
    throw fail(
      `"aud" must include one of ${accepted.join(", ")}; got ${JSON.stringify(payload.aud)}`,
    );
  }
}

/**
 * This provider's identifiers as an audience: its issuer and token endpoint (RFC 7523 §3) on the
 * issuer's and the back-channel origin, at Gatehouse's own path and, under `--profile`, at the
 * profile's, which discovery lists.
 */
export function providerAudiences(deps: Pick<Deps, "config">): string[] {
  const { issuer, backchannelUrl, profile } = deps.config;
  const back = backchannelUrl ?? undefined;
  const paths = profileNamed(profile)?.paths;
  const tokens = [
    endpointsFor(issuer).token,
    endpointsFor(issuer, back).token,
    endpointsFor(issuer, undefined, paths).token,
    endpointsFor(issuer, back, paths).token,
  ];
  return [...new Set([issuer, ...tokens])];
}

function verifyFailure(issuer: TrustedIssuer, err: Error & { code?: string; claim?: string }) {
  switch (err.code) {
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return `has a signature that does not verify with the keys of trusted issuer ${issuer.issuer}`;
    case "ERR_JWKS_NO_MATCHING_KEY":
      return `names a key (kid/alg) that trusted issuer ${issuer.issuer} does not have`;
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return `matches several keys of trusted issuer ${issuer.issuer}; sign with a "kid"`;
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return `is signed with an alg this provider does not accept; use one of ${
        KEY_ALGS.join(", ")
      }`;
    case "ERR_JWT_EXPIRED":
      return `has expired (its "exp" is in the past)`;
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      return err.claim === "exp" ? 'has no "exp"' : `has an invalid "${err.claim}": ${err.message}`;
    case "ERR_JWKS_TIMEOUT":
      return `cannot be verified: fetching ${issuer.jwks_uri} timed out`;
    case "ERR_JWS_INVALID":
    case "ERR_JWT_INVALID":
      return "is not a signed JWT";
    default:
      return `cannot be verified with the keys of trusted issuer ${issuer.issuer}: ${err.message}`;
  }
}
