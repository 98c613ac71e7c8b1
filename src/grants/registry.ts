import type { Config } from "../config/schema.ts";
import { DEVICE_GRANT_TYPE } from "../protocol/device/flow.ts";
import { unsupportedGrantType } from "../protocol/errors.ts";
import { authorizationCodeGrant } from "./authorization_code.ts";
import { clientCredentialsGrant } from "./client_credentials.ts";
import { deviceCodeGrant } from "./device_code.ts";
import type { GrantHandler } from "./grant.ts";
import {
  type GrantType,
  JWT_BEARER_GRANT_TYPE,
  supportedGrants,
  TOKEN_EXCHANGE_GRANT_TYPE,
} from "./grant_types.ts";
import { jwtBearerGrant } from "./jwt_bearer.ts";
import { passwordGrant } from "./password.ts";
import { tokenExchangeGrant } from "./token_exchange.ts";
import { refreshTokenGrant } from "./refresh_token.ts";

/** The handler of every grant type; the Record type makes the compiler check none is missing. */
const HANDLERS: Record<GrantType, GrantHandler> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
  password: passwordGrant,
  [DEVICE_GRANT_TYPE]: deviceCodeGrant,
  [JWT_BEARER_GRANT_TYPE]: jwtBearerGrant,
  [TOKEN_EXCHANGE_GRANT_TYPE]: tokenExchangeGrant,
};

/** Every grant type the token endpoint supports, by `grant_type`. */
export const GRANTS: Map<string, GrantHandler> = new Map(Object.entries(HANDLERS));

/**
 * The handler for `grant_type`, or `unsupported_grant_type` saying what to use instead.
 * @see RFC 6749 §5.2
 */
export function grantHandler(config: Config, grantType: string): GrantHandler {
  const handler = GRANTS.get(grantType);
  if (grantType === "password" && !config.allowPasswordGrant) {
    throw unsupportedGrantType(
      "the password grant is off; start Gatehouse with --allow-password-grant to use it",
    );
  }
  if (grantType === JWT_BEARER_GRANT_TYPE && config.trustedIssuers.length === 0) {
    throw unsupportedGrantType(
      "the JWT bearer grant needs issuers to trust; start Gatehouse with --trusted-issuers FILE",
    );
  }
  if (!handler) {
    throw unsupportedGrantType(
      `"grant_type" "${grantType}" is not supported; use one of ${
        supportedGrants(config).join(", ")
      }`,
    );
  }
  return handler;
}
