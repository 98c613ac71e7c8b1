/**
 * Standard claims released by each scope.
 * @see OIDC Core §5.4
 */
export const SCOPE_CLAIMS: Record<string, string[]> = {
  profile: [
    "name",
    "family_name",
    "given_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "updated_at",
  ],
  email: ["email", "email_verified"],
  address: ["address"],
  phone: ["phone_number", "phone_number_verified"],
};

/** Every claim some scope governs; any other claim of a user is custom and always released. */
const STANDARD = new Set(Object.values(SCOPE_CLAIMS).flat());

/** Claims that describe the token, never taken from a user record. */
const RESERVED = new Set([
  "iss",
  "aud",
  "exp",
  "iat",
  "nbf",
  "jti",
  "auth_time",
  "nonce",
  "acr",
  "amr",
  "azp",
  "sid",
  "at_hash",
  "c_hash",
  "client_id",
  "scope",
  "password",
]);

/**
 * The user claims released for `scopes`: standard claims by scope, custom claims always.
 * @see OIDC Core §5.4
 */
export function releasedClaims(
  claims: Record<string, unknown>,
  scopes: string[],
): Record<string, unknown> {
  const allowed = new Set(scopes.flatMap((s) => SCOPE_CLAIMS[s] ?? []));
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (RESERVED.has(name) || name === "sub") continue;
    if (!STANDARD.has(name) || allowed.has(name)) out[name] = value;
  }
  return out;
}
