import { releasedClaims, SCOPE_CLAIMS } from "./claims.ts";
import { jsonDepthExceeds, MAX_JSON_DEPTH } from "./json.ts";
import { invalidRequest } from "./errors.ts";

/** How one claim is asked for: `null` (by default), or with these members. */
export interface ClaimSpec {
  essential?: boolean;
  value?: unknown;
  values?: unknown[];
}

/** The individual claims asked for, where each is to be returned. */
export type ClaimMembers = Record<string, ClaimSpec | null>;

/**
 * The `claims` request parameter: claims to return in the ID token and from userinfo.
 * @see OIDC Core §5.5
 */
export interface ClaimsRequest {
  id_token?: ClaimMembers;
  userinfo?: ClaimMembers;
}

const TARGETS = ["id_token", "userinfo"] as const;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/**
 * Parses the `claims` parameter (a JSON object). Members other than `id_token` and `userinfo`
 * are ignored, as §5.5 asks; anything malformed is `invalid_request` naming the member.
 * @see OIDC Core §5.5, §5.5.1
 */
export function parseClaimsRequest(value: string | undefined): ClaimsRequest | undefined {
  if (value === undefined) return undefined;
  let doc: unknown;
  if (jsonDepthExceeds(value)) {
    throw invalidRequest(`"claims" nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    doc = JSON.parse(value);
  } catch (err) {
    throw invalidRequest(`"claims" is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw invalidRequest(`"claims" must be a JSON object, got ${typeOf(doc)}`);
  }
  const out: ClaimsRequest = {};
  for (const target of TARGETS) {
    const members = (doc as Record<string, unknown>)[target];
    if (members === undefined) continue;
    out[target] = parseMembers(target, members);
  }
  return out;
}

function parseMembers(target: string, members: unknown): ClaimMembers {
  if (typeof members !== "object" || members === null || Array.isArray(members)) {
    throw invalidRequest(`"claims" member ${target} must be an object, got ${typeOf(members)}`);
  }
  const out: ClaimMembers = {};
  for (const [name, spec] of Object.entries(members)) {
    const path = `"claims" member ${target}.${name}`;
    if (spec === null) {
      out[name] = null;
      continue;
    }
    if (typeof spec !== "object" || Array.isArray(spec)) {
      throw invalidRequest(`${path} must be null or an object, got ${typeOf(spec)}`);
    }
    const { essential, value, values } = spec as Record<string, unknown>;
    if (essential !== undefined && typeof essential !== "boolean") {
      throw invalidRequest(`${path}.essential must be true or false, got ${typeOf(essential)}`);
    }
    if (values !== undefined && !Array.isArray(values)) {
      throw invalidRequest(`${path}.values must be an array, got ${typeOf(values)}`);
    }
    out[name] = {
      ...(essential !== undefined ? { essential } : {}),
      ...(value !== undefined ? { value } : {}),
      ...(values !== undefined ? { values: values as unknown[] } : {}),
    };
  }
  return out;
}

/** Deep equality of JSON values (claims may be objects, such as `address`). */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The user's claims that `members` ask for: each one the user has, and with `value` or `values`
 * only when the user's value is among them. Claims that describe the token (`iss`, `nonce`, …)
 * are never taken from the user. A claim the user lacks is left out, essential or not (§5.5.1).
 * @see OIDC Core §5.5.1
 */
export function requestedClaims(
  user: Record<string, unknown>,
  members: ClaimMembers | undefined,
): Record<string, unknown> {
  if (!members) return {};
  const available = releasedClaims(user, Object.keys(SCOPE_CLAIMS));
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(members)) {
    if (!(name in available)) continue;
    const have = available[name];
    if (spec?.value !== undefined && !sameJson(spec.value, have)) continue;
    if (spec?.values !== undefined && !spec.values.some((v) => sameJson(v, have))) continue;
    out[name] = have;
  }
  return out;
}

/**
 * The `acr` the claims request asks for in the ID token: its `value`, else the first of its
 * `values` (§5.5.1.1).
 */
export function requestedAcr(claims: ClaimsRequest | undefined): string | undefined {
  const spec = claims?.id_token?.acr;
  const acr = spec?.value ?? spec?.values?.[0];
  return typeof acr === "string" ? acr : undefined;
}

/**
 * The `sub` the claims request names for the ID token: the OP may only answer positively when
 * that user is the one signed in (§5.5.1).
 */
export function requestedSub(claims: ClaimsRequest | undefined): string | undefined {
  const value = claims?.id_token?.sub?.value;
  return typeof value === "string" ? value : undefined;
}
