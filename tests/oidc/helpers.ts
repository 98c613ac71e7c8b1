/** Helpers for the implicit/hybrid, claims, request object and PAR tests. */
import assert from "node:assert/strict";
import { base64url, createLocalJWKSet, type JWTPayload, jwtVerify } from "jose";
import type { Client } from "../../src/types.ts";
import { authorize, REDIRECT } from "../flow.ts";
import type { TestProvider } from "../helpers.ts";

export { REDIRECT };

/**
 * `at_hash` / `c_hash` computed here, independently of the provider: the left half of the
 * SHA-256 of the ASCII value, base64url (OIDC Core §3.3.2.11, for RS256 and ES256).
 */
export async function leftHalfSha256(value: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)),
  );
  return base64url.encode(digest.slice(0, 16));
}

/** Verifies an ID token against the provider's /jwks: signature, iss, aud and nonce. */
export async function verifyIdToken(
  p: TestProvider,
  token: string,
  expected: { clientId: string; nonce?: string },
): Promise<JWTPayload> {
  const jwks = createLocalJWKSet(await (await p.request("/jwks")).json());
  const { payload } = await jwtVerify(token, jwks, {
    issuer: p.deps.config.issuer,
    audience: expected.clientId,
    currentDate: new Date(p.clock.now()),
  });
  assert.equal(payload.nonce, expected.nonce);
  return payload;
}

/** The parameters of a redirect's fragment (303 with a Location), failing on a query. */
export function fragmentOf(res: Response): Record<string, string> {
  assert.equal(res.status, 303, `expected a redirect, got ${res.status}`);
  const url = new URL(res.headers.get("location")!);
  assert.equal(url.origin + url.pathname, REDIRECT);
  assert.equal(url.search, "", `parameters in the query: ${url.search}`);
  return Object.fromEntries(new URLSearchParams(url.hash.slice(1)));
}

/** The parameters of a redirect's query. */
export function queryOf(res: Response): Record<string, string> {
  assert.equal(res.status, 303, `expected a redirect, got ${res.status}`);
  const url = new URL(res.headers.get("location")!);
  assert.equal(url.hash, "");
  return Object.fromEntries(url.searchParams);
}

/** The hidden inputs of a form_post page, in order. */
export async function formPostOf(res: Response): Promise<Record<string, string>> {
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  const html = await res.text();
  assert.ok(html.includes(`action="${REDIRECT}"`), "the form posts to the redirect URI");
  const inputs = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)];
  return Object.fromEntries(inputs.map(([, name, value]) => [name, value]));
}

/** Implicit/hybrid authorization parameters for the ad-hoc client `app` (no PKCE needed). */
export function oidcParams(
  responseType: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    client_id: "app",
    redirect_uri: REDIRECT,
    response_type: responseType,
    scope: "openid profile email",
    state: "st-1",
    nonce: "n-1",
    ...extra,
  };
}

/** GET /authorize; a value of "" drops that parameter. */
export async function authorizeWith(
  p: TestProvider,
  params: Record<string, string>,
): Promise<Response> {
  const kept = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== ""));
  return await authorize(p, kept);
}

/** A registered public client of `app`'s redirect URI, with any metadata given. */
export async function registerClient(
  p: TestProvider,
  client: Partial<Client> & { client_id: string },
) {
  await p.deps.store.putClient({
    redirect_uris: [REDIRECT],
    grant_types: ["authorization_code", "implicit"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    origin: "static",
    ...client,
  });
}

/** The rule ids of the warnings kept so far. */
export async function warnedRules(p: TestProvider): Promise<string[]> {
  return (await p.deps.warnings.kept()).map((w) => w.rule);
}
