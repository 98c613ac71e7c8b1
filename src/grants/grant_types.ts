export {
  DEVICE_GRANT_TYPE,
  GRANT_TYPES,
  type GrantType,
  JWT_BEARER_GRANT_TYPE,
  supportedGrants,
  TOKEN_EXCHANGE_GRANT_TYPE,
} from "../protocol/capabilities.ts";
