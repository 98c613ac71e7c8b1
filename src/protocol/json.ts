/** How deep a JSON body may nest: far beyond any real metadata, claims or control request. */
export const MAX_JSON_DEPTH = 32;

/**
 * How deeply `text` (valid JSON) nests, counting brackets outside strings; stops counting once
 * past `limit`. Runs before `JSON.parse`, so a hostile body never becomes a deep object that
 * storage or a serializer would then recurse through.
 */
export function jsonDepthExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > limit) return true;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return false;
}
