/** The namespace of every name-based UUID Gatehouse makes (a random UUID, fixed for good). */
export const GATEHOUSE_NAMESPACE = "293f89cc-13a4-48c9-86b5-6ee4a0bf83a9";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `s` is written as a GUID (`8-4-4-4-12` hex digits). */
export function isGuid(s: unknown): s is string {
  return typeof s === "string" && GUID.test(s);
}

/**
 * The version 5 (SHA-1, name-based) UUID of `name` in `namespace`: the same name always gives the
 * same UUID, so an object id derived from a tenant and a user is stable across runs.
 * @see RFC 9562 §5.5
 */
export async function nameUuid(name: string, namespace = GATEHOUSE_NAMESPACE): Promise<string> {
  const ns = Uint8Array.from(namespace.replaceAll("-", "").match(/../g)!, (h) => parseInt(h, 16));
  const bytes = new Uint8Array([...ns, ...new TextEncoder().encode(name)]);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-1", bytes)).slice(0, 16);
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
    hex.slice(20)
  }`;
}
