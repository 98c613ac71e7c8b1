import { decodeBase64Url, encodeBase64Url } from "./base64url.ts";
import { timingSafeEqual } from "./random.ts";

/**
 * PBKDF2-SHA256 rounds. A development provider signs users in on every test run, so this is a
 * few milliseconds, not a production cost: enough that a KV dump or a heap snapshot holds no
 * password a test suite typed in, which is what storing hashes is for.
 */
const ITERATIONS = 20_000;
const PREFIX = "pbkdf2-sha256";

async function derive(password: string, salt: BufferSource, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(password),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    256,
  );
  return encodeBase64Url(new Uint8Array(bits));
}

/** `pbkdf2-sha256$<iterations>$<salt>$<hash>` for `password`, with a fresh salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, ITERATIONS);
  return `${PREFIX}$${ITERATIONS}$${encodeBase64Url(salt)}$${hash}`;
}

/** Whether `stored` (from {@link hashPassword}) is the hash of `given`; compared in constant time. */
export async function verifyPassword(stored: string, given: string): Promise<boolean> {
  const [prefix, rounds, salt, hash] = stored.split("$");
  const iterations = Number(rounds);
  if (prefix !== PREFIX || !Number.isInteger(iterations) || iterations < 1 || !salt || !hash) {
    return false;
  }
  try {
    return timingSafeEqual(await derive(given, decodeBase64Url(salt), iterations), hash);
  } catch {
    return false; // not base64url: not one of our hashes
  }
}
