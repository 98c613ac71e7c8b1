/** Helpers for the device authorization grant: the device's requests and the user's pages. */
import assert from "node:assert/strict";
import { cookiesOf } from "./flow.ts";
import { form } from "./helpers.ts";

/** Anything that answers a path (relative to the issuer) like the provider does. */
export type Requester = (path: string, init?: RequestInit) => Promise<Response>;

/** The value of a hidden input on a page. */
export function hidden(html: string, name: string): string {
  const m = html.match(new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`));
  assert.ok(m, `no hidden ${name} in the page`);
  return m[1];
}

/** POST /device_authorization as the public client `tv` (or `params.client_id`). */
export async function startDevice(
  request: Requester,
  params: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const res = await request(
    "/device_authorization",
    form({ client_id: "tv", scope: "openid profile offline_access", ...params }),
  );
  assert.equal(res.status, 200);
  return await res.json();
}

/** Polls once: POST /token with the device code. */
export async function poll(
  request: Requester,
  deviceCode: string,
  clientId = "tv",
): Promise<Response> {
  return await request(
    "/token",
    form({
      grant_type: "urn:ietf:params:oauth:grant-type:device_code",
      device_code: deviceCode,
      client_id: clientId,
    }),
  );
}

/** Posts a form with the browser's cookies; returns the response and the cookies after it. */
async function post(
  request: Requester,
  path: string,
  fields: Record<string, string>,
  cookie: string,
): Promise<{ res: Response; html: string; cookie: string }> {
  const init = form(fields);
  const res = await request(path, { ...init, headers: { ...init.headers, cookie } });
  return { res, html: await res.text(), cookie: cookiesOf(res, cookie) };
}

/**
 * What a user does in a browser: opens `verification_uri_complete`, confirms the code, signs in
 * as `sub` on the login page, then allows or denies. Returns the final page.
 */
export async function answerDevice(
  request: Requester,
  userCode: string,
  opts: { sub?: string; decision?: "allow" | "deny" } = {},
): Promise<{ status: number; html: string }> {
  const page = await request(`/device?user_code=${encodeURIComponent(userCode)}`);
  assert.equal(page.status, 200);
  let cookie = cookiesOf(page);
  const entered = await post(request, "/device", {
    user_code: userCode,
    csrf: hidden(await page.text(), "csrf"),
  }, cookie);
  assert.equal(entered.res.status, 200, entered.html);
  assert.match(entered.html, /<h1>Sign in<\/h1>/);
  cookie = entered.cookie;
  const login = await post(request, "/authorize/login", {
    interaction: hidden(entered.html, "interaction"),
    csrf: hidden(entered.html, "csrf"),
    sub: opts.sub ?? "alice",
  }, cookie);
  assert.equal(login.res.status, 200, login.html);
  const done = await post(request, "/authorize/consent", {
    interaction: hidden(login.html, "interaction"),
    csrf: hidden(login.html, "csrf"),
    action: opts.decision ?? "allow",
  }, login.cookie);
  return { status: done.res.status, html: done.html };
}
