import type { Context } from "npm:hono@^4";
import { deleteCookie, getCookie, setCookie } from "npm:hono@^4/cookie";
import { randomToken } from "../crypto/random.ts";
import { sha256 } from "../crypto/hash.ts";
import type { Deps } from "../deps.ts";
import { endpointsRoot, issuerPath } from "../protocol/endpoints.ts";
import { profileNamed } from "../profiles/index.ts";
import type { SessionRecord } from "../store/store.ts";
import { sessionEnded } from "../protocol/logout/session_end.ts";

const COOKIE = "gatehouse_session";
const BROWSER_COOKIE = "gatehouse_browser";

/**
 * Under https the cookies are `SameSite=None; Secure`: a relying party on another site may POST
 * to /authorize or /logout (form_post, RP-initiated logout) and front-channel logout runs in a
 * third-party iframe, and each needs the session. Over http, browsers refuse `None` without
 * `Secure`, so it stays `Lax`. No HSTS: a developer's localhost must never be pinned to https.
 * @see RFC 6265bis §5.4.7 (SameSite), OIDC Front-Channel Logout 1.0 §3
 */
function cookieOptions(deps: Deps) {
  const secure = deps.config.issuer.startsWith("https:");
  return {
    // Every endpoint's path: a profile's may sit beside the issuer's (`../oauth2/v2.0/authorize`).
    path: endpointsRoot(issuerPath(deps.config.issuer), profileNamed(deps.config.profile)?.paths) ||
      "/",
    httpOnly: true,
    sameSite: secure ? "None" as const : "Lax" as const,
    secure,
  };
}

/** A session and the hash of its cookie value (its storage key). */
export interface BrowserSession {
  hash: string;
  session: SessionRecord;
}

/** The live session named by the browser's cookie, if any. */
export async function readSession(c: Context, deps: Deps): Promise<BrowserSession | null> {
  const value = getCookie(c, COOKIE);
  if (!value) return null;
  const hash = await sha256(value);
  const session = await deps.store.getSession(hash, deps.clock.now());
  return session ? { hash, session } : null;
}

/**
 * Signs the browser in: a new session in KV and an HttpOnly, SameSite=Lax cookie naming it. A
 * session the browser already had ends here, and its clients get back-channel logout tokens.
 */
export async function startSession(
  c: Context,
  deps: Deps,
  user: { sub: string; claims: Record<string, unknown>; acr?: string; amr?: string[] },
): Promise<BrowserSession> {
  const previous = await readSession(c, deps);
  if (previous) {
    await deps.store.deleteSession(previous.hash);
    await sessionEnded(deps, previous.session);
  }
  const value = randomToken(32);
  const now = deps.clock.now();
  const session: SessionRecord = {
    sid: randomToken(16),
    sub: user.sub,
    claims: user.claims,
    authTime: Math.floor(now / 1000),
    acr: user.acr,
    amr: user.amr,
    clients: [],
    exp: now + deps.config.ttl.session * 1000,
  };
  const hash = await sha256(value);
  await deps.store.saveSession(hash, session);
  setCookie(c, COOKIE, value, { ...cookieOptions(deps), maxAge: deps.config.ttl.session });
  return { hash, session };
}

/** Adds a client to the session's list (for logout), keeping the session's expiry. */
export async function rememberClient(deps: Deps, bs: BrowserSession, clientId: string) {
  if (bs.session.clients.includes(clientId)) return;
  await deps.store.addSessionClient(bs.hash, clientId, deps.clock.now());
}

/** Ends the browser's session: the KV record and the cookie. */
export async function endSession(c: Context, deps: Deps): Promise<SessionRecord | null> {
  const value = getCookie(c, COOKIE);
  if (!value) return null;
  const hash = await sha256(value);
  const session = await deps.store.getSession(hash, deps.clock.now());
  await deps.store.deleteSession(hash);
  deleteCookie(c, COOKIE, cookieOptions(deps));
  return session;
}

/**
 * A random id for this browser, set once; login and consent forms are bound to it so that a form
 * posted from another browser (cross-site request forgery) is refused.
 */
export function browserId(c: Context, deps: Deps): string {
  const existing = getCookie(c, BROWSER_COOKIE);
  if (existing) return existing;
  const id = randomToken(16);
  setCookie(c, BROWSER_COOKIE, id, cookieOptions(deps));
  return id;
}

/** The browser id cookie as sent, without setting one. */
export function sentBrowserId(c: Context): string | undefined {
  return getCookie(c, BROWSER_COOKIE);
}
