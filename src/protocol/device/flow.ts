import { randomToken } from "../../crypto/random.ts";
import { sha256 } from "../../crypto/hash.ts";
import type { Deps } from "../../deps.ts";
import type { SignIn } from "../sign_in.ts";
import { endpointsFor } from "../endpoints.ts";
import { serverError } from "../errors.ts";
import { formatUserCode, newUserCode, normalizeUserCode } from "./user_code.ts";

export { DEVICE_GRANT_TYPE } from "../../grants/grant_types.ts";
/** RFC 8628 §3.2: the default polling interval, and §3.5: the step `slow_down` adds. */
const INTERVAL_S = 5;

/** The user who approved a device request, and the grant its tokens will belong to. */
export type DeviceApproval = SignIn & { grantId: string };

/** A device authorization request, stored under the hash of its device code. */
export interface DeviceRecord {
  clientId: string;
  scopes: string[];
  resource?: string[];
  status: "pending" | "approved" | "denied" | "redeemed";
  /** Seconds the device must wait between polls; grows with each `slow_down`. */
  interval: number;
  lastPollAt?: number;
  approval?: DeviceApproval;
  /** Epoch ms. */
  exp: number;
}

/**
 * Starts a device authorization: stores the request under the device code's hash and the user
 * code's hash, and returns the response for the device.
 * @see RFC 8628 §3.1, §3.2
 */
export async function startDeviceAuthorization(
  deps: Pick<Deps, "config" | "store" | "clock">,
  request: Pick<DeviceRecord, "clientId" | "scopes" | "resource">,
): Promise<Record<string, unknown>> {
  const deviceCode = randomToken(32);
  const deviceCodeHash = await sha256(deviceCode);
  const exp = deps.clock.now() + deps.config.ttl.deviceCode * 1000;
  const userCode = await reserveUserCode(deps, deviceCodeHash, exp);
  await deps.store.saveDeviceRequest(deviceCodeHash, {
    ...request,
    status: "pending",
    interval: INTERVAL_S,
    exp,
  });
  const page = endpointsFor(deps.config.issuer).device;
  return {
    device_code: deviceCode,
    user_code: userCode,
    verification_uri: page,
    verification_uri_complete: `${page}?user_code=${userCode}`,
    expires_in: deps.config.ttl.deviceCode,
    interval: INTERVAL_S,
  };
}

/** A fresh user code, indexed only if no live request holds the same one. */
async function reserveUserCode(
  deps: Pick<Deps, "store" | "clock">,
  deviceCodeHash: string,
  exp: number,
): Promise<string> {
  const now = deps.clock.now();
  for (let attempt = 0; attempt < 5; attempt++) {
    const userCode = newUserCode();
    const key = await sha256(normalizeUserCode(userCode)!);
    if (await deps.store.reserveUserCode(key, deviceCodeHash, exp, now)) return userCode;
  }
  throw serverError("could not find a free user code");
}

/** The pending request a typed user code names, or why there is none (shown on the page). */
export type UserCodeLookup =
  | { ok: true; deviceCodeHash: string; record: DeviceRecord; userCode: string }
  | { ok: false; reason: string };

/**
 * Finds the pending device request for a user code as the user typed it.
 * @see RFC 8628 §3.3
 */
export async function findByUserCode(
  deps: Pick<Deps, "store" | "clock">,
  input: string,
): Promise<UserCodeLookup> {
  const normalized = normalizeUserCode(input);
  if (!normalized) {
    return {
      ok: false,
      reason: "A code has 8 letters, such as WDJB-MJHT. Check it and try again.",
    };
  }
  const found = await deps.store.deviceByUserCode(await sha256(normalized), deps.clock.now());
  if (!found || found.record.status !== "pending") {
    return {
      ok: false,
      reason: "No device is waiting for this code: it has expired or was already used. " +
        "Start again on the device.",
    };
  }
  const userCode = formatUserCode(normalized);
  return { ok: true, ...found, userCode };
}

/**
 * Approves (with the signed-in user) or denies a pending request, once; false when it is no
 * longer pending. The user code stops working either way.
 * @see RFC 8628 §3.3
 */
export async function decideDevice(
  deps: Pick<Deps, "store" | "clock">,
  deviceCodeHash: string,
  userCode: string,
  approval: DeviceApproval | null,
): Promise<boolean> {
  const key = await sha256(normalizeUserCode(userCode) ?? userCode);
  return await deps.store.decideDevice(deviceCodeHash, key, deps.clock.now(), approval);
}
