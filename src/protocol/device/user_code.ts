/**
 * Letters of a user code: consonants only (RFC 8628 §6.1), so no words are spelled and no letter
 * is confused with a digit (O and 0, I and 1) or with another letter.
 */
export const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
const LENGTH = 8;

/**
 * A new user code such as `WDJB-MJHT`: 8 letters from a 20-letter alphabet (about 34.5 bits).
 * @see RFC 8628 §6.1
 */
export function newUserCode(): string {
  const n = USER_CODE_ALPHABET.length;
  // Bytes at or above the largest multiple of 20 are dropped, so every letter is equally likely.
  const limit = 256 - (256 % n);
  let code = "";
  while (code.length < LENGTH) {
    for (const b of crypto.getRandomValues(new Uint8Array(LENGTH * 2))) {
      if (b < limit && code.length < LENGTH) code += USER_CODE_ALPHABET[b % n];
    }
  }
  return formatUserCode(code);
}

/** `WDJBMJHT` → `WDJB-MJHT`. */
export function formatUserCode(normalized: string): string {
  return `${normalized.slice(0, 4)}-${normalized.slice(4)}`;
}

/**
 * A user code as typed, normalized for lookup: case-insensitive, with dashes and spaces ignored
 * (RFC 8628 §6.1). Null when it cannot be one of ours.
 */
export function normalizeUserCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== LENGTH) return null;
  for (const ch of code) if (!USER_CODE_ALPHABET.includes(ch)) return null;
  return code;
}
