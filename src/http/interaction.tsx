/** @jsxImportSource npm:hono@^4/jsx */
import type { Context } from "npm:hono@^4";
import { ConsentPage, LoginPage, type RequestSummary } from "../../views/login.tsx";
import { randomToken, timingSafeEqual } from "../crypto/random.ts";
import type { Deps } from "../deps.ts";
import type { AuthorizationRequest } from "../protocol/authorize/request.ts";
import type { DeviceInteraction, Interaction } from "../protocol/authorize/interaction.ts";
import { authorizationResponse } from "../protocol/authorize/response.ts";
import { knownClient } from "../protocol/clients/known_client.ts";
import { invalidRequest, OAuthError } from "../protocol/errors.ts";
import { displayName } from "../users.ts";
import { releasedClaims } from "../protocol/claims.ts";
import type { Env } from "./env.ts";
import { readForm } from "./form.ts";
import { deliver } from "./respond.tsx";
import { browserId, type BrowserSession, rememberClient, sentBrowserId } from "./session.ts";

export type { DeviceInteraction, Interaction };

const INTERACTION_TTL_MS = 30 * 60_000;

/**
 * Issues what the response type asks for (code, tokens) and sends it to the client in the
 * response mode.
 */
export async function finish(
  c: Context<Env>,
  deps: Deps,
  req: AuthorizationRequest,
  bs: BrowserSession,
): Promise<Response> {
  c.set("sub", bs.session.sub);
  const client = await knownClient(deps, req.clientId);
  const params = await authorizationResponse(deps, client, req, bs.session);
  await rememberClient(deps, bs, req.clientId);
  return await deliver(c, c.get("redirectTarget")!, params);
}

export async function saveInteraction(
  c: Context<Env>,
  deps: Deps,
  request: AuthorizationRequest,
  clientName?: string,
  device?: DeviceInteraction,
): Promise<{ id: string; value: Interaction }> {
  const id = randomToken(16);
  const value: Interaction = {
    request,
    clientName,
    csrf: randomToken(16),
    browser: browserId(c, deps),
    exp: deps.clock.now() + INTERACTION_TTL_MS,
    ...(device ? { device } : {}),
  };
  await deps.store.saveInteraction(id, value);
  return { id, value };
}

/** Reads a posted login/consent form and the interaction it belongs to, checking CSRF. */
export async function loadInteraction(c: Context<Env>) {
  c.set("browser", true);
  const deps = c.get("deps");
  const form = await readForm(c);
  const id = form.interaction ?? "";
  const interaction = id ? await deps.store.getInteraction(id, deps.clock.now()) : null;
  if (!interaction) {
    throw invalidRequest(
      "this sign-in page has expired or was already used; start again from the application",
    );
  }
  const browser = sentBrowserId(c) ?? "";
  if (!timingSafeEqual(form.csrf ?? "", interaction.csrf) || browser !== interaction.browser) {
    throw new OAuthError("invalid_request", "the form's CSRF token does not match this browser");
  }
  const r = interaction.request;
  c.set("clientId", r.clientId);
  // A device has no redirect URI: its errors stay on the page.
  if (!interaction.device) {
    c.set("redirectTarget", {
      redirectUri: r.redirectUri,
      responseMode: r.responseMode,
      state: r.state,
    });
  }
  return { deps, id, interaction, form };
}

/** Makes the interaction single use; a second post of the same form is refused. */
export async function consumeInteraction(deps: Deps, id: string): Promise<void> {
  if (!await deps.store.takeInteraction(id)) {
    throw invalidRequest("this sign-in form was already submitted");
  }
}

export function summary(i: Interaction): RequestSummary {
  return {
    clientId: i.request.clientId,
    clientName: i.clientName,
    redirectUri: i.request.redirectUri,
    scopes: i.request.scopes,
    userCode: i.device?.userCode,
  };
}

/** Renders the login page (status 200, or 400 with an error to correct). */
export async function renderLogin(
  c: Context<Env>,
  deps: Deps,
  i: { id: string; value: Interaction },
  error?: { message: string; claimsText?: string },
): Promise<Response> {
  c.status(error ? 400 : 200);
  return await c.html(
    <LoginPage
      action={`${deps.config.issuer}/authorize/login`}
      interaction={i.id}
      csrf={i.value.csrf}
      users={await deps.users.list()}
      request={summary(i.value)}
      loginHint={i.value.request.loginHint}
      error={error?.message}
      claimsText={error?.claimsText}
    />,
  );
}

/** Renders the consent page. */
export async function renderConsent(
  c: Context<Env>,
  deps: Deps,
  i: { id: string; value: Interaction },
  bs: BrowserSession,
): Promise<Response> {
  return await c.html(
    <ConsentPage
      action={`${deps.config.issuer}/authorize/consent`}
      interaction={i.id}
      csrf={i.value.csrf}
      user={`${displayName(bs.session.claims)} (${bs.session.sub})`}
      request={summary(i.value)}
      claims={releasedClaims(bs.session.claims, i.value.request.scopes)}
    />,
  );
}
