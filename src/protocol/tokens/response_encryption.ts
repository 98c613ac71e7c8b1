import { encryptTo } from "../../crypto/jwe.ts";
import { DEFAULT_ENC, keyKindFor, pickEncryptionKey } from "../../crypto/jwe_algs.ts";
import type { Deps } from "../../deps.ts";
import type { Client } from "../../types.ts";
import { OAuthError } from "../errors.ts";

/** The responses a client may ask to have encrypted. */
export type EncryptedResponse = "id_token" | "userinfo";

/** The JWE `alg` and `enc` a client registered for `kind`, or null when it is not encrypted. */
export function encryptionFor(
  client: Client,
  kind: EncryptedResponse,
): { alg: string; enc: string } | null {
  const alg = client[`${kind}_encrypted_response_alg`];
  if (!alg) return null;
  return { alg, enc: client[`${kind}_encrypted_response_enc`] ?? DEFAULT_ENC };
}

/**
 * Encrypts a signed JWT to the client's public key when the client registered encryption for
 * `kind`; otherwise returns it as it is.
 * @see OIDC Core §10.2
 */
export async function encryptFor(
  deps: Pick<Deps, "clientKeys">,
  client: Client,
  kind: EncryptedResponse,
  jwt: string,
): Promise<string> {
  const choice = encryptionFor(client, kind);
  return choice ? await encryptWith(deps, client, kind, choice, jwt) : jwt;
}

/**
 * Encrypts a signed JWT, or a JSON claims set, with the encryption the client registered for
 * `kind` (which it must have). A client whose keys hold none for its algorithm gets
 * `invalid_client_metadata`, naming what is missing.
 * @see OIDC Core §10.2, OpenID Connect Registration §2
 */
export async function encryptWith(
  deps: Pick<Deps, "clientKeys">,
  client: Client,
  kind: EncryptedResponse,
  choice: { alg: string; enc: string },
  content: string | Record<string, unknown>,
): Promise<string> {
  const where = client.jwks_uri ? `its jwks_uri ${client.jwks_uri}` : 'its "jwks"';
  let keys;
  try {
    keys = await deps.clientKeys.keySet(client);
  } catch (err) {
    throw noKey(client, kind, `${where} could not be read: ${(err as Error).message}`);
  }
  const jwk = pickEncryptionKey(keys, choice.alg);
  if (!jwk) {
    throw noKey(
      client,
      kind,
      `${where} has no public key for ${choice.alg} (${keyKindFor(choice.alg)}, ` +
        `"use": "enc" or none)`,
    );
  }
  return await encryptTo(content, jwk, choice.alg, choice.enc);
}

function noKey(client: Client, kind: EncryptedResponse, why: string): OAuthError {
  return new OAuthError(
    "invalid_client_metadata",
    `client "${client.client_id}" registered ${kind}_encrypted_response_alg, but ${why}`,
  );
}
