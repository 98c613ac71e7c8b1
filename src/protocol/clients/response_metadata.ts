import {
  DEFAULT_ENC,
  JWE_ALGS,
  JWE_ENCS,
  keyKindFor,
  pickEncryptionKey,
} from "../../crypto/jwe_algs.ts";
import type { Client } from "../../types.ts";
import type { MetadataReader } from "./metadata_reader.ts";
import { isLoopbackHttp } from "../authorize/redirect_uri_policy.ts";

/** Client metadata members read here: signed and encrypted responses, subject types. */
export const RESPONSE_MEMBERS = [
  "userinfo_signed_response_alg",
  "id_token_encrypted_response_alg",
  "id_token_encrypted_response_enc",
  "userinfo_encrypted_response_alg",
  "userinfo_encrypted_response_enc",
  "subject_type",
  "sector_identifier_uri",
];

/** What these members are checked against. */
export interface ResponseMetadataContext {
  /** Algorithms Gatehouse can sign with (ID tokens and userinfo alike). */
  signingAlgs: readonly string[];
  redirectUris: string[];
  /** The registered `jwks`, when valid. */
  jwks?: Client["jwks"];
  /** Whether http on a non-loopback host is allowed for `uri` (a strictness rule). */
  allowInsecure(uri: string): boolean;
}

type ResponseMetadata = Pick<
  Client,
  | "userinfo_signed_response_alg"
  | "id_token_encrypted_response_alg"
  | "id_token_encrypted_response_enc"
  | "userinfo_encrypted_response_alg"
  | "userinfo_encrypted_response_enc"
  | "subject_type"
  | "sector_identifier_uri"
>;

/**
 * Signed and encrypted response members and the subject type, with `_enc` defaulted to
 * A128CBC-HS256 when only the `_alg` is given.
 * @see OpenID Connect Registration §2, OIDC Core §8, §10.2
 */
export function readResponseMetadata(
  r: MetadataReader,
  ctx: ResponseMetadataContext,
): ResponseMetadata {
  return {
    userinfo_signed_response_alg: r.oneOf("userinfo_signed_response_alg", ctx.signingAlgs),
    ...readEncryption(r, "id_token", ctx),
    ...readEncryption(r, "userinfo", ctx),
    ...readSubjectType(r, ctx),
  };
}

function readEncryption(
  r: MetadataReader,
  kind: "id_token" | "userinfo",
  ctx: ResponseMetadataContext,
) {
  const algName = `${kind}_encrypted_response_alg`;
  const encName = `${kind}_encrypted_response_enc`;
  const alg = r.oneOf(algName, JWE_ALGS);
  const enc = r.oneOf(encName, JWE_ENCS);
  if (!r.has(algName)) {
    if (r.has(encName)) r.fail(encName, `needs ${algName} too (OpenID Connect Registration §2)`);
    return {};
  }
  if (!alg) return {};
  if (!r.has("jwks") && !r.has("jwks_uri")) {
    r.fail(algName, `"${alg}" needs "jwks" or "jwks_uri" with a public key to encrypt to`);
  } else if (ctx.jwks && !pickEncryptionKey(ctx.jwks.keys, alg)) {
    r.fail(
      algName,
      `"${alg}" needs a key in "jwks" with ${keyKindFor(alg)} and "use": "enc" or none`,
    );
  }
  return { [algName]: alg, [encName]: enc ?? DEFAULT_ENC };
}

/**
 * `subject_type` and `sector_identifier_uri`. A pairwise client needs one sector: the host of
 * its `sector_identifier_uri`, or else the one host all its redirect URIs share.
 * @see OIDC Core §8.1
 */
function readSubjectType(
  r: MetadataReader,
  ctx: ResponseMetadataContext,
): Pick<Client, "subject_type" | "sector_identifier_uri"> {
  const subjectType = r.oneOf("subject_type", ["public", "pairwise"]) as Client["subject_type"];
  const sectorUri = r.url("sector_identifier_uri");
  if (sectorUri !== undefined) checkSecureUrl(r, "sector_identifier_uri", sectorUri, ctx);
  if (subjectType === "pairwise" && !r.has("sector_identifier_uri")) {
    const hosts = [...new Set(ctx.redirectUris.map(hostOf))];
    if (hosts.length > 1) {
      r.fail(
        "subject_type",
        `"pairwise" needs "sector_identifier_uri" when the redirect URIs are on several hosts ` +
          `(${hosts.join(", ")})`,
      );
    } else if (hosts.length === 0 || hosts[0] === "") {
      r.fail(
        "subject_type",
        `"pairwise" needs "sector_identifier_uri" or a redirect URI with a host: the sector ` +
          "is that host",
      );
    }
  }
  return { subject_type: subjectType, sector_identifier_uri: sectorUri };
}

/** A URL Gatehouse fetches or sends to: https, loopback http, or what the rules allow. */
export function checkSecureUrl(
  r: MetadataReader,
  name: string,
  uri: string,
  ctx: Pick<ResponseMetadataContext, "allowInsecure">,
): void {
  const url = new URL(uri);
  if (url.protocol === "https:" || isLoopbackHttp(url) || ctx.allowInsecure(uri)) return;
  r.fail(name, `"${uri}" must use https, or http on a loopback address`);
}

function hostOf(uri: string): string {
  try {
    return new URL(uri).hostname;
  } catch {
    return "";
  }
}
