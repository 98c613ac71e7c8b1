import { RESPONSE_TYPES } from "../capabilities.ts";

export { RESPONSE_TYPES };

export type ResponseType = typeof RESPONSE_TYPES[number];

/** What an authorization response of a response type carries. */
export interface ResponseParts {
  code: boolean;
  idToken: boolean;
  token: boolean;
}

const WORD_ORDER = ["code", "id_token", "token", "none"];

/**
 * The canonical form of a `response_type` (its words are an unordered set, Multiple Response
 * Types §2), or null when it is not one this provider supports.
 */
export function normalizeResponseType(value: string): ResponseType | null {
  const words = value.split(" ").filter(Boolean);
  if (new Set(words).size !== words.length) return null;
  if (words.some((w) => !WORD_ORDER.includes(w))) return null;
  const sorted = words.sort((a, b) => WORD_ORDER.indexOf(a) - WORD_ORDER.indexOf(b)).join(" ");
  return (RESPONSE_TYPES as readonly string[]).includes(sorted) ? sorted as ResponseType : null;
}

/** Which of a code, an ID token and an access token the response type returns. */
export function responseParts(type: ResponseType): ResponseParts {
  const words = type.split(" ");
  return {
    code: words.includes("code"),
    idToken: words.includes("id_token"),
    token: words.includes("token"),
  };
}

/**
 * Whether the authorization response itself carries a token, which must then never travel in
 * the query (Multiple Response Types §5).
 */
export function carriesTokens(type: ResponseType): boolean {
  const { idToken, token } = responseParts(type);
  return idToken || token;
}

/**
 * The response mode when none is asked for: the query for `code` and `none`, the fragment for
 * everything that returns a token.
 * @see OAuth 2.0 Multiple Response Type Encoding Practices §2.1, §3, §4
 */
export function defaultResponseMode(type: ResponseType | null): "query" | "fragment" {
  return type && carriesTokens(type) ? "fragment" : "query";
}
