/**
 * The one error type of the protocol layer. `app.onError` turns it into a JSON body, a redirect
 * back to the client, or an HTML page.
 * @see RFC 6749 §4.1.2.1 and §5.2
 */
export class OAuthError extends Error {
  constructor(
    /** The RFC 6749 `error` code. */
    readonly code: string,
    /** A specific, human-readable `error_description`. */
    readonly description: string,
    /** HTTP status for API responses. */
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 500 | 503 = 400,
    readonly options: {
      /** A `WWW-Authenticate` header value to send with the response. */
      wwwAuthenticate?: string;
      /** Extra members for the JSON body (RFC 8628 `interval`, for example). */
      extra?: Record<string, unknown>;
      /** Further response headers (RFC 9449 `DPoP-Nonce`). */
      headers?: Record<string, string>;
    } = {},
  ) {
    super(`${code}: ${description}`);
    this.name = "OAuthError";
  }
}

/** RFC 6749 §5.2 `invalid_request`. */
export const invalidRequest = (d: string) => new OAuthError("invalid_request", d);
/** RFC 6749 §5.2 `invalid_grant`. */
export const invalidGrant = (d: string) => new OAuthError("invalid_grant", d);
/** RFC 6749 §5.2 `invalid_scope`. */
export const invalidScope = (d: string) => new OAuthError("invalid_scope", d);
/** RFC 6749 §5.2 `unauthorized_client`. */
export const unauthorizedClient = (d: string) => new OAuthError("unauthorized_client", d);
/** RFC 6749 §5.2 `unsupported_grant_type`. */
export const unsupportedGrantType = (d: string) => new OAuthError("unsupported_grant_type", d);
/** RFC 6749 §4.1.2.1 `unsupported_response_type`. */
export const unsupportedResponseType = (d: string) =>
  new OAuthError("unsupported_response_type", d);
/** RFC 6749 §4.1.2.1 `access_denied`. */
export const accessDenied = (d: string) => new OAuthError("access_denied", d, 403);
/** OIDC Core §3.1.2.6 `login_required`. */
export const loginRequired = (d: string) => new OAuthError("login_required", d);
/** OIDC Core §3.1.2.6 `consent_required`. */
export const consentRequired = (d: string) => new OAuthError("consent_required", d);
/** RFC 6749 §4.1.2.1 `server_error`, for failures that are ours, never the client's. */
export const serverError = (d: string) => new OAuthError("server_error", d, 500);

/**
 * RFC 6749 §5.2 `invalid_client`: 401, with `WWW-Authenticate: Basic` when the client tried Basic.
 */
export function invalidClient(description: string, usedBasic = false): OAuthError {
  return new OAuthError("invalid_client", description, 401, {
    wwwAuthenticate: usedBasic ? 'Basic realm="gatehouse", charset="UTF-8"' : undefined,
  });
}

/**
 * A text for a quoted `WWW-Authenticate` parameter: RFC 6750 §3 allows only %x20-21 / %x23-5B /
 * %x5D-7E in `error_description`, so every other character (a quote, a backslash, non-ASCII or a
 * control character echoed from the request) becomes "?", and it is cut at 200 characters.
 */
export function headerSafe(text: string): string {
  const safe = text.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, "?");
  return safe.length > 200 ? `${safe.slice(0, 197)}...` : safe;
}

/** RFC 6750 §3.1 `invalid_token` for protected resources (userinfo). */
export function invalidToken(description: string): OAuthError {
  return new OAuthError("invalid_token", description, 401, {
    wwwAuthenticate: `Bearer realm="gatehouse", error="invalid_token", error_description="${
      headerSafe(description.replaceAll('"', "'"))
    }"`,
  });
}
