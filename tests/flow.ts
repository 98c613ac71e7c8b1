/** Helpers for driving the authorization code flow through the in-process app. */
import assert from "node:assert/strict";
import { s256 } from "../src/protocol/pkce.ts";
import { form, type TestProvider } from "./helpers.ts";

export const REDIRECT = "http://127.0.0.1:3000/callback";
export const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
export const CHALLENGE = await s256(VERIFIER);

/** Authorization parameters for an ad-hoc public client with PKCE S256. */
export function authParams(extra: Record<string, string> = {}): Record<string, string> {
  return {
    client_id: "app",
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: "openid profile email",
    state: "st-1",
    nonce: "n-1",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
    ...extra,
  };
}

/** GET /authorize with `params` (and a cookie header, if given). */
export async function authorize(
  p: TestProvider,
  params: Record<string, string>,
  cookie?: string,
): Promise<Response> {
  const qs = new URLSearchParams(params).toString();
  return await p.request(`/authorize?${qs}`, { headers: cookie ? { cookie } : {} });
}

/** The `Location` of a redirect, parsed; fails the test when there is none. */
export function location(res: Response): URL {
  assert.equal(res.status, 303, `expected a redirect, got ${res.status}`);
  return new URL(res.headers.get("location")!);
}

/**
 * The code flow at the endpoints a discovery document lists (`--auto-login` on): authorization
 * with `extra`, then the token endpoint. The token response.
 */
export async function signInAt(
  p: TestProvider,
  doc: Record<string, string>,
  extra: Record<string, string> = {},
): Promise<{ access_token: string; id_token: string }> {
  const params = new URLSearchParams(authParams(extra));
  const code = location(await p.request(`${doc.authorization_endpoint}?${params}`))
    .searchParams.get("code");
  assert.ok(code, "no code");
  const res = await redeem(p, code, {}, doc.token_endpoint);
  assert.equal(res.status, 200);
  return await res.json();
}

/** A code from /authorize, with `--auto-login` on (no page). */
export async function codeFor(p: TestProvider, extra: Record<string, string> = {}) {
  const url = location(await authorize(p, authParams(extra)));
  const code = url.searchParams.get("code");
  assert.ok(code, `no code in ${url}`);
  return code;
}

/** POST /token (or `at`) with `grant_type=authorization_code` and the defaults of `authParams`. */
export async function redeem(
  p: TestProvider,
  code: string,
  extra: Record<string, string> = {},
  at = "/token",
): Promise<Response> {
  return await p.request(
    at,
    form({
      grant_type: "authorization_code",
      code,
      client_id: "app",
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
      ...extra,
    }),
  );
}

/** The cookies a response sets, as one Cookie header value. */
export function cookiesOf(res: Response, previous = ""): string {
  const jar = new Map(
    previous.split("; ").filter(Boolean).map((c) => c.split("=", 2) as [string, string]),
  );
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [name, value] = pair.split("=", 2);
    if (/max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

/** The value of a hidden input on a page. */
export function hidden(html: string, name: string): string {
  const m = html.match(new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`));
  assert.ok(m, `no hidden ${name}`);
  return m[1];
}

/** A login or consent page as a browser holds it: its HTML, hidden fields and cookies. */
export async function loginForm(res: Response, cookie = "") {
  assert.equal(res.status, 200);
  const html = await res.text();
  return {
    html,
    cookie: cookiesOf(res, cookie),
    fields: { interaction: hidden(html, "interaction"), csrf: hidden(html, "csrf") },
  };
}

/** Posts a page's form with its hidden fields, `fields` and the browser's cookies. */
export async function submitForm(
  p: TestProvider,
  page: { cookie: string; fields: Record<string, string> },
  fields: Record<string, string>,
  path = "/authorize/login",
): Promise<Response> {
  const init = form({ ...page.fields, ...fields });
  return await p.request(path, { ...init, headers: { ...init.headers, cookie: page.cookie } });
}

/** Every hidden field of a page, unescaped. */
export function hiddenFields(html: string): Record<string, string> {
  const unescape = (s: string) =>
    s.replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">").replaceAll("&amp;", "&");
  return Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)]
      .map((m) => [unescape(m[1]), unescape(m[2])]),
  );
}

/**
 * RP-initiated logout as a browser does it without an `id_token_hint` of the session: the
 * confirm page (RP-Initiated Logout §2), then its "Sign out" form. The response to the form.
 */
export async function confirmedLogout(
  p: { request(path: string, init?: RequestInit): Promise<Response> },
  cookie: string,
  query: Record<string, string> = {},
): Promise<Response> {
  const ask = await p.request(`/logout?${new URLSearchParams(query)}`, { headers: { cookie } });
  assert.equal(ask.status, 200);
  const html = await ask.text();
  assert.match(html, /<h1>Sign out of Gatehouse\?<\/h1>/);
  const init = form(hiddenFields(html));
  return await p.request("/logout", {
    ...init,
    headers: { ...init.headers, cookie: cookiesOf(ask, cookie) },
  });
}
