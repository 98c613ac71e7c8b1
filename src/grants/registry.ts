import { authorizationCodeGrant } from "./authorization_code.ts";
import type { GrantHandler } from "./grant.ts";

/** Every grant type the token endpoint supports, by `grant_type`. */
export const GRANTS: Map<string, GrantHandler> = new Map([
  ["authorization_code", authorizationCodeGrant],
]);
