import type { Setting } from "./sources.ts";
import { durationSeconds } from "./duration.ts";

/** A port from 0 to 65535. */
export function parsePort(s: Setting, add: (src: string, m: string) => void): number | undefined {
  const text = String(s.value);
  const n = Number(text);
  if (/^\d+$/.test(text) && n <= 65535) return n;
  add(s.source, `expected an integer from 0 to 65535, got "${text}"`);
  return undefined;
}

/** An absolute http(s) URL without query or fragment, without a trailing slash. */
export function parseIssuer(s: Setting, add: (src: string, m: string) => void): string | null {
  const text = String(s.value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    add(s.source, `expected an absolute http(s) URL, got "${text}"`);
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    add(s.source, `expected an absolute http(s) URL, got "${text}"`);
  } else if (url.search || text.includes("?")) {
    add(s.source, `the issuer must not have a query, got "${text}"`);
  } else if (url.hash || text.includes("#")) {
    add(s.source, `the issuer must not have a fragment, got "${text}"`);
  } else {
    return url.href.replace(/\/+$/, "");
  }
  return null;
}

/** `--backchannel-url`: an origin only, because every endpoint keeps the issuer's path. */
export function parseOrigin(s: Setting, add: (src: string, m: string) => void): string | null {
  const text = String(s.value);
  const expected = "expected an origin such as http://gatehouse:9400 (no path, query or fragment)";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    add(s.source, `${expected}, got "${text}"`);
    return null;
  }
  const bare = url.pathname === "/" && !url.search && !url.hash && !/[?#]/.test(text);
  if ((url.protocol === "http:" || url.protocol === "https:") && bare && !url.username) {
    return url.origin;
  }
  add(s.source, `${expected}, got "${text}"`);
  return null;
}

/** true/false, 1/0, yes/no, on/off. */
export function parseBool(s: Setting, add: (src: string, m: string) => void): boolean {
  if (typeof s.value === "boolean") return s.value;
  const text = String(s.value).toLowerCase();
  if (["1", "true", "yes", "on"].includes(text)) return true;
  if (["0", "false", "no", "off"].includes(text)) return false;
  add(s.source, `expected true or false, got "${s.value}"`);
  return false;
}

/** A positive duration: 300, 90s, 15m, 1h or 7d, in seconds. */
export function parseDuration(
  s: Setting,
  add: (src: string, m: string) => void,
): number | undefined {
  const seconds = durationSeconds(s.value);
  if (seconds !== undefined) return seconds;
  add(s.source, `expected a positive duration such as 300, 90s, 15m, 1h or 7d, got "${s.value}"`);
  return undefined;
}
