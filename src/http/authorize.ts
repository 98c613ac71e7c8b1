import { type Context, Hono } from "npm:hono@^4";
import type { Deps } from "../deps.ts";
import {
  authorizationClient,
  type ExpandedRequest,
  expandRequest,
  fallbackTarget,
  parseAuthorizationRequest,
  targetFor,
} from "../protocol/authorize/request.ts";
import { autoLoginUser, nextStep } from "../protocol/authorize/flow.ts";
import { accessDenied } from "../protocol/errors.ts";
import type { Client } from "../types.ts";
import type { Env } from "./env.ts";
import { type Params, readRequestParams } from "./form.ts";
import {
  consumeInteraction,
  finish,
  loadInteraction,
  renderConsent,
  renderLogin,
  saveInteraction,
} from "./interaction.tsx";
import { complete, refuse } from "./completion.tsx";
import { submitLogin } from "./login.ts";
import { readSession, startSession } from "./session.ts";

/** `/authorize` (GET and POST) and the login and consent forms it shows. */
export function authorizeRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  app.on(["GET", "POST"], "/authorize", async (c) => {
    c.set("browser", true);
    const deps = c.get("deps");
    const params = await readRequestParams(c);
    const client = await authorizationClient(deps, params);
    c.set("clientId", client.client_id);
    const request = await expand(c, deps, client, params);
    const target = targetFor(deps, client, request.params);
    c.set("redirectTarget", target);
    const req = parseAuthorizationRequest(deps, client, target, request);
    const bs = await readSession(c, deps);
    const step = await nextStep(deps, target.client, req, bs?.session ?? null);
    if (step.step === "issue") return await finish(c, deps, req, bs!);
    if (deps.config.autoLogin !== null) {
      const session = step.step === "login"
        ? await startSession(c, deps, { ...await autoLoginUser(deps, req), amr: ["pwd"] })
        : bs!;
      return await finish(c, deps, req, session);
    }
    const interaction = await saveInteraction(c, deps, req, target.client.client_name);
    if (step.step === "consent") return await renderConsent(c, deps, interaction, bs!);
    return await renderLogin(c, deps, interaction);
  });
  app.post("/authorize/login", async (c) => {
    const { deps, id, interaction, form } = await loadInteraction(c);
    return await submitLogin(c, deps, id, interaction, form);
  });
  app.post("/authorize/consent", async (c) => {
    const { deps, id, interaction, form } = await loadInteraction(c);
    const bs = await readSession(c, deps);
    if (!bs) throw accessDenied("the sign-in session ended before consent was given");
    await consumeInteraction(deps, id);
    if (form.action !== "allow") return await refuse(c, deps, interaction);
    return await complete(c, deps, interaction, bs);
  });
  return app;
}

/**
 * Unpacks `request` or `request_uri`. When that fails, the error goes to the redirect URI sent
 * alongside, if it is one the client may use (RFC 9101 §6.3, §7); else it is shown on a page.
 */
async function expand(
  c: Context<Env>,
  deps: Deps,
  client: Client,
  params: Params,
): Promise<ExpandedRequest> {
  try {
    return await expandRequest(deps, client, params);
  } catch (err) {
    const target = fallbackTarget(deps, client, params);
    if (target) c.set("redirectTarget", target);
    throw err;
  }
}
