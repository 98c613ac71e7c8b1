import type { Context } from "npm:hono@^4";
import { jsonDepthExceeds, MAX_JSON_DEPTH } from "../protocol/json.ts";
import { randomToken } from "../crypto/random.ts";
import type { Deps } from "../deps.ts";
import { needsConsent } from "../protocol/authorize/flow.ts";
import { claimsOf, passwordMatches } from "../users.ts";
import type { User } from "../types.ts";
import type { Env } from "./env.ts";
import type { Params } from "./form.ts";
import { complete, refuse } from "./completion.tsx";
import {
  consumeInteraction,
  type Interaction,
  renderConsent,
  renderLogin,
} from "./interaction.tsx";
import { startSession } from "./session.ts";

/** Why a user who has a password may not sign in with `given`, or null when they may. */
async function passwordProblem(
  user: User | null | undefined,
  given: string | undefined,
): Promise<string | null> {
  if (!user?.password) return null;
  if (given === undefined || given === "") {
    return `${user.sub} has a password: type it in the field above the button.`;
  }
  return await passwordMatches(user, given) ? null : `Wrong password for ${user.sub}.`;
}

/**
 * Handles the login form: deny, a predefined user's button, or a free-form sub with optional
 * JSON claims. Then consent when asked for, else the code goes to the client.
 */
export async function submitLogin(
  c: Context<Env>,
  deps: Deps,
  id: string,
  interaction: Interaction,
  form: Params,
): Promise<Response> {
  if (form.action === "deny") {
    await consumeInteraction(deps, id);
    return await refuse(c, deps, interaction);
  }
  const sub = form.sub?.trim();
  const again = (message: string) =>
    renderLogin(c, deps, { id, value: interaction }, { message, claimsText: form.claims });
  if (!sub) return await again('Enter a "sub" or choose a user.');
  let extra: Record<string, unknown> = {};
  if (form.claims?.trim()) {
    if (jsonDepthExceeds(form.claims)) {
      return await again(`The claims nest deeper than ${MAX_JSON_DEPTH} levels.`);
    }
    try {
      extra = JSON.parse(form.claims);
    } catch (err) {
      return await again(`The claims are not valid JSON: ${(err as Error).message}`);
    }
    if (typeof extra !== "object" || extra === null || Array.isArray(extra)) {
      return await again('The claims must be a JSON object, such as {"email": "a@b.c"}.');
    }
  }
  const user = await deps.users.get(sub);
  const wrong = await passwordProblem(user, form.password);
  if (wrong) return await again(wrong);
  await consumeInteraction(deps, id);
  const claims = { ...(user ? claimsOf(user) : {}), ...extra, sub };
  const bs = await startSession(c, deps, { sub, claims, amr: ["pwd"] });
  const req = interaction.request;
  // A device request is always approved explicitly (RFC 8628 §3.3).
  if (interaction.device || needsConsent(await deps.store.getClient(req.clientId), req)) {
    const nextId = randomToken(16);
    await deps.store.saveInteraction(nextId, interaction);
    return await renderConsent(c, deps, { id: nextId, value: interaction }, bs);
  }
  return await complete(c, deps, interaction, bs);
}
