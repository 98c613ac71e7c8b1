import type { Config } from "../config/schema.ts";

/** RFC 8628 §3.4 grant type. */
export const DEVICE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

/** Every `grant_type` the token endpoint implements (handlers: `registry.ts`). */
export const GRANT_TYPES = [
  "authorization_code",
  "refresh_token",
  "client_credentials",
  "password",
  DEVICE_GRANT_TYPE,
] as const;

export type GrantType = typeof GRANT_TYPES[number];

/**
 * The grant types this configuration accepts (and discovery lists). Kept apart from the handlers
 * so that discovery, served before the app loads, does not load them.
 */
export function supportedGrants(config: Pick<Config, "allowPasswordGrant">): string[] {
  return GRANT_TYPES.filter((g) => g !== "password" || config.allowPasswordGrant);
}
