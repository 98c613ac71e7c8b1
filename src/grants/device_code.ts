import { sha256 } from "../crypto/hash.ts";
import type { DeviceApproval, DeviceRecord } from "../protocol/device/flow.ts";
import { invalidGrant, invalidRequest, OAuthError } from "../protocol/errors.ts";
import type { GrantContext } from "./grant.ts";
import { signInOf } from "../protocol/sign_in.ts";
import { issueTokens, tokenResponse } from "../protocol/tokens/issue.ts";

/** RFC 8628 §3.5: how much `slow_down` adds to the interval, in seconds. */
const SLOW_DOWN_S = 5;

/** What one poll does: the record to write (if any), and the answer. */
type PollStep =
  | { write?: DeviceRecord; error: OAuthError; revokeGrant?: string }
  | { write: DeviceRecord; approval: DeviceApproval };

/**
 * `grant_type=urn:ietf:params:oauth:grant-type:device_code`: each poll is one compare-and-set
 * commit on the device code. It answers `authorization_pending`, `slow_down`, `access_denied` or
 * `expired_token` until the user approves; then the code is redeemed once, and presenting it
 * again (or losing the race to redeem it) revokes every token issued from it.
 * @see RFC 8628 §3.4, §3.5
 */
export async function deviceCodeGrant(
  { deps, client, params, dpop }: GrantContext,
): Promise<Record<string, unknown>> {
  if (!params.device_code) throw invalidRequest('missing "device_code"');
  const hash = await sha256(params.device_code);
  const now = deps.clock.now();
  const polled = await deps.store.pollDevice(hash, (r) => {
    const result = pollStep(r, client.client_id, now);
    return { write: result.write, result };
  });
  const step = polled.committed ? polled.result : lostRace(polled.result);
  if ("error" in step) {
    if (step.revokeGrant) await deps.store.revokeGrant(step.revokeGrant, now);
    throw step.error;
  }
  const { write, approval } = step;
  const issued = await issueTokens(deps, {
    client,
    signIn: signInOf(approval),
    grantId: approval.grantId,
    scopes: write.scopes,
    resource: write.resource,
    dpopJkt: dpop?.jkt,
  });
  return tokenResponse(issued, write.scopes);
}

/** The next state of a device request when `clientId` polls it at `now`. */
export function pollStep(r: DeviceRecord | null, clientId: string, now: number): PollStep {
  if (!r) {
    return { error: invalidGrant("the device code is not valid: this provider did not issue it") };
  }
  if (r.clientId !== clientId) {
    return {
      error: invalidGrant(
        `the device code was issued to client "${r.clientId}", not "${clientId}"`,
      ),
    };
  }
  if (r.exp <= now) {
    const ago = Math.round((now - r.exp) / 1000);
    return {
      error: rfc8628("expired_token", `the device code expired ${ago}s ago; start again`),
    };
  }
  switch (r.status) {
    case "denied":
      return { error: rfc8628("access_denied", "the user denied the request at the device page") };
    case "redeemed":
      return { error: reused(), revokeGrant: r.approval?.grantId };
    case "approved":
      return { write: { ...r, status: "redeemed" }, approval: r.approval! };
    case "pending":
      return pending(r, now);
  }
}

function pending(r: DeviceRecord, now: number): PollStep {
  const since = r.lastPollAt === undefined ? Infinity : now - r.lastPollAt;
  if (since < r.interval * 1000) {
    const interval = r.interval + SLOW_DOWN_S;
    return {
      write: { ...r, interval, lastPollAt: now },
      error: rfc8628(
        "slow_down",
        `polled ${Math.round(since / 1000)}s after the last poll, but the interval is ` +
          `${r.interval}s; it is now ${interval}s`,
        interval,
      ),
    };
  }
  return {
    write: { ...r, lastPollAt: now },
    error: rfc8628(
      "authorization_pending",
      "the user has not yet approved the request at the device page",
      r.interval,
    ),
  };
}

/**
 * A poll whose commit lost to a concurrent one: a redemption lost to another redemption is
 * reuse; a pending poll lost to another poll came too fast.
 */
function lostRace(step: PollStep): PollStep {
  if ("approval" in step) return { error: reused(), revokeGrant: step.approval.grantId };
  if (step.write?.status !== "pending") return step;
  const { interval } = step.write;
  return {
    error: rfc8628(
      "slow_down",
      `another poll with this device code came at the same moment; the interval is ${interval}s`,
      interval,
    ),
  };
}

function reused(): OAuthError {
  return invalidGrant(
    "the device code was already used; the tokens issued from it are now revoked",
  );
}

/** An RFC 8628 §3.5 error; `interval` tells the device how long to wait. */
function rfc8628(code: string, description: string, interval?: number): OAuthError {
  return new OAuthError(code, description, 400, interval ? { extra: { interval } } : {});
}
