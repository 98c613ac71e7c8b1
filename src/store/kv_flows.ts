import type { Interaction } from "../protocol/authorize/interaction.ts";
import type { PushedRequest } from "../protocol/authorize/par.ts";
import type { DeviceRecord } from "../protocol/device/flow.ts";
import { commit, ttl } from "./kv_commit.ts";
import { kvKeys } from "./kv_keys.ts";
import { withRetry } from "./retry.ts";
import type { FlowStore, InspectorSignIn, PushedTake } from "./flow_store.ts";

type Expiring = { exp: number };

/** The user code index: the hash of the normalized user code → the device code's hash. */
interface UserCodeRecord {
  deviceCodeHash: string;
  exp: number;
}

/**
 * Reads the record at `key`, lets `step` decide what to write (undefined: nothing, null: delete)
 * and commits that with a check that the record is unchanged.
 */
async function transition<T extends Expiring, R>(
  kv: Deno.Kv,
  key: Deno.KvKey,
  step: (current: T | null) => { write?: T | null; result: R },
): Promise<{ committed: boolean; result: R }> {
  const entry = await withRetry(() => kv.get<T>(key));
  const { write, result } = step(entry.value);
  if (write === undefined) return { committed: true, result };
  const committed = await commit(() => {
    const op = kv.atomic().check(entry);
    return write ? op.set(key, write, { expireIn: ttl(write.exp) }) : op.delete(key);
  });
  return { committed, result };
}

/** The flows' short-lived records over Deno KV. */
export function createKvFlows(kv: Deno.Kv): FlowStore {
  const put = (key: Deno.KvKey, value: Expiring) =>
    commit(() => kv.atomic().set(key, value, { expireIn: ttl(value.exp) })).then(() => {});
  const live = async <T extends Expiring>(key: Deno.KvKey, now: number) => {
    const value = (await withRetry(() => kv.get<T>(key))).value;
    return value && value.exp > now ? value : null;
  };
  /** Deletes the record at `key`, once; the record when it was there and `usable`. */
  const take = async <T extends Expiring>(key: Deno.KvKey, usable: (v: T) => boolean) => {
    const { committed, result } = await transition<T, T | null>(kv, key, (v) => ({
      write: v ? null : undefined,
      result: v && usable(v) ? v : null,
    }));
    return committed ? result : null;
  };

  return {
    savePushedRequest: (hash, record) => put(kvKeys.pushedRequest(hash), record),
    async takePushedRequest(hash, clientId, now) {
      const { committed, result } = await transition<PushedRequest, PushedTake>(
        kv,
        kvKeys.pushedRequest(hash),
        (record) => {
          if (!record) return { result: { status: "unknown" } };
          if (record.clientId !== clientId) return { result: { status: "other_client", record } };
          if (record.usedAt !== undefined) return { result: { status: "used", record } };
          if (record.exp <= now) return { result: { status: "expired", record } };
          return { write: { ...record, usedAt: now }, result: { status: "ok", record } };
        },
      );
      // Of two concurrent uses exactly one commits; the other is a reuse.
      return committed || result.status !== "ok" ? result : { ...result, status: "used" };
    },

    async reserveUserCode(userCodeHash, deviceCodeHash, exp, now) {
      const { committed, result } = await transition<UserCodeRecord, boolean>(
        kv,
        kvKeys.userCode(userCodeHash),
        (cur) =>
          cur && cur.exp > now
            ? { result: false }
            : { write: { deviceCodeHash, exp }, result: true },
      );
      return committed && result;
    },
    saveDeviceRequest: (hash, record) => put(kvKeys.deviceCode(hash), record),
    async deviceByUserCode(userCodeHash, now) {
      const index = await live<UserCodeRecord>(kvKeys.userCode(userCodeHash), now);
      const record = index &&
        await live<DeviceRecord>(kvKeys.deviceCode(index.deviceCodeHash), now);
      return index && record ? { deviceCodeHash: index.deviceCodeHash, record } : null;
    },
    async decideDevice(deviceCodeHash, userCodeHash, now, approval) {
      const { committed, result } = await transition<DeviceRecord, boolean>(
        kv,
        kvKeys.deviceCode(deviceCodeHash),
        (r) =>
          r?.status === "pending" && r.exp > now
            ? {
              write: approval ? { ...r, status: "approved", approval } : { ...r, status: "denied" },
              result: true,
            }
            : { result: false },
      );
      await commit(() => kv.atomic().delete(kvKeys.userCode(userCodeHash)));
      return committed && result;
    },
    pollDevice: (hash, poll) => transition(kv, kvKeys.deviceCode(hash), poll),

    saveInteraction: (id, interaction) => put(kvKeys.interaction(id), interaction),
    getInteraction: (id, now) => live<Interaction>(kvKeys.interaction(id), now),
    takeInteraction: async (id) =>
      (await take<Interaction>(kvKeys.interaction(id), () => true)) !== null,

    saveInspectorSignIn: (state, pending) => put(kvKeys.inspectorSignIn(state), pending),
    takeInspectorSignIn: (state, now) =>
      take<InspectorSignIn>(kvKeys.inspectorSignIn(state), (v) => v.exp > now),
  };
}
