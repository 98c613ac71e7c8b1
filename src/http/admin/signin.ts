import type { Context } from "npm:hono@^4";
import { randomToken } from "../../crypto/random.ts";
import type { Deps } from "../../deps.ts";
import { grantHandler } from "../../grants/registry.ts";
import type { Env } from "../env.ts";
import type { Params } from "../form.ts";
import { startSession } from "../session.ts";
import { adHocClient } from "../../protocol/clients/resolve.ts";
import { invalidRequest, OAuthError } from "../../protocol/errors.ts";
import { s256 } from "../../protocol/pkce.ts";
import { checkIdentifier } from "../../protocol/identifiers.ts";
import { claimsOf } from "../../users.ts";
import { INSPECTOR_CLIENT } from "../../control/inspector_model.ts";
import type { InspectorSignIn } from "../../store/flow_store.ts";

const PENDING_TTL_MS = 10 * 60_000;

/** Where the authorization server sends the inspector's code. */
export function inspectorRedirectUri(issuer: string): string {
  return `${issuer}/inspector/callback`;
}

/**
 * `POST /inspector/sign-in` (the inspector's form, with its CSRF token): one click signs the
 * browser in as a user, then runs the real authorization code flow (PKCE S256, nonce) for the inspector's test client. Returns the
 * authorization URL to go to. Like the login page, it asks for no password.
 */
export async function startInspectorSignIn(
  c: Context<Env>,
  deps: Deps,
  sub: string | undefined,
): Promise<string> {
  if (!sub) throw invalidRequest('missing "sub": the user to sign in');
  checkIdentifier("sub", sub);
  const user = await deps.users.get(sub);
  if (!user) throw new OAuthError("invalid_request", `no user with sub "${sub}"`, 404);
  await startSession(c, deps, { sub, claims: claimsOf(user), amr: ["pwd"] });
  const state = randomToken(16);
  const pending = {
    verifier: randomToken(32),
    nonce: randomToken(16),
    exp: deps.clock.now() + PENDING_TTL_MS,
  };
  await deps.store.saveInspectorSignIn(state, pending);
  const url = new URL(`${deps.config.issuer}/authorize`);
  url.search = new URLSearchParams({
    client_id: INSPECTOR_CLIENT,
    redirect_uri: inspectorRedirectUri(deps.config.issuer),
    response_type: "code",
    scope: "openid profile email",
    state,
    nonce: pending.nonce,
    code_challenge: await s256(pending.verifier),
    code_challenge_method: "S256",
  }).toString();
  return url.href;
}

/** Takes the pending sign-in for `state`, once. */
async function takePending(deps: Deps, state: string): Promise<InspectorSignIn> {
  const taken = await deps.store.takeInspectorSignIn(state, deps.clock.now());
  if (!taken) {
    throw invalidRequest(
      "this sign-in has expired or was already used; start again from the inspector",
    );
  }
  return taken;
}

/**
 * `GET /inspector/callback`: redeems the code through the authorization code grant, as a client
 * would at `/token`, and returns the token response.
 * @see RFC 6749 §4.1.3
 */
export async function finishInspectorSignIn(
  c: Context<Env>,
  deps: Deps,
  params: Params,
): Promise<Record<string, unknown>> {
  if (params.error) {
    throw new OAuthError(params.error, params.error_description ?? "the sign-in did not finish");
  }
  if (!params.code || !params.state) throw invalidRequest('missing "code" or "state"');
  const pending = await takePending(deps, params.state);
  const client = (await deps.store.getClient(INSPECTOR_CLIENT)) ?? adHocClient(INSPECTOR_CLIENT);
  c.set("clientId", INSPECTOR_CLIENT);
  c.set("grantType", "authorization_code");
  const handler = grantHandler(deps.config, "authorization_code");
  return await handler({
    deps,
    client,
    params: {
      grant_type: "authorization_code",
      code: params.code,
      redirect_uri: inspectorRedirectUri(deps.config.issuer),
      code_verifier: pending.verifier,
    },
  });
}
