/** After the fuzzing: the provider is healthy and a whole sign-in still works. */
import type { FuzzTarget } from "./runner.ts";
import { urlOf } from "./runner.ts";

const REDIRECT = "http://127.0.0.1:3000/cb";
const VERIFIER = "fuzz-check-verifier-0123456789-abcdefghijklmnopq";

async function s256(v: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(v)));
  return btoa(String.fromCharCode(...d)).replaceAll("+", "-").replaceAll("/", "_").replace(
    /=+$/,
    "",
  );
}

function expect(cond: boolean, what: string): void {
  if (!cond) throw new Error(`after fuzzing: ${what}`);
}

/**
 * `/health` answers 200, then a browser-like code flow (login page, free-form sub, code, token,
 * userinfo) succeeds. Scenarios and the clock the fuzzer may have set are cleared first: they
 * are meant to change what the provider answers.
 */
export async function assertHealthyAndSignIn(t: FuzzTarget): Promise<void> {
  const send = (path: string, init: RequestInit = {}) =>
    t.send(urlOf(t, path), { redirect: "manual", ...init });
  await (await send("/admin/scenarios", { method: "DELETE" })).body?.cancel();
  const clock = await send("/admin/clock", { method: "PUT", body: '{"offset_seconds":0}' });
  await clock.body?.cancel();
  expect((await send("//root/health")).status === 200, "/health is not 200");
  const query = new URLSearchParams({
    client_id: "fuzz-check",
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: "openid",
    state: "fz",
    nonce: "fz-n",
    code_challenge: await s256(VERIFIER),
    code_challenge_method: "S256",
    prompt: "login",
  });
  const page = await send(`/authorize?${query}`);
  const html = await page.text();
  expect(page.status === 200, `the login page answered ${page.status}`);
  const field = (n: string) => html.match(new RegExp(`name="${n}" value="([^"]*)"`))?.[1] ?? "";
  const cookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const login = await send("/authorize/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({
      interaction: field("interaction"),
      csrf: field("csrf"),
      sub: "fuzz-check-user",
    }),
  });
  const code = new URL(login.headers.get("location") ?? "http://x/").searchParams.get("code");
  expect(code !== null, `the login answered ${login.status} without a code`);
  const token = await send("/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: code!,
      client_id: "fuzz-check",
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
    }),
  });
  const tokens = await token.json();
  expect(token.status === 200 && typeof tokens.id_token === "string", "no tokens for the code");
  const info = await send("/userinfo", {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  expect((await info.json()).sub === "fuzz-check-user", "userinfo does not name the user");
}
