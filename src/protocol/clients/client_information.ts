import type { Client } from "../../types.ts";

/** Members that are Gatehouse's bookkeeping, never client metadata. */
const INTERNAL = new Set([
  "client_secret_hash",
  "client_secret",
  "registration_access_token_hash",
  "origin",
  "extra",
]);

/**
 * The client information response: every registered member with its default, plus the
 * secret and registration access token when they were just issued.
 * @see RFC 7591 §3.2.1, RFC 7592 §3
 */
export function clientInformation(
  client: Client,
  registrationClientUri: string,
  issued: { secret?: string; registrationAccessToken?: string } = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(client)) {
    if (!INTERNAL.has(name) && value !== undefined) body[name] = value;
  }
  return {
    ...body,
    ...client.extra,
    ...(issued.secret ? { client_secret: issued.secret } : {}),
    ...(issued.registrationAccessToken
      ? { registration_access_token: issued.registrationAccessToken }
      : {}),
    registration_client_uri: registrationClientUri,
  };
}
