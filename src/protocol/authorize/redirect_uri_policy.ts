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
 * The registered redirect URI that `given` matches. Exact, except that http on a loopback host
 * matches on any port (RFC 8252 §7.3: a native app's listener picks its port when it starts);
 * everything else about the URI must still be identical.
 * @see RFC 8252 §7.3, RFC 9700 §4.1.3
 */
export function matchRegisteredRedirect(registered: string[], given: string): string | undefined {
  if (registered.includes(given)) return given;
  const url = URL.parse(given);
  if (!url || !isLoopbackHttp(url) || given.includes("#")) return undefined;
  const portless = (u: URL) => {
    const copy = new URL(u);
    copy.port = "";
    return copy.href;
  };
  return registered.find((r) => {
    const candidate = URL.parse(r);
    return candidate !== null && isLoopbackHttp(candidate) &&
      candidate.hostname === url.hostname && portless(candidate) === portless(url);
  });
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
