/** @jsxImportSource npm:hono@^4/jsx */
import type { Context } from "npm:hono@^4";
import { FormPost, SUBMIT_SCRIPT } from "../../views/form_post.tsx";
import type { OAuthError } from "../protocol/errors.ts";
import type { Env, RedirectTarget } from "./env.ts";
import { pagePolicy } from "./headers.ts";

/**
 * Delivers authorization response parameters in the requested response mode.
 * @see OAuth 2.0 Multiple Response Type Encoding Practices §2, OAuth 2.0 Form Post Response Mode
 */
export function deliver(
  c: Context<Env>,
  target: RedirectTarget,
  params: Record<string, string | undefined>,
): Response | Promise<Response> {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  if (target.responseMode === "form_post") {
    pagePolicy(c, { scripts: [SUBMIT_SCRIPT], formAction: [formActionSource(target.redirectUri)] });
    return c.html(<FormPost action={target.redirectUri} params={entries} />);
  }
  const url = new URL(target.redirectUri);
  if (target.responseMode === "fragment") {
    url.hash = new URLSearchParams(entries).toString();
  } else {
    for (const [k, v] of entries) url.searchParams.append(k, v);
  }
  return c.redirect(url.href, 303);
}

/**
 * The `form-action` source for a form_post target: the origin of the client's redirect URI, or
 * the custom scheme of a native client.
 */
function formActionSource(uri: string): string {
  const url = new URL(uri);
  return url.protocol === "http:" || url.protocol === "https:" ? url.origin : url.protocol;
}

/** Sends an error back to the client (RFC 6749 §4.1.2.1) with `iss` (RFC 9207). */
export function redirectWithError(c: Context<Env>, target: RedirectTarget, e: OAuthError) {
  return deliver(c, target, {
    error: e.code,
    error_description: e.description,
    state: target.state,
    iss: c.get("deps").config.issuer,
  });
}
