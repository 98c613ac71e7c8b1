import { epochSeconds } from "../clock.ts";
import type { Deps } from "../deps.ts";
import { adHocClient } from "../protocol/clients/resolve.ts";
import { createGrant, issueTokens } from "../protocol/tokens/issue.ts";
import { claimsOf } from "../users.ts";
import type { AdminState } from "./keys.ts";
import { badRequest } from "./problem.ts";
import { checkIdentifier } from "../protocol/identifiers.ts";
import { shapeClaims } from "./scenarios.ts";

const KINDS = ["access_token", "id_token", "refresh_token"] as const;
type Kind = typeof KINDS[number];

/** A validated `POST /admin/tokens` body. */
export interface MintRequest {
  sub: string;
  clientId: string;
  scopes: string[];
  /** Claims put into the tokens as given, whatever the scope (`null` removes one). */
  claims: Record<string, unknown>;
  /** Lifetime of the access and ID tokens, in seconds. */
  expiresIn?: number;
  tokens: Set<Kind>;
  nonce?: string;
  audience?: string[];
}

/** The longest lifetime a minted token may ask for: 10 years keeps `exp` a sane instant. */
const MAX_EXPIRES_IN = 10 * 365 * 86400;

const MEMBERS = [
  "sub",
  "client_id",
  "scope",
  "claims",
  "expires_in",
  "tokens",
  "nonce",
  "audience",
];

function stringMember(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !v) throw badRequest(`"${key}" must be a non-empty string`);
  return v;
}

function kindsOf(body: Record<string, unknown>, scopes: string[]): Set<Kind> {
  const v = body.tokens;
  if (v === undefined) {
    return new Set(scopes.includes("openid") ? ["access_token", "id_token"] : ["access_token"]);
  }
  if (!Array.isArray(v) || v.length === 0 || v.some((k) => !KINDS.includes(k))) {
    throw badRequest(`"tokens" must be a non-empty list of ${KINDS.join(", ")}`);
  }
  return new Set(v as Kind[]);
}

function audienceOf(body: Record<string, unknown>): string[] | undefined {
  const v = body.audience;
  if (v === undefined) return undefined;
  const list = typeof v === "string" ? [v] : v;
  if (!Array.isArray(list) || list.length === 0 || list.some((a) => typeof a !== "string" || !a)) {
    throw badRequest('"audience" must be a string or a non-empty list of strings');
  }
  return list as string[];
}

/** Validates a `POST /admin/tokens` body; unknown members are refused. */
export function parseMintRequest(body: Record<string, unknown>): MintRequest {
  const unknown = Object.keys(body).filter((k) => !MEMBERS.includes(k));
  if (unknown.length) throw badRequest(`unknown member "${unknown[0]}"; use ${MEMBERS.join(", ")}`);
  const sub = stringMember(body, "sub");
  if (!sub) throw badRequest('"sub" is required: the user the tokens are for');
  checkIdentifier("sub", sub, badRequest);
  const scopes = (stringMember(body, "scope") ?? "openid").split(" ").filter(Boolean);
  const claims = body.claims ?? {};
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    throw badRequest('"claims" must be a JSON object');
  }
  if ("sub" in claims) throw badRequest('"claims" cannot set "sub"; use the "sub" member');
  const expiresIn = body.expires_in;
  if (
    expiresIn !== undefined &&
    (typeof expiresIn !== "number" || !Number.isInteger(expiresIn) || expiresIn < 1)
  ) {
    throw badRequest(`"expires_in" must be a positive whole number of seconds`);
  }
  if (typeof expiresIn === "number" && expiresIn > MAX_EXPIRES_IN) {
    throw badRequest(`"expires_in" must be at most ${MAX_EXPIRES_IN} seconds (10 years)`);
  }
  const tokens = kindsOf(body, scopes);
  if (tokens.has("id_token") && !scopes.includes("openid")) {
    throw badRequest('an ID token needs the "openid" scope');
  }
  return {
    sub,
    clientId: checkIdentifier(
      "client_id",
      stringMember(body, "client_id") ?? "gatehouse-admin",
      badRequest,
    ),
    scopes,
    claims: claims as Record<string, unknown>,
    expiresIn: expiresIn as number | undefined,
    tokens,
    nonce: stringMember(body, "nonce"),
    audience: audienceOf(body),
  };
}

/**
 * Mints tokens without a flow, under a grant of their own, so that revocation, introspection and
 * `POST /users/{sub}/revoke-tokens` treat them like any other. The given claims go through the
 * same hook as a scenario's, so they appear in the tokens as given.
 */
export async function mintForAdmin(
  deps: Deps,
  state: AdminState,
  req: MintRequest,
): Promise<Record<string, unknown>> {
  const user = await deps.users.get(req.sub);
  const claims = { ...(user ? claimsOf(user) : {}), ...req.claims, sub: req.sub };
  const registered = await deps.store.getClient(req.clientId);
  const ttl = req.expiresIn ? { access_token_ttl: req.expiresIn, id_token_ttl: req.expiresIn } : {};
  const client = { ...(registered ?? adHocClient(req.clientId)), ...ttl };
  const signIn = { sub: req.sub, claims, authTime: epochSeconds(deps.clock) };
  const shaping = {
    ...deps,
    scenarios: {
      ...deps.scenarios,
      beforeSign: (kind, clientId, payload) =>
        deps.scenarios.beforeSign(kind, clientId, shapeClaims(payload, req.claims)),
    } satisfies Deps["scenarios"],
  };
  const issued = await issueTokens(shaping, {
    client,
    signIn,
    grantId: await createGrant(deps, req.clientId, signIn),
    scopes: req.scopes,
    resource: req.audience,
    accessToken: req.tokens.has("access_token"),
    idToken: req.tokens.has("id_token") && { nonce: req.nonce },
    refreshToken: req.tokens.has("refresh_token") && { always: true },
  });
  const at = issued.accessToken;
  const lifetime = client.access_token_ttl ?? deps.config.ttl.accessToken;
  if (req.expiresIn) {
    // A key rotated out later must stay published until this token expires too.
    state.mintedUntil = Math.max(state.mintedUntil, deps.clock.now() + req.expiresIn * 1000);
  }
  return {
    ...(at ? { access_token: at.token, token_type: "Bearer" } : {}),
    expires_in: lifetime,
    scope: req.scopes.join(" "),
    ...(issued.idToken ? { id_token: issued.idToken } : {}),
    ...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
  };
}
