import type { Client } from "../types.ts";
import { invalidScope } from "./errors.ts";

/** The scopes of a space-separated `scope` parameter (RFC 6749 §3.3), duplicates removed. */
export function parseScope(value: string | undefined): string[] {
  return [...new Set((value ?? "").split(" ").filter(Boolean))];
}

/**
 * The scopes a request asks for, which must all be within `allowed`; `allowed` itself when the
 * request names none.
 * @see RFC 6749 §3.3, §6
 */
export function narrowScope(asked: string | undefined, allowed: string[], what: string): string[] {
  if (asked === undefined) return allowed;
  const scopes = parseScope(asked);
  const extra = scopes.filter((s) => !allowed.includes(s));
  if (extra.length) {
    throw invalidScope(
      `"scope" ${extra.join(" ")} ${extra.length > 1 ? "are" : "is"} not among the ${what} (${
        allowed.join(" ") || "none"
      })`,
    );
  }
  return scopes;
}

/**
 * The scope of a request without a user's consent (client credentials, device authorization): a
 * client registered with a `scope` may ask for those only, and gets them all when it names none.
 * @see RFC 7591 §2, RFC 6749 §3.3
 */
export function clientScope(client: Client, asked: string | undefined): string[] {
  if (client.scope === undefined) return parseScope(asked);
  const registered = parseScope(client.scope);
  return narrowScope(asked, registered, `scopes registered for client "${client.client_id}"`);
}
