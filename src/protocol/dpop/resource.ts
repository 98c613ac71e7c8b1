import type { JWTPayload } from "npm:jose@^6";
import { OAuthError } from "../errors.ts";
import { DPOP_ALGS, dpopError } from "./errors.ts";
import type { DpopProof } from "./proof.ts";

/** How an access token was presented: `Authorization: Bearer` (or the form) or `DPoP`. */
export type TokenScheme = "Bearer" | "DPoP";

/** The key an access token is bound to (`cnf.jkt`), if any. */
export function boundJkt(payload: JWTPayload): string | undefined {
  const cnf = payload.cnf as { jkt?: unknown } | undefined;
  return typeof cnf?.jkt === "string" ? cnf.jkt : undefined;
}

/**
 * Checks that a token is used as it was issued: a DPoP-bound token only with the `DPoP` scheme
 * and a proof signed by the key it is bound to; a bearer token only as `Bearer`.
 * @see RFC 9449 §7.1, §7.2
 */
export function checkTokenBinding(
  payload: JWTPayload,
  scheme: TokenScheme,
  proof: DpopProof | undefined,
): void {
  const jkt = boundJkt(payload);
  if (jkt && scheme === "Bearer") {
    const description =
      "the access token is DPoP-bound; send it as Authorization: DPoP with a DPoP proof";
    throw new OAuthError("invalid_token", description, 401, {
      wwwAuthenticate: `DPoP error="invalid_token", error_description="${description}", algs="${
        DPOP_ALGS.join(" ")
      }"`,
    });
  }
  if (!jkt && scheme === "DPoP") {
    const description = "the access token is not DPoP-bound; send it as Authorization: Bearer";
    throw new OAuthError("invalid_token", description, 401, {
      wwwAuthenticate:
        `Bearer realm="gatehouse", error="invalid_token", error_description="${description}"`,
    });
  }
  if (jkt && proof?.jkt !== jkt) {
    throw dpopError(
      "resource",
      proof
        ? "the DPoP proof is signed by another key than the one the access token is bound to (cnf.jkt)"
        : "a DPoP-bound access token needs a DPoP proof in the DPoP header",
    );
  }
}
