/**
 * Who signed in, and how: what every token of one sign-in carries. Codes, sessions, refresh
 * tokens and device approvals keep it (flat, as stored records always have), and the issuing
 * path takes it whole instead of copying its fields one by one.
 * @see OIDC Core §2 (sub, auth_time, acr, amr), OIDC Back-Channel Logout §2.1 (sid)
 */
export interface SignIn {
  sub: string;
  /** The user's claims at sign-in (free-form users exist only here). */
  claims: Record<string, unknown>;
  /**
   * Epoch seconds. Absent when no user authenticated here: a JWT bearer assertion or a token
   * exchange names a subject another party authenticated.
   */
  authTime?: number;
  /** The OP session the sign-in belongs to; none for the password grant or minted tokens. */
  sid?: string;
  acr?: string;
  amr?: string[];
}

/** The sign-in fields of a record that carries one (a code, a session, a refresh token). */
export function signInOf(record: SignIn): SignIn {
  const { sub, claims, authTime, sid, acr, amr } = record;
  return {
    sub,
    claims,
    ...(authTime !== undefined ? { authTime } : {}),
    ...(sid !== undefined ? { sid } : {}),
    ...(acr !== undefined ? { acr } : {}),
    ...(amr !== undefined ? { amr } : {}),
  };
}
