import type { AuthorizationRequest } from "./request.ts";

/** A device request the user is signing in for, entered at `/device` (RFC 8628 §3.3). */
export interface DeviceInteraction {
  /** The hash of the device code: what approval or denial updates. */
  codeHash: string;
  userCode: string;
}

/**
 * A pending login or consent, kept between the page and the form it posts. With `device`, it
 * completes by approving or denying that device request instead of redirecting to the client,
 * and `request` carries only the client and the scopes.
 */
export interface Interaction {
  request: AuthorizationRequest;
  clientName?: string;
  csrf: string;
  browser: string;
  exp: number;
  device?: DeviceInteraction;
}
