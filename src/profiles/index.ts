import { auth0 } from "./auth0.ts";
import { cognito } from "./cognito.ts";
import { entra } from "./entra.ts";
import { google } from "./google.ts";
import { keycloak } from "./keycloak.ts";
import { okta } from "./okta.ts";
import type { Profile } from "./types.ts";

/** Every profile `--profile` accepts, by name. One declarative file each. */
export const PROFILES: Readonly<Record<string, Profile>> = {
  keycloak,
  entra,
  okta,
  auth0,
  cognito,
  google,
};

/** The names `--profile` accepts. */
export const PROFILE_NAMES = Object.keys(PROFILES);

/** The profile `name` names, or null for Gatehouse's own shapes. */
export function profileNamed(name: string | null | undefined): Profile | null {
  return name ? PROFILES[name] ?? null : null;
}
