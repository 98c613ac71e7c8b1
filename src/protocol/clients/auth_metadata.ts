import type { Client } from "../../types.ts";
import type { MetadataReader } from "./metadata_reader.ts";
import { AUTH_METHODS, HMAC_ALGS, KEY_ALGS } from "../capabilities.ts";

export { AUTH_METHODS, HMAC_ALGS, KEY_ALGS, REQUEST_OBJECT_ALGS } from "../capabilities.ts";

/** Methods that authenticate with the client secret. */
export const SECRET_METHODS = ["client_secret_basic", "client_secret_post", "client_secret_jwt"];

/**
 * The token endpoint auth method and its signing alg, which must suit each other.
 * @see RFC 7591 §2, OpenID Connect Registration §2
 */
export function readAuth(
  r: MetadataReader,
  defaultMethod: string,
): Pick<Client, "token_endpoint_auth_method" | "token_endpoint_auth_signing_alg"> {
  const method = r.oneOf("token_endpoint_auth_method", AUTH_METHODS) ?? defaultMethod;
  const alg = r.string("token_endpoint_auth_signing_alg");
  const algs = method === "client_secret_jwt"
    ? HMAC_ALGS
    : method === "private_key_jwt"
    ? KEY_ALGS
    : null;
  if (alg === undefined) return { token_endpoint_auth_method: method };
  const name = "token_endpoint_auth_signing_alg";
  if (!algs) r.fail(name, `applies only to client_secret_jwt and private_key_jwt, not ${method}`);
  else if (!algs.includes(alg)) {
    r.fail(name, `"${alg}" is not usable with ${method}; use ${algs.join(", ")}`);
  }
  return { token_endpoint_auth_method: method, token_endpoint_auth_signing_alg: alg };
}

/**
 * `jwks` or `jwks_uri` (never both), required for private_key_jwt; public keys only.
 * @see RFC 7591 §2, OpenID Connect Registration §2
 */
export function readKeys(r: MetadataReader, method: string): Pick<Client, "jwks" | "jwks_uri"> {
  if (r.has("jwks") && r.has("jwks_uri")) {
    r.fail("jwks", 'and "jwks_uri" cannot both be given; use one of them');
    return {};
  }
  const jwks_uri = r.url("jwks_uri");
  const jwks = readJwks(r);
  if (method === "private_key_jwt" && !r.has("jwks") && !r.has("jwks_uri")) {
    r.fail("token_endpoint_auth_method", 'private_key_jwt needs "jwks" or "jwks_uri"');
  }
  return { jwks, jwks_uri };
}

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

function readJwks(r: MetadataReader): Client["jwks"] {
  if (!r.has("jwks")) return undefined;
  const jwks = r.raw("jwks") as { keys?: unknown };
  if (typeof jwks !== "object" || !Array.isArray(jwks.keys)) {
    return void r.fail("jwks", 'must be a JWK Set: an object with a "keys" list');
  }
  const keys = jwks.keys as unknown[];
  for (const [i, key] of keys.entries()) {
    const path = `jwks.keys[${i}]`;
    if (
      typeof key !== "object" || key === null || typeof (key as { kty?: unknown }).kty !== "string"
    ) {
      return void r.fail(path, 'must be a JWK with a "kty"');
    }
    const secret = PRIVATE_MEMBERS.find((m) => m in key);
    if (secret) {
      return void r.fail(
        path,
        `holds private key material ("${secret}"); register public keys only`,
      );
    }
  }
  return { keys: keys as Record<string, unknown>[] };
}
