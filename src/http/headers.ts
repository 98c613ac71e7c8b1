import type { Context, MiddlewareHandler } from "npm:hono@^4";
import { STYLE } from "../../views/layout.tsx";
import type { Env } from "./env.ts";

/**
 * What an HTML page needs beyond the base Content-Security-Policy: the inline scripts it runs
 * (allowed by hash), the origins it frames and where its forms go.
 */
export interface PagePolicy {
  /** Exact inline script sources; each is allowed by its SHA-256 hash. */
  scripts?: string[];
  /** Exact style element contents beyond the layout's own, allowed by hash likewise. */
  styles?: string[];
  /** `frame-src` sources (front-channel logout iframes). */
  frames?: string[];
  /** `form-action` sources (form_post to the client). */
  formAction?: string[];
}

const hashes = new Map<string, Promise<string>>();

/** A CSP hash source for an inline script or style (CSP Level 3 §2.3.1). */
function hashSource(text: string): Promise<string> {
  let h = hashes.get(text);
  if (!h) {
    h = crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then((d) =>
      `'sha256-${btoa(String.fromCharCode(...new Uint8Array(d)))}'`
    );
    hashes.set(text, h);
  }
  return h;
}

/**
 * The page's Content-Security-Policy: nothing may load or run but the layout's one style
 * element and the page's own hashed scripts; no page may be framed.
 * @see CSP Level 3 §6.1.11 (`frame-ancestors`), §6.1.1 (`default-src`)
 */
export async function contentSecurityPolicy(page: PagePolicy = {}): Promise<string> {
  const parts = [
    "default-src 'none'",
    `style-src ${(await Promise.all([STYLE, ...page.styles ?? []].map(hashSource))).join(" ")}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ];
  if (page.scripts?.length) {
    parts.push(`script-src ${(await Promise.all(page.scripts.map(hashSource))).join(" ")}`);
  }
  if (page.frames?.length) parts.push(`frame-src ${page.frames.join(" ")}`);
  if (page.formAction?.length) parts.push(`form-action ${page.formAction.join(" ")}`);
  return parts.join("; ");
}

/** Declares what the HTML page about to be rendered needs (see {@link PagePolicy}). */
export function pagePolicy(c: Context<Env>, page: PagePolicy): void {
  c.set("page", page);
}

/**
 * Sets `set` on the response a route made, after it ran, and returns its headers. A response
 * built elsewhere (`Response.redirect`, a fetched one) has immutable headers: it is copied.
 */
export function responseHeaders(c: Context, set: Record<string, string>): Headers {
  const apply = (h: Headers) => {
    for (const name in set) h.set(name, set[name]);
    return h;
  };
  try {
    return apply(c.res.headers);
  } catch {
    // The first change throws, before any is made.
    c.res = new Response(c.res.body, c.res);
    return apply(c.res.headers);
  }
}

/**
 * The one place response headers every route shares are set: `no-store` unless a route chose a
 * cache policy (discovery, JWKS), `nosniff` everywhere, and for HTML pages the CSP, framing and
 * referrer headers.
 * @see RFC 6749 §5.1 (no-store on token responses), RFC 9700 §4.16 (clickjacking)
 */
export const edgeHeaders: MiddlewareHandler<Env> = async (c, next) => {
  await next();
  const h = responseHeaders(c, { "X-Content-Type-Options": "nosniff" });
  if (!h.has("Cache-Control")) {
    h.set("Cache-Control", "no-store");
    h.set("Pragma", "no-cache");
  }
  if (!(h.get("Content-Type") ?? "").startsWith("text/html")) return;
  h.set("Content-Security-Policy", await contentSecurityPolicy(c.get("page")));
  h.set("X-Frame-Options", "DENY");
  h.set("Referrer-Policy", "no-referrer");
};
