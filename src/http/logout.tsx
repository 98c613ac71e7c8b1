/** @jsxImportSource npm:hono@^4/jsx */
import { Hono } from "npm:hono@^4";
import { LoggedOutPage } from "../../views/login.tsx";
import { epochSeconds } from "../clock.ts";
import { verifyOwnJwt } from "../crypto/jwt.ts";
import type { Deps } from "../deps.ts";
import { invalidRequest } from "../protocol/errors.ts";
import { sessionEnded } from "../protocol/logout/session_end.ts";
import { displayName } from "../users.ts";
import type { Env } from "./env.ts";
import { readRequestParams } from "./form.ts";
import { endSession } from "./session.ts";

/**
 * `/logout` (GET and POST): ends the session and tells its clients (back-channel in the
 * background, front-channel by iframes on the page), then returns to the client or shows a
 * page. With front-channel iframes the page shows first, then goes on to the client.
 * @see OpenID Connect RP-Initiated Logout 1.0 §2, §3, Back-Channel Logout 1.0, Front-Channel Logout 1.0
 */
export function logoutRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  app.on(["GET", "POST"], "/logout", async (c) => {
    c.set("browser", true);
    const deps = c.get("deps");
    const p = await readRequestParams(c);
    const clientId = await clientOf(deps, p.id_token_hint, p.client_id);
    const redirect = p.post_logout_redirect_uri
      ? await checkPostLogoutUri(deps, clientId, p.post_logout_redirect_uri)
      : undefined;
    const session = await endSession(c, deps);
    const frontchannel = session ? await sessionEnded(deps, session) : [];
    c.header("Cache-Control", "no-store");
    if (redirect && p.state) redirect.searchParams.set("state", p.state);
    if (redirect && frontchannel.length === 0) return c.redirect(redirect.href, 303);
    const name = session ? `${displayName(session.claims)} (${session.sub})` : undefined;
    return await c.html(
      <LoggedOutPage user={name} frontchannel={frontchannel} next={redirect?.href} />,
    );
  });
  return app;
}

/** The client named by `id_token_hint` (its `aud`) and/or `client_id`, which must agree. */
async function clientOf(deps: Deps, hint?: string, clientId?: string): Promise<string | undefined> {
  if (!hint) return clientId;
  const result = await verifyOwnJwt(deps.keys, hint, {
    issuer: deps.config.issuer,
    now: epochSeconds(deps.clock),
    checkExp: false,
  });
  if (!result.ok) throw invalidRequest(`"id_token_hint" is not usable: ${result.reason}`);
  const aud = result.payload.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (clientId && !audiences.includes(clientId)) {
    throw invalidRequest(`"client_id" ${clientId} is not the audience of "id_token_hint"`);
  }
  return clientId ?? String(audiences[0]);
}

async function checkPostLogoutUri(deps: Deps, clientId: string | undefined, uri: string) {
  if (!clientId) {
    throw invalidRequest(
      '"post_logout_redirect_uri" needs "id_token_hint" or "client_id" to know the client',
    );
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw invalidRequest(`"post_logout_redirect_uri" must be an absolute URI, got "${uri}"`);
  }
  const client = await deps.store.getClient(clientId);
  if (client && !(client.post_logout_redirect_uris ?? []).includes(uri)) {
    throw invalidRequest(
      `"post_logout_redirect_uri" ${uri} is not registered for client "${clientId}"`,
    );
  }
  return url;
}
