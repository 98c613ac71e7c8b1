import type { Client } from "../../types.ts";
import { HMAC_ALGS, REQUEST_OBJECT_ALGS, SECRET_METHODS } from "./auth_metadata.ts";
import type { MetadataReader } from "./metadata_reader.ts";
import {
  normalizeResponseType,
  RESPONSE_TYPES,
  responseParts,
} from "../authorize/response_type.ts";

/** Client metadata members read here: how the client sends its authorization requests. */
export const REQUEST_MEMBERS = [
  "request_object_signing_alg",
  "require_pushed_authorization_requests",
  "dpop_bound_access_tokens",
];

/**
 * Grant and response types, and the combinations OpenID Connect Registration §2 requires: a
 * response type with `code` needs the authorization_code grant, one with `id_token` or `token`
 * the implicit grant. Response types are kept in canonical word order.
 * @see OpenID Connect Registration §2, RFC 7591 §2.1
 */
export function readTypes(r: MetadataReader, grantTypes: readonly string[]) {
  const grant_types = r.strings("grant_types") ?? ["authorization_code"];
  grant_types.forEach((g, i) => {
    if (!grantTypes.includes(g)) {
      r.fail(`grant_types[${i}]`, `"${g}" is not supported; use ${grantTypes.join(", ")}`);
    }
  });
  const code = grant_types.includes("authorization_code");
  const given = r.strings("response_types") ?? (code ? ["code"] : []);
  const response_types = given.map((t, i) => {
    const type = normalizeResponseType(t);
    if (!type) {
      r.fail(`response_types[${i}]`, `"${t}" is not supported; use ${RESPONSE_TYPES.join(", ")}`);
    }
    return type ?? t;
  });
  for (const type of new Set(response_types)) {
    const known = normalizeResponseType(type);
    if (!known) continue;
    const parts = responseParts(known);
    if (parts.code && !code) {
      r.fail(
        "grant_types",
        `must include authorization_code when response_types includes "${type}"`,
      );
    }
    if ((parts.idToken || parts.token) && !grant_types.includes("implicit")) {
      r.fail("grant_types", `must include implicit when response_types includes "${type}"`);
    }
  }
  if (code && !response_types.some((t) => t.split(" ").includes("code"))) {
    r.fail("response_types", 'must include "code" when grant_types includes authorization_code');
  }
  return { grant_types, response_types };
}

/**
 * `request_object_signing_alg` (an HMAC needs a client secret, a key algorithm registered keys)
 * `require_pushed_authorization_requests` and `dpop_bound_access_tokens`.
 * @see OpenID Connect Registration §2, RFC 9126 §6, RFC 9449 §5.2
 */
export function readRequestMetadata(
  r: MetadataReader,
  client: Pick<Client, "token_endpoint_auth_method" | "jwks" | "jwks_uri">,
): Pick<
  Client,
  | "request_object_signing_alg"
  | "require_pushed_authorization_requests"
  | "dpop_bound_access_tokens"
> {
  const alg = r.oneOf("request_object_signing_alg", REQUEST_OBJECT_ALGS);
  const method = client.token_endpoint_auth_method;
  if (alg && HMAC_ALGS.includes(alg) && !SECRET_METHODS.includes(method)) {
    r.fail(
      "request_object_signing_alg",
      `"${alg}" needs a client secret, and token_endpoint_auth_method ${method} has none`,
    );
  } else if (
    alg && alg !== "none" && !HMAC_ALGS.includes(alg) && !client.jwks && !client.jwks_uri
  ) {
    r.fail("request_object_signing_alg", `"${alg}" needs "jwks" or "jwks_uri" to verify with`);
  }
  return {
    request_object_signing_alg: alg,
    require_pushed_authorization_requests: r.boolean("require_pushed_authorization_requests"),
    dpop_bound_access_tokens: r.boolean("dpop_bound_access_tokens"),
  };
}

/** Whether the client secret itself is kept (hashed otherwise): it is then an HMAC key. */
export function keepsSecret(
  client: Pick<Client, "token_endpoint_auth_method" | "request_object_signing_alg">,
): boolean {
  return client.token_endpoint_auth_method === "client_secret_jwt" ||
    HMAC_ALGS.includes(client.request_object_signing_alg ?? "");
}
