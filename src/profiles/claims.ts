import type { Scenarios } from "../control/scenarios.ts";
import type { ClaimRule, Profile } from "./types.ts";
import { nameUuid } from "./uuid.ts";

type Claims = Record<string, unknown>;

function isObject(v: unknown): v is Claims {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Sets `path` in `claims`: a claim name as it is (`https://example.com/roles`), or a list of
 * names to nest (`["realm_access", "roles"]`), making objects on the way.
 */
function setPath(claims: Claims, path: string | readonly string[], value: unknown): void {
  const parts = typeof path === "string" ? [path] : path;
  let at = claims;
  for (const part of parts.slice(0, -1)) {
    if (!isObject(at[part])) at[part] = {};
    at = at[part] as Claims;
  }
  at[parts[parts.length - 1]] = value;
}

function hasPath(claims: Claims, path: string | readonly string[]): boolean {
  let at: unknown = claims;
  for (const part of typeof path === "string" ? [path] : path) {
    if (!isObject(at) || !(part in at)) return false;
    at = at[part];
  }
  return true;
}

/**
 * The value rule `rule` gives its `to` in `out`, or undefined when it gives none (its `from` or
 * an input of `uuidOf` is missing, or `match` does not match).
 */
async function ruleValue(out: Claims, rule: Exclude<ClaimRule, { drop: string }>) {
  if ("value" in rule) return rule.value;
  if ("uuidOf" in rule) {
    const inputs = rule.uuidOf.map((name) => out[name]);
    if (inputs.some((v) => v === undefined)) return undefined;
    return await nameUuid(JSON.stringify(inputs));
  }
  const raw = out[rule.from];
  if (raw === undefined) return undefined;
  if ("match" in rule) {
    return typeof raw === "string" ? new RegExp(rule.match).exec(raw)?.[1] : undefined;
  }
  return rule.split && typeof raw === "string" ? raw.split(" ").filter(Boolean) : raw;
}

/** `claims` after a profile's rules, in order; `claims` itself is left as it was. */
export async function applyClaimRules(
  claims: Claims,
  rules: readonly ClaimRule[],
): Promise<Claims> {
  const out: Claims = structuredClone(claims);
  for (const rule of rules) {
    if ("drop" in rule) {
      delete out[rule.drop];
      continue;
    }
    if (rule.keep && hasPath(out, rule.to)) continue;
    const value = await ruleValue(out, rule);
    if (value === undefined) continue;
    if ("move" in rule && rule.move) delete out[rule.from];
    setPath(out, rule.to, value);
  }
  return out;
}

/**
 * `scenarios` with a profile's claim rules applied before every signing (a scenario's own
 * changes still come after, and win). Without a profile, `scenarios` as it is.
 */
export function withProfileClaims(scenarios: Scenarios, profile: Profile | null): Scenarios {
  if (!profile) return scenarios;
  return {
    ...scenarios,
    beforeSign: async (kind, clientId, payload) =>
      scenarios.beforeSign(kind, clientId, await applyClaimRules(payload, profile.claims[kind])),
    forRequest: (endpoint, notes) =>
      withProfileClaims(scenarios.forRequest(endpoint, notes), profile),
  };
}
