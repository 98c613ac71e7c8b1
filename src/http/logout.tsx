/** @jsxImportSource npm:hono@^4/jsx */
import { type Context, Hono } from "npm:hono@^4";
import { CONTINUE_ON_LOAD, LoggedOutPage, LogoutConfirmPage } from "../../views/logout.tsx";
import { epochSeconds } from "../clock.ts";
import { verifyOwnJwt } from "../crypto/jwt.ts";
import { timingSafeEqual } from "../crypto/random.ts";
import { sha256 } from "../crypto/hash.ts";
import type { Deps } from "../deps.ts";
import { invalidRequest } from "../protocol/errors.ts";
import type { Params } from "../protocol/params.ts";
import { type PostLogoutTarget, postLogoutTarget } from "../protocol/logout/post_logout.ts";
import { sessionEnded } from "../protocol/logout/session_end.ts";
import { displayName } from "../users.ts";
import type { Env } from "./env.ts";
import { readRequestParams } from "./form.ts";
import { pagePolicy } from "./headers.ts";
import {
  browserId,
  type BrowserSession,
  endSession,
  readSession,
  sentBrowserId,
} from "./session.ts";

/** What a verified `id_token_hint` says: its audience and the session it was issued in. */
interface Hint {
  aud: string[];
  sid?: string;
}

/**
 * `/logout` (GET and POST): asks the user first unless an `id_token_hint` of this session came
 * along; then ends the session and tells its clients (back-channel in the background,
 * front-channel by iframes on the page), and returns to the client or shows a page. With
 * front-channel iframes the page shows first, then goes on to the client.
 * @see OpenID Connect RP-Initiated Logout 1.0 §2, §3, Back-Channel Logout 1.0, Front-Channel Logout 1.0
 */
export function logoutRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  app.on(["GET", "POST"], "/logout", async (c) => {
    c.set("browser", true);
    const deps = c.get("deps");
    const p = await readRequestParams(c);
    const hint = p.id_token_hint ? await readHint(deps, p.id_token_hint, p.client_id) : undefined;
    const clientId = p.client_id ?? hint?.aud[0];
    const current = await readSession(c, deps);
    const proven = hint !== undefined ||
      (clientId !== undefined && (current?.session.clients.includes(clientId) ?? false));
    const target = p.post_logout_redirect_uri
      ? await postLogoutTarget(deps, { id: clientId, proven }, p.post_logout_redirect_uri)
      : undefined;
    if (current && !ofSession(hint, current) && !await confirmed(c, p.csrf)) {
      return await confirmPage(c, deps, current, clientId, p);
    }
    return await loggedOut(c, deps, target, p.state);
  });
  return app;
}

async function loggedOut(
  c: Context<Env>,
  deps: Deps,
  target: PostLogoutTarget | undefined,
  state: string | undefined,
): Promise<Response> {
  const session = await endSession(c, deps);
  const frontchannel = session ? await sessionEnded(deps, session) : [];
  if (target && state) target.url.searchParams.set("state", state);
  if (target?.redirect && frontchannel.length === 0) return c.redirect(target.url.href, 303);
  const name = session ? `${displayName(session.claims)} (${session.sub})` : undefined;
  const follows = target?.redirect === true;
  pagePolicy(c, {
    scripts: follows ? [CONTINUE_ON_LOAD] : [],
    frames: [...new Set(frontchannel.map((u) => new URL(u).origin))],
  });
  return await c.html(
    <LoggedOutPage
      user={name}
      frontchannel={frontchannel}
      next={target?.url.href}
      warning={target?.warning}
    />,
  );
}

/** The client named by `id_token_hint` (its `aud`) and/or `client_id`, which must agree. */
async function readHint(deps: Deps, hint: string, clientId?: string): Promise<Hint> {
  const result = await verifyOwnJwt(deps.keys, hint, {
    issuer: deps.config.issuer,
    now: epochSeconds(deps.clock),
    checkExp: false,
  });
  if (!result.ok) throw invalidRequest(`"id_token_hint" is not usable: ${result.reason}`);
  const aud = result.payload.aud;
  const audiences = (Array.isArray(aud) ? aud : [aud]).map(String);
  if (clientId && !audiences.includes(clientId)) {
    throw invalidRequest(`"client_id" ${clientId} is not the audience of "id_token_hint"`);
  }
  const sid = typeof result.payload.sid === "string" ? result.payload.sid : undefined;
  return { aud: audiences, sid };
}

/** Whether the hint was issued in this session (by `sid`, else to one of its clients). */
function ofSession(hint: Hint | undefined, current: BrowserSession): boolean {
  if (!hint) return false;
  if (hint.sid) return hint.sid === current.session.sid;
  return hint.aud.some((a) => current.session.clients.includes(a));
}

/** The confirm form is bound to this browser: its CSRF token derives from the browser cookie. */
async function csrfFor(browser: string): Promise<string> {
  return await sha256(`logout:${browser}`);
}

async function confirmed(c: Context<Env>, csrf: string | undefined): Promise<boolean> {
  const browser = sentBrowserId(c);
  if (c.req.method !== "POST" || !csrf || !browser) return false;
  return timingSafeEqual(csrf, await csrfFor(browser));
}

async function confirmPage(
  c: Context<Env>,
  deps: Deps,
  current: BrowserSession,
  clientId: string | undefined,
  p: Params,
): Promise<Response> {
  const { csrf: _csrf, ...rest } = p;
  const fields: [string, string][] = Object.entries(rest);
  fields.push(["csrf", await csrfFor(browserId(c, deps))]);
  const user = `${displayName(current.session.claims)} (${current.session.sub})`;
  return await c.html(
    <LogoutConfirmPage
      action={`${deps.config.issuer}/logout`}
      user={user}
      client={clientId}
      fields={fields}
    />,
  );
}
