import { epochSeconds } from "../../clock.ts";
import { makeRoomForClient } from "./registration_cap.ts";
import { randomToken, timingSafeEqual } from "../../crypto/random.ts";
import { sha256 } from "../../crypto/hash.ts";
import type { Deps } from "../../deps.ts";
import { GRANT_TYPES } from "../../grants/grant_types.ts";
import type { Client } from "../../types.ts";
import { ctx } from "./resolve.ts";
import {
  type ClientMetadata,
  idTokenAlgs,
  type MetadataOptions,
  type MetadataProblem,
  SECRET_METHODS,
  validateClientMetadata,
} from "./metadata.ts";
import { OAuthError } from "../errors.ts";
import { keepsSecret } from "./request_metadata.ts";
import { durationSeconds } from "../../config/duration.ts";
import { isEnforced, RULES } from "../rules.ts";
import { sectorIdentifierProblems } from "./sector_identifier.ts";
import { outboundPolicy } from "../outbound_fetch.ts";

/**
 * Grant types a client may register: every grant the token endpoint runs, and `implicit` for the
 * response types that return tokens from /authorize (OpenID Connect Registration §2).
 */
export function registrableGrantTypes(): string[] {
  return [...GRANT_TYPES, "implicit"];
}

/** Validation options for a registration request: the rules decide about insecure redirects. */
export function registrationOptions(
  deps: Pick<Deps, "config" | "clock" | "warnings">,
): MetadataOptions {
  return {
    root: "",
    grantTypes: registrableGrantTypes(),
    idTokenAlgs: idTokenAlgs(deps.config),
    defaultAlg: deps.config.alg,
    defaultAuthMethod: "client_secret_basic",
    allowInsecureRedirect: (uri) => !isEnforced(ctx(deps), RULES.redirect_uri_secure, uri),
    duration: durationSeconds,
  };
}

/**
 * Validated metadata from a request body, or every problem as an RFC 7591 §3.2.2 error. A
 * `sector_identifier_uri` is fetched once the rest is valid (OpenID Connect Registration §5).
 */
async function metadataFrom(
  deps: Pick<Deps, "config" | "clock" | "warnings">,
  body: unknown,
): Promise<ClientMetadata> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new OAuthError("invalid_client_metadata", "the body must be a JSON object of metadata");
  }
  const { metadata, problems } = validateClientMetadata(
    body as Record<string, unknown>,
    registrationOptions(deps),
  );
  if (problems.length > 0) throw metadataError(problems);
  if (metadata.sector_identifier_uri) {
    const sector = await sectorIdentifierProblems(
      metadata.sector_identifier_uri,
      metadata.redirect_uris,
      outboundPolicy(deps.config),
    );
    if (sector.length > 0) throw metadataError(sector);
  }
  return metadata;
}

/**
 * Every problem in one error, redirect URIs first: its code is `invalid_redirect_uri` when a
 * redirect URI is wrong, else `invalid_client_metadata` (RFC 7591 §3.2.2).
 */
export function metadataError(problems: MetadataProblem[]): OAuthError {
  const sorted = [
    ...problems.filter((p) => p.error === "invalid_redirect_uri"),
    ...problems.filter((p) => p.error !== "invalid_redirect_uri"),
  ];
  return new OAuthError(sorted[0].error, sorted.map((p) => p.message).join(". "));
}

/** A new secret when the method needs one: the hash, and the secret itself for an HMAC key. */
async function newSecret(metadata: ClientMetadata) {
  const secret = randomToken(32);
  const kept = keepsSecret(metadata) ? { client_secret: secret } : {};
  return { secret, fields: { client_secret_hash: await sha256(secret), ...kept } };
}

/**
 * Registers a client from a request body. Returns the client, its secret (when its method uses
 * one) and its registration access token; only their hashes are stored.
 * @see RFC 7591 §3.1, §3.2.1
 */
export async function registerClient(
  deps: Pick<Deps, "config" | "store" | "clock" | "warnings" | "log">,
  body: unknown,
) {
  const metadata = await metadataFrom(deps, body);
  const method = metadata.token_endpoint_auth_method;
  const secret = SECRET_METHODS.includes(method) ? await newSecret(metadata) : undefined;
  const registrationAccessToken = randomToken(32);
  const client: Client = {
    ...metadata,
    ...secret?.fields,
    client_id: randomToken(16),
    client_id_issued_at: epochSeconds(deps.clock),
    ...(secret ? { client_secret_expires_at: 0 } : {}),
    registration_access_token_hash: await sha256(registrationAccessToken),
    origin: "dynamic",
  };
  await makeRoomForClient(deps);
  await deps.store.putClient(client);
  return { client, secret: secret?.secret, registrationAccessToken };
}

/**
 * Replaces a client's metadata (RFC 7592 §2.2): validated like a registration. The secret is kept
 * unless `rotateSecret`, or the new method needs a secret the client lacks.
 */
export async function replaceClient(
  deps: Pick<Deps, "config" | "store" | "clock" | "warnings">,
  current: Client,
  body: unknown,
  rotateSecret: boolean,
) {
  const metadata = await metadataFrom(deps, body);
  const given = body as Record<string, unknown>;
  if (given.client_id !== current.client_id) {
    throw new OAuthError(
      "invalid_client_metadata",
      `client_id must be "${current.client_id}" (RFC 7592 §2.2), got ${
        JSON.stringify(given.client_id)
      }`,
    );
  }
  await checkGivenSecret(current, given.client_secret);
  const method = metadata.token_endpoint_auth_method;
  const keep = !rotateSecret && current.client_secret_hash !== undefined &&
    (!keepsSecret(metadata) || current.client_secret !== undefined);
  const secret = SECRET_METHODS.includes(method) && !keep ? await newSecret(metadata) : undefined;
  const kept = keep && SECRET_METHODS.includes(method)
    ? { client_secret_hash: current.client_secret_hash, client_secret: current.client_secret }
    : {};
  const client: Client = {
    ...metadata,
    ...kept,
    ...secret?.fields,
    client_id: current.client_id,
    client_id_issued_at: current.client_id_issued_at,
    ...(SECRET_METHODS.includes(method) ? { client_secret_expires_at: 0 } : {}),
    registration_access_token_hash: current.registration_access_token_hash,
    origin: current.origin,
  };
  await deps.store.putClient(client);
  return { client, secret: secret?.secret };
}

/** RFC 7592 §2.2: a `client_secret` sent with an update must be the current one. */
async function checkGivenSecret(current: Client, given: unknown): Promise<void> {
  if (given === undefined || given === null) return;
  const ok = typeof given === "string" && current.client_secret_hash !== undefined &&
    timingSafeEqual(await sha256(given), current.client_secret_hash);
  if (!ok) {
    throw new OAuthError(
      "invalid_client_metadata",
      "client_secret does not match the current secret; leave it out to keep the secret",
    );
  }
}

export { clientInformation } from "./client_information.ts";
