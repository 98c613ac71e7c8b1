import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from "npm:jose@^6";
import { identifierProblem } from "../identifiers.ts";
import { epochSeconds } from "../../clock.ts";
import type { Deps } from "../../deps.ts";
import type { Client } from "../../types.ts";
import type { ClientCredentials } from "./authenticate.ts";
import { HMAC_ALGS, KEY_ALGS } from "./metadata.ts";
import { providerAudiences } from "../trust/external_jwt.ts";
import { invalidClient } from "../errors.ts";

/** How far ahead of ours a client's clock may be for `nbf`. */
const NBF_LEEWAY_S = 5;

type AssertionMethod = "client_secret_jwt" | "private_key_jwt";

/**
 * Verifies a client assertion: signed with the client's secret (HS*, `client_secret_jwt`) or
 * one of its keys (`private_key_jwt`); `iss` = `sub` = client_id; `aud` the issuer or the token
 * endpoint; not expired; a `jti` never seen before. Ad-hoc clients (lenient mode) have nothing
 * to verify a signature with, so only the claims are checked. Returns the method used.
 * @see RFC 7523 §2.2 and §3, OIDC Core §9
 */
export async function verifyClientAssertion(
  deps: Pick<Deps, "config" | "store" | "clock" | "clientKeys">,
  client: Client,
  creds: ClientCredentials,
): Promise<AssertionMethod> {
  const assertion = creds.assertion!;
  const alg = headerAlg(assertion);
  const method: AssertionMethod = HMAC_ALGS.includes(alg) ? "client_secret_jwt" : "private_key_jwt";
  if (client.origin !== "ad-hoc") {
    const expected = client.token_endpoint_auth_method;
    if (expected !== method) {
      throw invalidClient(
        `client "${client.client_id}" is registered for ${expected}, but sent a ${alg} client assertion (${method})`,
      );
    }
    await verifySignature(deps, client, assertion, alg, method);
  }
  const claims = decodeJwt(assertion);
  checkClaims(deps, client.client_id, claims);
  const once = await deps.store.useOnce(
    "client_assertion",
    `${client.client_id} ${claims.jti}`,
    claims.exp! * 1000,
    deps.clock.now(),
  );
  if (!once) {
    throw invalidClient(
      `the client assertion's "jti" ${claims.jti} was already used; sign a new assertion for each request`,
    );
  }
  return method;
}

function headerAlg(assertion: string): string {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(assertion).alg;
    decodeJwt(assertion);
  } catch {
    throw invalidClient('"client_assertion" is not a signed JWT');
  }
  if (typeof alg !== "string" || (!HMAC_ALGS.includes(alg) && !KEY_ALGS.includes(alg))) {
    throw invalidClient(
      `the client assertion's "alg" ${JSON.stringify(alg)} is not supported; use one of ${
        [...HMAC_ALGS, ...KEY_ALGS].join(", ")
      }`,
    );
  }
  return alg;
}

async function verifySignature(
  deps: Pick<Deps, "clientKeys">,
  client: Client,
  assertion: string,
  alg: string,
  method: AssertionMethod,
): Promise<void> {
  const registered = client.token_endpoint_auth_signing_alg;
  if (registered && registered !== alg) {
    throw invalidClient(
      `the client assertion is signed with ${alg}, but the client registered ${registered}`,
    );
  }
  const key = method === "client_secret_jwt"
    ? client.client_secret && new TextEncoder().encode(client.client_secret)
    : deps.clientKeys.resolver(client);
  if (!key) {
    throw invalidClient(
      `client "${client.client_id}" has no ${
        method === "client_secret_jwt" ? "secret" : "keys"
      } to verify its assertion with`,
    );
  }
  try {
    await compactVerify(assertion, key as Uint8Array, { algorithms: [alg] });
  } catch (err) {
    throw invalidClient(signatureFailure(client, err as Error & { code?: string }));
  }
}

function signatureFailure(client: Client, err: Error & { code?: string }): string {
  switch (err.code) {
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return client.token_endpoint_auth_method === "client_secret_jwt"
        ? "the client assertion's signature does not verify with the client's secret"
        : "the client assertion's signature does not verify with the client's keys";
    case "ERR_JWKS_NO_MATCHING_KEY":
      return "no key of the client matches the client assertion's kid and alg";
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return 'several keys of the client match the client assertion; give each a "kid"';
    default:
      return client.jwks_uri
        ? `cannot use the client's jwks_uri ${client.jwks_uri}: ${err.message}`
        : `the client assertion cannot be verified: ${err.message}`;
  }
}

/** The claims RFC 7523 §3 requires, checked against the injected clock. */
function checkClaims(
  deps: Pick<Deps, "config" | "clock">,
  clientId: string,
  claims: JWTPayload,
): void {
  const fail = (m: string) => {
    throw invalidClient(`the client assertion ${m}`);
  };
  if (claims.iss !== clientId) {
    fail(`"iss" must be the client_id "${clientId}", got ${JSON.stringify(claims.iss)}`);
  }
  if (claims.sub !== clientId) {
    fail(`"sub" must be the client_id "${clientId}", got ${JSON.stringify(claims.sub)}`);
  }
  const accepted = providerAudiences(deps);
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.some((a) => typeof a === "string" && accepted.includes(a))) {
    fail(
      `"aud" must be the issuer or the token endpoint (${accepted.join(", ")}), got ${
        JSON.stringify(claims.aud)
      }`,
    );
  }
  const now = epochSeconds(deps.clock);
  if (typeof claims.exp !== "number") fail('has no "exp"');
  if (claims.exp! <= now) fail(`expired ${now - claims.exp!}s ago (its "exp" is ${claims.exp})`);
  // A few seconds of leeway: the client's clock may run a little ahead of ours.
  if (typeof claims.nbf === "number" && claims.nbf > now + NBF_LEEWAY_S) {
    fail(`is not valid before ${claims.nbf} ("nbf")`);
  }
  if (typeof claims.jti !== "string" || claims.jti === "") fail('has no "jti"');
  const problem = identifierProblem(claims.jti as string);
  if (problem) fail(`"jti" ${problem}`);
}
