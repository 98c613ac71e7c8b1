import { decodeProtectedHeader, type JWTPayload } from "npm:jose@^6";
import { epochSeconds } from "../../clock.ts";
import { verifyOwnJwt } from "../../crypto/jwt.ts";
import { sha256 } from "../../crypto/hash.ts";
import type { Deps } from "../../deps.ts";
import type { Client } from "../../types.ts";
import { knownClient } from "../clients/known_client.ts";
import { ctx } from "../clients/resolve.ts";
import { invalidRequest } from "../errors.ts";
import { localSubject } from "../pairwise.ts";
import { breakRule, RULES } from "../rules.ts";
import { accessTokenTyp, checkAccessToken } from "../tokens/access_token.ts";
import { peekJwt, trustedIssuer, verifyTrustedJwt } from "../trust/external_jwt.ts";

/** RFC 8693 §3 token type identifiers. */
export const TOKEN_TYPES = {
  access_token: "urn:ietf:params:oauth:token-type:access_token",
  refresh_token: "urn:ietf:params:oauth:token-type:refresh_token",
  id_token: "urn:ietf:params:oauth:token-type:id_token",
  jwt: "urn:ietf:params:oauth:token-type:jwt",
} as const;

export type TokenTypeName = keyof typeof TOKEN_TYPES;

/** A subject or actor token, verified: whom it is about and what it carried. */
export interface PresentedToken {
  /** The subject: a local user id for our own tokens (never a pairwise alias). */
  sub: string;
  iss: string;
  /** Claims known for the subject (the grant's, for our own tokens of free-form users). */
  claims: Record<string, unknown>;
  /** The token's scopes, when it carries any. */
  scopes?: string[];
  /** RFC 8693 §4.1 `act` (earlier actors) and §4.4 `may_act`. */
  act?: Record<string, unknown>;
  mayAct?: Record<string, unknown>;
}

/** `subject_token` or `actor_token`: how the parameter is named in errors. */
export type Role = "subject_token" | "actor_token";

/** The name of a token type URI, or `invalid_request` listing the supported ones. */
export function tokenTypeName(uri: string | undefined, param: string): TokenTypeName {
  if (!uri) throw invalidRequest(`missing "${param}"`);
  const name = (Object.keys(TOKEN_TYPES) as TokenTypeName[]).find((n) => TOKEN_TYPES[n] === uri);
  if (!name) {
    throw invalidRequest(
      `"${param}" "${uri}" is not supported; use one of ${Object.values(TOKEN_TYPES).join(", ")}`,
    );
  }
  return name;
}

/**
 * Verifies a presented token of the given type. Our own tokens are checked with our keys (and,
 * for access and refresh tokens, against revocation); another issuer's JWTs with the keys of a
 * trusted issuer. An untrusted issuer's JWT is accepted in lenient mode with a warning, its
 * signature unverified; `--strict` refuses it. Every failure is `invalid_request`.
 * @see RFC 8693 §2.1, §2.2.2
 */
export async function readPresentedToken(
  deps: Deps,
  client: Client,
  token: string,
  type: TokenTypeName,
  role: Role,
): Promise<PresentedToken> {
  if (type === "refresh_token") return await ownRefreshToken(deps, client, token, role);
  const claims = peekJwt(token);
  if (!claims) throw invalidRequest(`the ${role} is not a JWT, as a token of type ${type} must be`);
  if (claims.iss === deps.config.issuer) return await ownJwt(deps, token, type, role);
  if (type === "id_token" || type === "access_token" || type === "jwt") {
    return await externalJwt(deps, client, token, claims, role);
  }
  throw invalidRequest(`the ${role} has an unsupported type`);
}

async function ownJwt(
  deps: Deps,
  token: string,
  type: TokenTypeName,
  role: Role,
): Promise<PresentedToken> {
  const fail = (why: string) => invalidRequest(`the ${role} is not a valid ${type}: ${why}`);
  const typ = decodeProtectedHeader(token).typ;
  const payload = type === "access_token"
    ? await ourAccessToken(deps, token, fail)
    : await ourJwt(deps, token, fail);
  // Our ID tokens carry no `typ`; an access token's (`at+jwt`, or a profile's `JWT`) is refused.
  const accessTyp = typ !== undefined && typ === accessTokenTyp(deps.config);
  if (type === "id_token" && typ !== undefined && (typ !== "JWT" || accessTyp)) {
    throw fail(`a JWT of typ "${typ}" is not an ID token`);
  }
  // The sub a pairwise client was shown maps back to the user (OIDC Core §8.1).
  const owner = typeof payload.client_id === "string" ? payload.client_id : [payload.aud].flat()[0];
  const sub = typeof owner === "string"
    ? await localSubject(deps, await knownClient(deps, owner), String(payload.sub))
    : String(payload.sub);
  return presented(payload, sub, {});
}

async function ourAccessToken(deps: Deps, token: string, fail: (w: string) => Error) {
  const check = await checkAccessToken(deps, token);
  if (!check.ok) throw fail(check.reason);
  return check.payload;
}

async function ourJwt(deps: Deps, token: string, fail: (w: string) => Error) {
  const result = await verifyOwnJwt(deps.keys, token, {
    issuer: deps.config.issuer,
    now: epochSeconds(deps.clock),
  });
  if (!result.ok) throw fail(result.reason);
  if (typeof result.payload.sub !== "string") throw fail('it has no "sub"');
  return result.payload;
}

async function ownRefreshToken(
  deps: Deps,
  client: Client,
  token: string,
  role: Role,
): Promise<PresentedToken> {
  const fail = (why: string) => invalidRequest(`the ${role} is not a valid refresh_token: ${why}`);
  const record = await deps.store.getRefreshToken(await sha256(token));
  const now = deps.clock.now();
  if (!record) throw fail("this provider did not issue it");
  // RFC 6749 §6: a refresh token is bound to the client it was issued to.
  if (record.clientId !== client.client_id) {
    throw fail(`it was issued to client "${record.clientId}", not "${client.client_id}"`);
  }
  if (record.rotatedAt !== undefined) throw fail("it was already exchanged for a new one");
  if (Math.min(record.exp, record.absoluteExp) <= now) throw fail("it has expired");
  if (record.revokedAt !== undefined || (await deps.store.getGrant(record.grantId))?.revoked) {
    throw fail("its grant was revoked");
  }
  return {
    sub: record.sub,
    iss: deps.config.issuer,
    claims: record.claims,
    scopes: record.scope.split(" ").filter(Boolean),
  };
}

async function externalJwt(
  deps: Deps,
  client: Client,
  token: string,
  claims: JWTPayload,
  role: Role,
): Promise<PresentedToken> {
  const issuer = trustedIssuer(deps, claims.iss);
  if (issuer) {
    const { payload } = await verifyTrustedJwt(deps, token, issuer, {
      what: `the ${role}`,
      error: invalidRequest,
      audience: "configured",
    });
    return presented(payload, payload.sub, {});
  }
  const iss = JSON.stringify(claims.iss);
  breakRule(
    ctx(deps, client.client_id),
    RULES.exchange_trusted_issuer,
    () =>
      invalidRequest(
        `the ${role}'s issuer ${iss} is not a trusted issuer, so its signature cannot be verified; add it to --trusted-issuers`,
      ),
    `${role} from ${iss}`,
  );
  const now = epochSeconds(deps.clock);
  if (typeof claims.exp !== "number") throw invalidRequest(`the ${role} has no "exp"`);
  if (claims.exp <= now) throw invalidRequest(`the ${role} expired ${now - claims.exp}s ago`);
  if (typeof claims.sub !== "string" || !claims.sub) {
    throw invalidRequest(`the ${role} has no "sub"`);
  }
  if (typeof claims.iss !== "string") throw invalidRequest(`the ${role} has no "iss"`);
  return presented(claims, claims.sub, {});
}

function presented(
  payload: JWTPayload,
  sub: string,
  claims: Record<string, unknown>,
): PresentedToken {
  const object = (v: unknown) =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? v as Record<string, unknown>
      : undefined;
  return {
    sub,
    iss: String(payload.iss),
    claims,
    ...(typeof payload.scope === "string" ? { scopes: payload.scope.split(" ") } : {}),
    ...(object(payload.act) ? { act: object(payload.act) } : {}),
    ...(object(payload.may_act) ? { mayAct: object(payload.may_act) } : {}),
  };
}
