/**
 * A key space inside a shared Deno KV database: every key a tenant's store reads or writes is
 * put under `["tenants", name]`, so one database holds several issuers without their records
 * meeting. The root issuer's keys stay unprefixed (its behaviour is unchanged).
 */

/** First key part of every tenant's key space; the root issuer never writes a key under it. */
export const TENANT_SPACE = "tenants";

/** The key prefix of tenant `name`. */
export function tenantPrefix(name: string): Deno.KvKey {
  return [TENANT_SPACE, name];
}

type Key = Deno.KvKey;

/**
 * `kv` seen through `prefix`: keys go in with the prefix and come out without it. Closing it
 * leaves the shared handle open (its owner closes it).
 */
export function prefixKv(kv: Deno.Kv, prefix: Key): Deno.Kv {
  const add = (key: Key): Key => [...prefix, ...key];
  const strip = <T extends { key: Key }>(e: T): T => ({ ...e, key: e.key.slice(prefix.length) });
  const scoped = {
    get: async (key: Key, o?: { consistency?: Deno.KvConsistencyLevel }) =>
      strip(await kv.get(add(key), o)),
    getMany: async (keys: Key[], o?: { consistency?: Deno.KvConsistencyLevel }) =>
      (await kv.getMany(keys.map(add), o)).map(strip),
    set: (key: Key, value: unknown, o?: { expireIn?: number }) => kv.set(add(key), value, o),
    delete: (key: Key) => kv.delete(add(key)),
    list: (selector: Deno.KvListSelector, o?: Deno.KvListOptions) =>
      stripList(kv.list(prefixSelector(selector, add), o), strip),
    atomic: () => prefixAtomic(kv.atomic(), add),
    close: () => {},
    [Symbol.dispose]: () => {},
    watch: () => unsupported("watch"),
    enqueue: () => unsupported("enqueue"),
    listenQueue: () => unsupported("listenQueue"),
    commitVersionstamp: () => unsupported("commitVersionstamp"),
  };
  return scoped as unknown as Deno.Kv;
}

function unsupported(what: string): never {
  throw new Error(`Deno KV ${what} is not available in a tenant's key space`);
}

function prefixSelector(s: Deno.KvListSelector, add: (k: Key) => Key): Deno.KvListSelector {
  const out: Record<string, Key> = {};
  for (const [k, v] of Object.entries(s) as [string, Key][]) out[k] = add(v);
  return out as unknown as Deno.KvListSelector;
}

/** The iterator of `inner` with the prefix taken off each entry's key; `cursor` passes through. */
function stripList<T>(
  inner: Deno.KvListIterator<T>,
  strip: (e: Deno.KvEntry<T>) => Deno.KvEntry<T>,
): Deno.KvListIterator<T> {
  async function* entries() {
    for await (const e of inner) yield strip(e);
  }
  const it = entries();
  Object.defineProperty(it, "cursor", { get: () => inner.cursor });
  return it as unknown as Deno.KvListIterator<T>;
}

/** An atomic operation whose checks and mutations all land under the prefix. */
function prefixAtomic(op: Deno.AtomicOperation, add: (k: Key) => Key): Deno.AtomicOperation {
  const self = {
    check(...checks: Deno.AtomicCheck[]) {
      op.check(...checks.map((c) => ({ ...c, key: add(c.key) })));
      return self;
    },
    set(key: Key, value: unknown, o?: { expireIn?: number }) {
      op.set(add(key), value, o);
      return self;
    },
    delete(key: Key) {
      op.delete(add(key));
      return self;
    },
    sum(key: Key, n: bigint) {
      op.sum(add(key), n);
      return self;
    },
    min(key: Key, n: bigint) {
      op.min(add(key), n);
      return self;
    },
    max(key: Key, n: bigint) {
      op.max(add(key), n);
      return self;
    },
    mutate(...mutations: Deno.KvMutation[]) {
      op.mutate(...mutations.map((m) => ({ ...m, key: add(m.key) } as Deno.KvMutation)));
      return self;
    },
    enqueue: () => unsupported("enqueue"),
    commit: () => op.commit(),
  };
  return self as unknown as Deno.AtomicOperation;
}
