import type { Client } from "../../types.ts";
import type { MetadataReader } from "./metadata_reader.ts";
import { checkSecureUrl, type ResponseMetadataContext } from "./response_metadata.ts";

/** Client metadata members read here: back-channel and front-channel logout. */
export const LOGOUT_MEMBERS = [
  "backchannel_logout_uri",
  "backchannel_logout_session_required",
  "frontchannel_logout_uri",
  "frontchannel_logout_session_required",
];

type LogoutMetadata = Pick<
  Client,
  | "backchannel_logout_uri"
  | "backchannel_logout_session_required"
  | "frontchannel_logout_uri"
  | "frontchannel_logout_session_required"
>;

/**
 * The logout URIs and whether each needs the session id. A front-channel URI is loaded in the
 * user's browser, so it must share scheme, host and port with one of the redirect URIs.
 * @see OpenID Connect Back-Channel Logout 1.0 §2.2, Front-Channel Logout 1.0 §2
 */
export function readLogoutMetadata(
  r: MetadataReader,
  ctx: Pick<ResponseMetadataContext, "allowInsecure" | "redirectUris">,
): LogoutMetadata {
  const back = r.url("backchannel_logout_uri");
  if (back !== undefined) checkSecureUrl(r, "backchannel_logout_uri", back, ctx);
  const front = r.url("frontchannel_logout_uri");
  if (front !== undefined) {
    checkSecureUrl(r, "frontchannel_logout_uri", front, ctx);
    const origin = new URL(front).origin;
    if (!ctx.redirectUris.some((u) => originOf(u) === origin)) {
      r.fail(
        "frontchannel_logout_uri",
        `"${front}" must have the scheme, host and port of one of the redirect URIs`,
      );
    }
  }
  return {
    backchannel_logout_uri: back,
    backchannel_logout_session_required: r.boolean("backchannel_logout_session_required"),
    frontchannel_logout_uri: front,
    frontchannel_logout_session_required: r.boolean("frontchannel_logout_session_required"),
  };
}

function originOf(uri: string): string | null {
  try {
    return new URL(uri).origin;
  } catch {
    return null;
  }
}
