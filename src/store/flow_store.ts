import type { Interaction } from "../protocol/authorize/interaction.ts";
import type { PushedRequest } from "../protocol/authorize/par.ts";
import type { DeviceApproval, DeviceRecord } from "../protocol/device/flow.ts";

/** Outcome of taking a pushed request: only `ok` marks it used. */
export type PushedTake =
  | { status: "ok"; record: PushedRequest }
  | { status: "other_client" | "used" | "expired"; record: PushedRequest }
  | { status: "unknown" };

/** What the inspector remembers between its sign-in link and the callback. */
export interface InspectorSignIn {
  verifier: string;
  nonce: string;
  /** Epoch ms. */
  exp: number;
}

/** One step of a device poll: the record to write (none: unchanged) and what to answer. */
export interface DevicePollStep<R> {
  write?: DeviceRecord;
  result: R;
}

/**
 * Short-lived state of the flows between requests — pushed requests, device requests, pending
 * logins and consents, the inspector's sign-ins — each changed by one compare-and-set commit.
 * Every record carries its own `exp`, compared with the injected clock.
 */
export interface FlowStore {
  savePushedRequest(hash: string, record: PushedRequest): Promise<void>;
  /** Marks a pushed request used, once, for the client that pushed it (RFC 9126 §4). */
  takePushedRequest(hash: string, clientId: string, now: number): Promise<PushedTake>;

  /** Indexes a user code to its device code unless a live request holds it; false if one does. */
  reserveUserCode(
    userCodeHash: string,
    deviceCodeHash: string,
    exp: number,
    now: number,
  ): Promise<boolean>;
  saveDeviceRequest(deviceCodeHash: string, record: DeviceRecord): Promise<void>;
  /** The live device request a user code names, if any. */
  deviceByUserCode(
    userCodeHash: string,
    now: number,
  ): Promise<{ deviceCodeHash: string; record: DeviceRecord } | null>;
  /**
   * Approves (with the approval) or denies a pending, unexpired device request, once, and frees
   * its user code; false when it was no longer pending.
   */
  decideDevice(
    deviceCodeHash: string,
    userCodeHash: string,
    now: number,
    approval: DeviceApproval | null,
  ): Promise<boolean>;
  /**
   * Applies one poll to a device request in a compare-and-set commit: `poll` decides from the
   * current record what to write and answer; `committed` is false when a concurrent poll changed
   * the record first (nothing was written).
   */
  pollDevice<R>(
    deviceCodeHash: string,
    poll: (record: DeviceRecord | null) => DevicePollStep<R>,
  ): Promise<{ committed: boolean; result: R }>;

  saveInteraction(id: string, interaction: Interaction): Promise<void>;
  /** The live interaction `id`, if any. */
  getInteraction(id: string, now: number): Promise<Interaction | null>;
  /** Ends an interaction, once: false when it is gone or another request took it first. */
  takeInteraction(id: string): Promise<boolean>;

  saveInspectorSignIn(state: string, pending: InspectorSignIn): Promise<void>;
  /** Takes the live pending sign-in for `state`, once; null when gone, expired or taken. */
  takeInspectorSignIn(state: string, now: number): Promise<InspectorSignIn | null>;
}
