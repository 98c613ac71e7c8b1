import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from "npm:jose@^6";
import { epochSeconds } from "../../clock.ts";
import type { Deps } from "../../deps.ts";
import type { Params } from "../params.ts";
import type { Client } from "../../types.ts";
import { HMAC_ALGS, REQUEST_OBJECT_ALGS } from "../clients/auth_metadata.ts";
import { ctx } from "../clients/resolve.ts";
import { OAuthError } from "../errors.ts";
import { breakRule, RULES } from "../rules.ts";

/** Claims that describe the request object itself, not the authorization request. */
const JWT_CLAIMS = new Set(["iss", "aud", "exp", "iat", "nbf", "jti"]);

/** How far ahead of ours a client's clock may be for `nbf`. */
const NBF_LEEWAY_S = 5;

/** RFC 9101 §7 / OIDC Core §3.1.2.6 `invalid_request_object`. */
export const invalidRequestObject = (d: string) => new OAuthError("invalid_request_object", d);

/**
 * Verifies a request object passed by value and returns its authorization parameters: signed
 * with the client's secret (HS*) or keys (`jwks`/`jwks_uri`), or unsigned where the client
 * registered `request_object_signing_alg: "none"`. Ad-hoc clients (lenient mode) have nothing
 * to verify with, so they get a warning instead. `client_id`, `iss`, `aud`, `exp` and `nbf` are
 * checked when present.
 * @see OIDC Core §6.1, §6.3; RFC 9101 §4, §6
 */
export async function verifyRequestObject(
  deps: Pick<Deps, "config" | "clock" | "warnings" | "clientKeys">,
  client: Client,
  jwt: string,
): Promise<Params> {
  const alg = headerAlg(jwt);
  const registered = client.request_object_signing_alg;
  if (registered !== undefined && registered !== alg) {
    throw invalidRequestObject(
      `the request object uses alg "${alg}", but client "${client.client_id}" registered request_object_signing_alg "${registered}"`,
    );
  }
  const payload = await verifiedPayload(deps, client, jwt, alg);
  checkClaims(deps, client, payload);
  return paramsOf(payload);
}

function headerAlg(jwt: string): string {
  if (jwt.split(".").length === 5) {
    throw invalidRequestObject("encrypted request objects are not supported; send a signed JWT");
  }
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(jwt).alg;
    decodeJwt(jwt);
  } catch {
    throw invalidRequestObject('"request" is not a JWT');
  }
  if (typeof alg !== "string" || !REQUEST_OBJECT_ALGS.includes(alg)) {
    throw invalidRequestObject(
      `the request object's alg ${JSON.stringify(alg)} is not supported; use one of ${
        REQUEST_OBJECT_ALGS.join(", ")
      }`,
    );
  }
  return alg;
}

async function verifiedPayload(
  deps: Pick<Deps, "config" | "clock" | "warnings" | "clientKeys">,
  client: Client,
  jwt: string,
  alg: string,
): Promise<JWTPayload> {
  if (alg === "none") {
    if (jwt.split(".")[2] !== "") {
      throw invalidRequestObject('an unsigned request object (alg "none") must have no signature');
    }
    if (client.request_object_signing_alg === "none") return decodeJwt(jwt);
  }
  if (client.origin === "ad-hoc") {
    breakRule(
      ctx(deps, client.client_id),
      RULES.request_object_signed,
      () => invalidRequestObject("an unregistered client's request object cannot be verified"),
      alg === "none" ? 'alg "none"' : `alg "${alg}", and the client registered no keys`,
    );
    return decodeJwt(jwt);
  }
  if (alg === "none") {
    throw invalidRequestObject(
      `the request object is unsigned (alg "none"); client "${client.client_id}" must sign it, or register request_object_signing_alg "none"`,
    );
  }
  await verifySignature(deps, client, jwt, alg);
  return decodeJwt(jwt);
}

async function verifySignature(
  deps: Pick<Deps, "clientKeys">,
  client: Client,
  jwt: string,
  alg: string,
) {
  const hmac = HMAC_ALGS.includes(alg);
  const key = hmac
    ? client.client_secret && new TextEncoder().encode(client.client_secret)
    : deps.clientKeys.resolver(client);
  if (!key) {
    throw invalidRequestObject(
      hmac
        ? `client "${client.client_id}" has no secret kept to verify an ${alg} request object; register request_object_signing_alg "${alg}"`
        : `client "${client.client_id}" registered no "jwks" or "jwks_uri" to verify its request object with`,
    );
  }
  try {
    await compactVerify(jwt, key as Uint8Array, { algorithms: [alg] });
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw invalidRequestObject(
      code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"
        ? `the request object's signature does not verify with the client's ${
          hmac ? "secret" : "keys"
        }`
        : code === "ERR_JWKS_NO_MATCHING_KEY"
        ? "no key of the client matches the request object's kid and alg"
        : `the request object cannot be verified: ${(err as Error).message}`,
    );
  }
}

/** RFC 9101 §5, §6.3: the object is the client's, for us, and current. */
function checkClaims(deps: Pick<Deps, "config" | "clock">, client: Client, p: JWTPayload): void {
  const id = client.client_id;
  const fail = (m: string) => {
    throw invalidRequestObject(`the request object ${m}`);
  };
  if (p.client_id !== undefined && p.client_id !== id) {
    fail(`has "client_id" ${JSON.stringify(p.client_id)}, but the request is from "${id}"`);
  }
  if (p.iss !== undefined && p.iss !== id) {
    fail(`has "iss" ${JSON.stringify(p.iss)}; it must be the client_id "${id}"`);
  }
  const issuer = deps.config.issuer;
  const aud = p.aud === undefined ? [issuer] : Array.isArray(p.aud) ? p.aud : [p.aud];
  if (!aud.includes(issuer)) {
    fail(`has "aud" ${JSON.stringify(p.aud)}; it must be the issuer "${issuer}"`);
  }
  const now = epochSeconds(deps.clock);
  if (typeof p.exp === "number" && p.exp <= now) fail(`expired ${now - p.exp}s ago`);
  if (typeof p.nbf === "number" && p.nbf > now + NBF_LEEWAY_S) {
    fail(`is not valid before ${p.nbf} ("nbf")`);
  }
  for (const name of ["request", "request_uri"]) {
    if (p[name] !== undefined) fail(`must not contain "${name}"`);
  }
}

/** The object's members as authorization parameters (`claims` and numbers as text). */
function paramsOf(payload: JWTPayload): Params {
  const params: Params = {};
  for (const [name, value] of Object.entries(payload)) {
    if (JWT_CLAIMS.has(name) || value === null || value === undefined) continue;
    params[name] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return params;
}
