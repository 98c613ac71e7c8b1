/** @jsxImportSource npm:hono@^4/jsx */
import type { Context } from "npm:hono@^4";
import { DeviceDonePage } from "../../views/device.tsx";
import type { Deps } from "../deps.ts";
import { signInOf } from "../protocol/sign_in.ts";
import { createGrant } from "../protocol/tokens/issue.ts";
import { decideDevice } from "../protocol/device/flow.ts";
import { accessDenied } from "../protocol/errors.ts";
import type { Env } from "./env.ts";
import { finish, type Interaction } from "./interaction.tsx";
import type { BrowserSession } from "./session.ts";

/**
 * Completes an interaction the signed-in user allowed: an authorization request gets its code
 * (in its response mode); a device request is approved, and the page says so.
 * @see RFC 6749 §4.1.2, RFC 8628 §3.3
 */
export async function complete(
  c: Context<Env>,
  deps: Deps,
  interaction: Interaction,
  bs: BrowserSession,
): Promise<Response> {
  const { device, request } = interaction;
  if (!device) return await finish(c, deps, request, bs);
  c.set("sub", bs.session.sub);
  const signIn = signInOf(bs.session);
  const approval = { ...signIn, grantId: await createGrant(deps, request.clientId, signIn) };
  const done = await decideDevice(deps, device.codeHash, device.userCode, approval);
  return devicePage(c, done ? "approved" : "gone", interaction);
}

/**
 * The user denied: `access_denied` goes back to the client, or for a device request it is what
 * the device's next poll gets.
 * @see RFC 6749 §4.1.2.1, RFC 8628 §3.5
 */
export async function refuse(
  c: Context<Env>,
  deps: Deps,
  interaction: Interaction,
): Promise<Response> {
  const { device } = interaction;
  if (!device) throw accessDenied("the user denied the request");
  const done = await decideDevice(deps, device.codeHash, device.userCode, null);
  return devicePage(c, done ? "denied" : "gone", interaction);
}

function devicePage(
  c: Context<Env>,
  outcome: "approved" | "denied" | "gone",
  i: Interaction,
): Response | Promise<Response> {
  const client = i.clientName ? `${i.clientName} (${i.request.clientId})` : i.request.clientId;
  c.status(outcome === "gone" ? 400 : 200);
  return c.html(<DeviceDonePage outcome={outcome} client={client} />);
}
