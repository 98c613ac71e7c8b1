import type { Client } from "../../types.ts";
export { idTokenAlgs } from "../capabilities.ts";
import { type MetadataProblem, type MetadataReader, metadataReader } from "./metadata_reader.ts";
import { checkRedirectUris } from "../authorize/redirect_uri_policy.ts";
import { readAuth, readKeys } from "./auth_metadata.ts";
import { readResponseMetadata, RESPONSE_MEMBERS } from "./response_metadata.ts";
import { LOGOUT_MEMBERS, readLogoutMetadata } from "./logout_metadata.ts";
import { readRequestMetadata, readTypes, REQUEST_MEMBERS } from "./request_metadata.ts";

export type { MetadataProblem };
export { AUTH_METHODS, HMAC_ALGS, KEY_ALGS, SECRET_METHODS } from "./auth_metadata.ts";

/** Metadata members that are only informational: kept and echoed back, never acted on. */
const INFO_URLS = ["client_uri", "logo_uri", "policy_uri", "tos_uri"];
const INFO_STRINGS = ["software_id", "software_version"];

/** Every member the validator reads; a clients file with any other is a typo. */
export const KNOWN_MEMBERS = new Set([
  "redirect_uris",
  "post_logout_redirect_uris",
  "grant_types",
  "response_types",
  "application_type",
  "token_endpoint_auth_method",
  "token_endpoint_auth_signing_alg",
  "client_name",
  "scope",
  "jwks",
  "jwks_uri",
  "id_token_signed_response_alg",
  ...RESPONSE_MEMBERS,
  ...LOGOUT_MEMBERS,
  ...REQUEST_MEMBERS,
  "contacts",
  "audience",
  "access_token_ttl",
  "id_token_ttl",
  "refresh_token_ttl",
  "require_consent",
  ...INFO_URLS,
  ...INFO_STRINGS,
]);

/** Registered metadata: a client without its id, secret and origin. */
export type ClientMetadata = Omit<
  Client,
  "client_id" | "client_secret_hash" | "client_secret" | "origin" | "registration_access_token_hash"
>;

/** What validation needs to know about this provider and the caller. */
export interface MetadataOptions {
  /** Prefix of every path in messages: "" for registration, `clients[1].` for a clients file. */
  root: string;
  /** Grant types the token endpoint supports. */
  grantTypes: readonly string[];
  /** Algorithms ID tokens can be signed with, and the default. */
  idTokenAlgs: readonly string[];
  defaultAlg: string;
  /** The method when none is registered (RFC 7591 §2: client_secret_basic). */
  defaultAuthMethod: string;
  /** Whether a web client may register http on a non-loopback host (a strictness rule). */
  allowInsecureRedirect(uri: string): boolean;
  /** Reads a per-client lifetime (seconds, or text such as `15m`); undefined when invalid. */
  duration(value: unknown): number | undefined;
}

/**
 * Validates client metadata and fills in the defaults, collecting every problem.
 * @see RFC 7591 §2, OpenID Connect Dynamic Client Registration 1.0 §2
 */
export function validateClientMetadata(
  doc: Record<string, unknown>,
  opts: MetadataOptions,
): { metadata: ClientMetadata; problems: MetadataProblem[] } {
  const r = metadataReader(doc, opts.root);
  const { grant_types, response_types } = readTypes(r, opts.grantTypes);
  const application_type = r.oneOf("application_type", ["web", "native"]) ?? "web";
  const redirect_uris = readRedirectUris(r, response_types, application_type, opts);
  const metadata: ClientMetadata = {
    redirect_uris,
    grant_types,
    response_types,
    application_type: application_type as "web" | "native",
    ...readAuth(r, opts.defaultAuthMethod),
    id_token_signed_response_alg: r.oneOf("id_token_signed_response_alg", opts.idTokenAlgs) ??
      opts.defaultAlg,
  };
  const logout = r.strings("post_logout_redirect_uris");
  logout?.forEach((uri, i) => checkLogoutUri(r, uri, i));
  const keys = readKeys(r, metadata.token_endpoint_auth_method);
  const ctx = {
    signingAlgs: opts.idTokenAlgs,
    redirectUris: redirect_uris,
    jwks: keys.jwks,
    allowInsecure: opts.allowInsecureRedirect,
  };
  Object.assign(
    metadata,
    definedOnly({
      post_logout_redirect_uris: logout,
      client_name: r.string("client_name"),
      scope: r.string("scope"),
      require_consent: r.boolean("require_consent"),
      audience: readAudience(r),
      ...keys,
      ...readResponseMetadata(r, ctx),
      ...readLogoutMetadata(r, ctx),
      ...readRequestMetadata(r, { ...metadata, ...keys }),
      ...readLifetimes(r, opts),
    }),
  );
  const extra = readExtra(r);
  if (Object.keys(extra).length > 0) metadata.extra = extra;
  return { metadata, problems: r.problems };
}

/** Redirect URIs: required for the code flow, each checked by the client's application type. */
function readRedirectUris(
  r: MetadataReader,
  responseTypes: string[],
  applicationType: string,
  opts: MetadataOptions,
): string[] {
  const given = r.strings("redirect_uris");
  const uris = given ?? [];
  const unreadable = given === undefined && r.has("redirect_uris");
  if (responseTypes.length > 0 && uris.length === 0 && !unreadable) {
    r.fail(
      "redirect_uris",
      responseTypes.includes("code")
        ? "is required: the authorization_code grant needs a redirect URI"
        : `is required: response_type "${responseTypes[0]}" needs a redirect URI`,
      "invalid_redirect_uri",
    );
  }
  checkRedirectUris(r, uris, applicationType, opts.allowInsecureRedirect);
  return uris;
}

function checkLogoutUri(r: MetadataReader, uri: string, i: number) {
  if (uri.includes("#")) {
    return r.fail(`post_logout_redirect_uris[${i}]`, `"${uri}" must not have a fragment`);
  }
  try {
    new URL(uri);
  } catch {
    r.fail(`post_logout_redirect_uris[${i}]`, `"${uri}" is not an absolute URI`);
  }
}

function readAudience(r: MetadataReader): string[] | undefined {
  const value = r.raw("audience");
  if (typeof value === "string") return [value];
  return r.strings("audience");
}

function readLifetimes(r: MetadataReader, opts: MetadataOptions) {
  const out: Partial<Record<"access_token_ttl" | "id_token_ttl" | "refresh_token_ttl", number>> =
    {};
  for (const name of ["access_token_ttl", "id_token_ttl", "refresh_token_ttl"] as const) {
    if (!r.has(name)) continue;
    const seconds = opts.duration(r.raw(name));
    if (seconds === undefined) {
      r.fail(
        name,
        `must be a positive duration such as 300, 90s, 15m, 1h or 7d, got ${
          JSON.stringify(r.raw(name))
        }`,
      );
    } else out[name] = seconds;
  }
  return out;
}

function readExtra(r: MetadataReader): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const name of INFO_URLS) extra[name] = r.url(name);
  for (const name of INFO_STRINGS) extra[name] = r.string(name);
  extra.contacts = r.strings("contacts");
  return definedOnly(extra);
}

function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
