import { epochSeconds } from "../../clock.ts";
import { verifyOwnJwt } from "../../crypto/jwt.ts";
import type { Deps } from "../../deps.ts";
import type { SessionRecord } from "../../store/store.ts";
import type { Client } from "../../types.ts";
import { claimsOf } from "../../users.ts";
import type { AuthorizationRequest } from "./request.ts";
import { requestedSub } from "../claims_request.ts";
import { consentRequired, invalidRequest, loginRequired } from "../errors.ts";
import { knownClient } from "../clients/known_client.ts";
import { localSubject } from "../pairwise.ts";

/** What the authorization endpoint does next for a request, given the browser's session. */
export type NextStep =
  | { step: "login"; reason: string }
  | { step: "consent" }
  | { step: "issue" };

/**
 * Decides whether the user must sign in or consent (OIDC Core §3.1.2.3, §3.1.2.4); with
 * `prompt=none` an interaction needed is an error instead.
 */
export async function nextStep(
  deps: Pick<Deps, "config" | "store" | "keys" | "clock">,
  client: Client,
  req: AuthorizationRequest,
  session: SessionRecord | null,
): Promise<NextStep> {
  const reason = await loginReason(deps, req, session);
  if (reason) {
    if (req.prompt.includes("none")) throw loginRequired(reason);
    return { step: "login", reason };
  }
  if (needsConsent(client, req)) {
    if (req.prompt.includes("none")) {
      throw consentRequired("the client requires consent, which prompt=none does not allow");
    }
    return { step: "consent" };
  }
  return { step: "issue" };
}

/** Consent is asked for with `prompt=consent`, or always for a client registered to need it. */
export function needsConsent(client: Client | null, req: AuthorizationRequest): boolean {
  return req.prompt.includes("consent") || client?.require_consent === true;
}

async function loginReason(
  deps: Pick<Deps, "config" | "store" | "keys" | "clock">,
  req: AuthorizationRequest,
  session: SessionRecord | null,
): Promise<string | null> {
  const hintSub = req.idTokenHint ? await subOfIdTokenHint(deps, req.idTokenHint) : undefined;
  const claimSub = await subOfClaimsRequest(deps, req);
  if (!session) return "no user is signed in";
  if (req.prompt.includes("login")) return "prompt=login asks for a fresh sign-in";
  if (req.prompt.includes("select_account")) return "prompt=select_account asks to pick a user";
  const age = epochSeconds(deps.clock) - session.authTime;
  if (req.maxAge !== undefined && age > req.maxAge) {
    return `the sign-in is ${age}s old, more than max_age=${req.maxAge}`;
  }
  if (hintSub !== undefined && hintSub !== session.sub) {
    return `id_token_hint names "${hintSub}", but "${session.sub}" is signed in`;
  }
  if (claimSub !== undefined && claimSub !== session.sub) {
    return `the claims request asks for sub "${claimSub}", but "${session.sub}" is signed in`;
  }
  return null;
}

/**
 * The user the claims request's `sub` value names (OIDC Core §5.5.1), mapped back to the local
 * user for a pairwise client.
 */
export async function subOfClaimsRequest(
  deps: Pick<Deps, "config" | "store">,
  req: AuthorizationRequest,
): Promise<string | undefined> {
  const wanted = requestedSub(req.claims);
  if (wanted === undefined) return undefined;
  return await localSubject(deps, await knownClient(deps, req.clientId), wanted);
}

/**
 * The user an ID token we issued names (expired ones are fine as hints): its `sub`, mapped back
 * to the local user when it is the pairwise value of its audience (OIDC Core §8.1).
 */
export async function subOfIdTokenHint(
  deps: Pick<Deps, "config" | "store" | "keys" | "clock">,
  token: string,
): Promise<string> {
  const result = await verifyOwnJwt(deps.keys, token, {
    issuer: deps.config.issuer,
    now: epochSeconds(deps.clock),
    checkExp: false,
  });
  if (!result.ok) throw invalidRequest(`"id_token_hint" is not usable: ${result.reason}`);
  const { sub, aud } = result.payload;
  const clientId = Array.isArray(aud) ? aud[0] : aud;
  if (!clientId) return String(sub);
  return await localSubject(deps, await knownClient(deps, clientId), String(sub));
}

/**
 * The user `--auto-login` signs in: `login_hint` when it names a user (or any sub in lenient
 * mode), else the configured SUB, else the first user.
 */
export async function autoLoginUser(
  deps: Pick<Deps, "config" | "store" | "users">,
  req: AuthorizationRequest,
): Promise<{ sub: string; claims: Record<string, unknown> }> {
  const pick = async (sub: string) => {
    const user = await deps.users.get(sub);
    return user ? { sub, claims: claimsOf(user) } : null;
  };
  const claimSub = await subOfClaimsRequest(deps, req);
  if (claimSub !== undefined) {
    const named = await pick(claimSub);
    if (named) return named;
    if (!deps.config.strict) return { sub: claimSub, claims: { sub: claimSub } };
  }
  if (req.loginHint) {
    // A pairwise client knows its users only by their pairwise `sub` (OIDC Core §8.1).
    const client = await knownClient(deps, req.clientId);
    const hinted = await pick(await localSubject(deps, client, req.loginHint));
    if (hinted) return hinted;
    if (!deps.config.strict) return { sub: req.loginHint, claims: { sub: req.loginHint } };
  }
  const configured = deps.config.autoLogin;
  if (configured) {
    return (await pick(configured)) ?? { sub: configured, claims: { sub: configured } };
  }
  const [first] = await deps.users.list();
  return first
    ? { sub: first.sub, claims: claimsOf(first) }
    : { sub: "user", claims: { sub: "user" } };
}
