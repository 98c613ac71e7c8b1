import type { Client } from "../../types.ts";
import { isPublic } from "../clients/resolve.ts";
import { dpopError } from "./errors.ts";
import type { DpopProof } from "./proof.ts";

/**
 * RFC 9449 §5.2: a client registered with `dpop_bound_access_tokens` must send a DPoP proof with
 * every token request.
 */
export function requireDpopIfRegistered(client: Client, dpop: DpopProof | undefined): void {
  if (client.dpop_bound_access_tokens && !dpop) {
    throw dpopError(
      "token",
      `client "${client.client_id}" registered dpop_bound_access_tokens, so every token request needs a DPoP proof`,
    );
  }
}

/**
 * The key a refresh token is bound to: a public client's refresh tokens are bound to the key of
 * the proof sent when they were issued; a confidential client's are not (it authenticates).
 * @see RFC 9449 §5, §5.0 ("Refresh tokens … bound … for public clients")
 */
export function refreshBinding(client: Client, dpop: DpopProof | undefined): string | undefined {
  return dpop && isPublic(client) ? dpop.jkt : undefined;
}

/**
 * A refresh token bound to a key (or a code bound by `dpop_jkt`) is used only with a proof of
 * that key.
 * @see RFC 9449 §5, §10
 */
export function checkBoundTo(
  jkt: string | undefined,
  dpop: DpopProof | undefined,
  what: string,
): void {
  if (!jkt) return;
  if (!dpop) {
    throw dpopError("token", `${what} is bound to a DPoP key; send a DPoP proof signed with it`);
  }
  if (dpop.jkt !== jkt) {
    throw dpopError(
      "token",
      `the DPoP proof is signed by another key than the one ${what} is bound to`,
    );
  }
}

/**
 * RFC 9449 §10.1: a DPoP proof sent to /par binds the code like `dpop_jkt`; when both are sent,
 * they must name the same key.
 */
export function bindPushedCode(params: Record<string, string>, dpop: DpopProof): void {
  if (params.dpop_jkt !== undefined && params.dpop_jkt !== dpop.jkt) {
    throw dpopError(
      "token",
      `"dpop_jkt" ${params.dpop_jkt} is not the thumbprint of the DPoP proof's key (${dpop.jkt})`,
    );
  }
  params.dpop_jkt = dpop.jkt;
}
