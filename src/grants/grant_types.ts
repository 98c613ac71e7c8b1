export {
  DEVICE_GRANT_TYPE,
  GRANT_TYPES,
  type GrantType,
  supportedGrants,
} from "../protocol/capabilities.ts";
