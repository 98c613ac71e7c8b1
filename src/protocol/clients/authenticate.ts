import { decodeJwt, decodeProtectedHeader } from "npm:jose@^6";
import { checkIdentifier } from "../identifiers.ts";
import { timingSafeEqual } from "../../crypto/random.ts";
import { sha256 } from "../../crypto/hash.ts";
import type { Deps } from "../../deps.ts";
import type { Params } from "../params.ts";
import type { Client } from "../../types.ts";
import { verifyClientAssertion } from "./assertion.ts";
import { resolveClient } from "./resolve.ts";
import { invalidClient, invalidRequest } from "../errors.ts";

/** How a client presented itself at the token (or introspection, revocation) endpoint. */
export interface ClientCredentials {
  method:
    | "client_secret_basic"
    | "client_secret_post"
    | "none"
    | "client_secret_jwt"
    | "private_key_jwt";
  clientId: string;
  secret?: string;
  assertion?: string;
}

/** RFC 6749 §2.3.1: Basic credentials are form-encoded before base64. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replaceAll("+", " "));
}

/**
 * Reads the client's credentials from the Authorization header and the form. Using more than one
 * method in one request is `invalid_request` (RFC 6749 §2.3).
 */
export function readClientCredentials(
  authorization: string | undefined,
  p: Params,
): ClientCredentials {
  const methods: ClientCredentials[] = [];
  if (authorization && /^basic /i.test(authorization)) methods.push(parseBasic(authorization));
  if (p.client_secret !== undefined) {
    if (!p.client_id) throw invalidRequest('"client_secret" was sent without "client_id"');
    methods.push({ method: "client_secret_post", clientId: p.client_id, secret: p.client_secret });
  }
  if (p.client_assertion !== undefined || p.client_assertion_type !== undefined) {
    methods.push(assertionCredentials(p));
  }
  if (methods.length > 1) {
    throw invalidRequest(
      `the client used more than one authentication method (${
        methods.map((m) => m.method).join(", ")
      })`,
    );
  }
  const [creds] = methods;
  if (creds) {
    // The id from Basic credentials or an assertion's `sub` skipped the parameter checks.
    checkIdentifier(
      "client_id",
      creds.clientId,
      (d) => invalidClient(d, creds.method === "client_secret_basic"),
    );
    if (p.client_id !== undefined && p.client_id !== creds.clientId) {
      throw invalidRequest(`"client_id" ${p.client_id} does not match the authenticated client`);
    }
    return creds;
  }
  if (!p.client_id) throw invalidClient('no client authentication and no "client_id" was sent');
  return { method: "none", clientId: p.client_id };
}

function parseBasic(header: string): ClientCredentials {
  let decoded: string;
  try {
    decoded = atob(header.slice(6).trim());
  } catch {
    throw invalidClient(
      "the Authorization header is not valid Basic credentials (bad base64)",
      true,
    );
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) {
    throw invalidClient("the Basic credentials have no ':' between id and secret", true);
  }
  try {
    return {
      method: "client_secret_basic",
      clientId: formDecode(decoded.slice(0, colon)),
      secret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    throw invalidClient("the Basic credentials are not form-encoded (RFC 6749 §2.3.1)", true);
  }
}

/** RFC 7523 §2.2: the assertion's header says which method it is (HS* is the shared secret). */
function assertionCredentials(p: Params): ClientCredentials {
  const type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  if (p.client_assertion_type !== type) {
    throw invalidRequest(`"client_assertion_type" must be ${type}`);
  }
  if (!p.client_assertion) throw invalidRequest('missing "client_assertion"');
  let sub: unknown;
  let alg: unknown;
  try {
    sub = decodeJwt(p.client_assertion).sub;
    alg = decodeProtectedHeader(p.client_assertion).alg;
  } catch {
    throw invalidClient('"client_assertion" is not a JWT');
  }
  const clientId = p.client_id ?? (typeof sub === "string" ? sub : "");
  if (!clientId) throw invalidClient('"client_assertion" has no "sub" naming the client');
  const method = typeof alg === "string" && alg.startsWith("HS")
    ? "client_secret_jwt"
    : "private_key_jwt";
  return { method, clientId, assertion: p.client_assertion };
}

/**
 * Authenticates the client: registered clients exactly as registered, unknown ones as ad-hoc
 * clients in lenient mode (any secret; public when none is sent). Every method of OIDC Core §9:
 * `client_secret_basic`, `client_secret_post`, `none`, and JWT assertions (`client_secret_jwt`,
 * `private_key_jwt`, verified by {@link verifyClientAssertion}).
 * @see RFC 6749 §2.3, RFC 7523 §2.2, OIDC Core §9
 */
export async function authenticateClient(
  deps: Pick<Deps, "config" | "store" | "clock" | "warnings" | "clientKeys" | "clientDocuments">,
  creds: ClientCredentials,
): Promise<Client> {
  const basic = creds.method === "client_secret_basic";
  const client = await resolveClient(
    deps,
    creds.clientId,
    (m) => invalidClient(m, basic),
    creds.method !== "none",
  );
  if (creds.assertion) {
    creds = { ...creds, method: await verifyClientAssertion(deps, client, creds) };
  }
  if (client.origin === "ad-hoc") return client;
  const expected = client.token_endpoint_auth_method;
  if (creds.method !== expected) {
    throw invalidClient(
      `client "${client.client_id}" is registered for ${expected}, but used ${creds.method}`,
      basic,
    );
  }
  if (creds.secret !== undefined) {
    const ok = client.client_secret_hash !== undefined &&
      timingSafeEqual(await sha256(creds.secret), client.client_secret_hash);
    if (!ok) throw invalidClient(`wrong client_secret for client "${client.client_id}"`, basic);
  }
  return client;
}
