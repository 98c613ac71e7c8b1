import type { MetadataReader } from "../clients/metadata_reader.ts";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Schemes that run or read something in the browser: never a redirect target. */
const DANGEROUS = new Set(["javascript:", "data:", "vbscript:", "file:", "blob:", "about:"]);

/** Whether `url` uses a scheme that runs or reads something in the browser (`javascript:`, …). */
export function isDangerousScheme(url: URL): boolean {
  return DANGEROUS.has(url.protocol);
}

/** Whether `url` is http on a loopback address (RFC 8252 §7.3). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === "http:" && LOOPBACK.has(url.hostname);
}

/**
 * Checks each registered redirect URI: absolute, no fragment; web clients https or loopback http;
 * native clients loopback http, https or a private-use scheme. Plain http elsewhere is up to the
 * `redirect-uri-secure` rule (`allowInsecure`).
 * @see RFC 6749 §3.1.2, RFC 8252 §7, OpenID Connect Registration §2 (application_type)
 */
export function checkRedirectUris(
  r: MetadataReader,
  uris: string[],
  applicationType: string,
  allowInsecure: (uri: string) => boolean,
): void {
  uris.forEach((uri, i) => {
    const problem = redirectUriProblem(uri, applicationType, allowInsecure);
    if (problem) r.fail(`redirect_uris[${i}]`, `"${uri}" ${problem}`, "invalid_redirect_uri");
  });
}

function redirectUriProblem(
  uri: string,
  applicationType: string,
  allowInsecure: (uri: string) => boolean,
): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "is not an absolute URI";
  }
  if (uri.includes("#")) return "must not have a fragment";
  if (isDangerousScheme(url)) {
    return `uses the ${url.protocol} scheme, which cannot be a redirect URI`;
  }
  if (url.protocol === "https:" || isLoopbackHttp(url)) return null;
  if (url.protocol === "http:") {
    if (allowInsecure(uri)) return null;
    return applicationType === "native"
      ? "must use https, http on a loopback address or a private-use scheme for a native client"
      : "must use https, or http on a loopback address";
  }
  if (applicationType === "native") return null;
  return `uses the private-use scheme ${url.protocol} which only native clients may use; register with "application_type": "native"`;
}
