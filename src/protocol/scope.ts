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
