import { OAuthError } from "./errors.ts";
import { checkParam } from "./identifiers.ts";

/** Parameters as sent, one value each (RFC 6749 §3.1: no parameter may be sent twice). */
export type Params = Record<string, string>;

/**
 * Parameters an extension lets a client send more than once: RFC 8707 §2 `resource` and RFC 8693
 * §2.1 `audience`. Their values are joined with a space, which an absolute URI cannot contain.
 */
const REPEATABLE = new Set(["resource", "audience"]);

/**
 * Parses `application/x-www-form-urlencoded` parameters, refusing duplicates and empty names, and
 * bounding every value at the edge (identifiers also by character).
 */
export function parseParams(search: URLSearchParams): Params {
  const out: Params = {};
  for (const [name, value] of search) {
    if (REPEATABLE.has(name) && name in out) {
      if (value !== "") out[name] += ` ${value}`;
      continue;
    }
    if (name in out) {
      throw new OAuthError("invalid_request", `parameter "${name.slice(0, 100)}" is repeated`);
    }
    checkParam(name, value);
    // RFC 6749 §3.1: a parameter sent without a value is treated as omitted.
    if (value !== "") out[name] = value;
  }
  return out;
}
