/** The HTTP flows the side-by-side bench drives against either provider, with a cookie jar. */

export const REDIRECT = "http://localhost:3000/callback";
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
export const BASIC = `Basic ${btoa("bench:bench-secret")}`;
/** client_credentials for an API named by a resource indicator (RFC 8707): an RS256 JWT. */
export const CC_BODY =
  "grant_type=client_credentials&scope=read%20write&resource=urn%3Abench%3Aapi";

/** The endpoints of one provider. */
export interface Endpoints {
  authorize: string;
  token: string;
  userinfo: string;
  jwks: string;
  discovery: string;
}

/** Cookies by name; both providers scope theirs by path, but names do not collide. */
class Jar extends Map<string, string> {
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const i = pair.indexOf("=");
      this.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
  header = () => [...this].map(([k, v]) => `${k}=${v}`).join("; ");
}

/** GET with the jar, following redirects on the provider's origin until one leaves it. */
async function browse(url: string, jar: Jar, init: RequestInit = {}): Promise<URL> {
  let res = await fetch(url, {
    ...init,
    redirect: "manual",
    headers: { ...init.headers, cookie: jar.header() },
  });
  for (let hops = 0; hops < 8; hops++) {
    jar.take(res);
    const html = res.status === 200 ? await res.text() : (await res.body?.cancel(), "");
    if (res.status === 200) return await gatehouseLogin(url, html, jar);
    const location = res.headers.get("location");
    if (!location) throw new Error(`authorize answered ${res.status} without a Location`);
    const next = new URL(location, url);
    if (next.href.startsWith(REDIRECT)) return next;
    // Both issuers are http://localhost:<port>; the servers listen on 127.0.0.1 only.
    if (next.hostname === "localhost") next.hostname = "127.0.0.1";
    url = next.href;
    res = await fetch(url, { redirect: "manual", headers: { cookie: jar.header() } });
  }
  throw new Error("too many redirects");
}

/** Gatehouse's login page: post its form as alice. */
async function gatehouseLogin(url: string, html: string, jar: Jar): Promise<URL> {
  const field = (name: string) =>
    html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1] ?? "";
  const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1] ?? "/authorize/login";
  const body = new URLSearchParams({
    interaction: field("interaction"),
    csrf: field("csrf"),
    sub: "alice",
  });
  return await browse(new URL(action, url).href, jar, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}

/** POST /token with the bench client's Basic credentials; throws unless 200. */
export async function token(e: Endpoints, params: Record<string, string>) {
  const res = await fetch(e.token, {
    method: "POST",
    headers: { authorization: BASIC, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`token ${res.status}: ${JSON.stringify(body)}`);
  return body as { access_token: string; refresh_token?: string };
}

/** authorize → login → code → token (PKCE) → userinfo; resolves to the refresh token. */
export async function codeFlow(e: Endpoints): Promise<string> {
  const url = `${e.authorize}?${new URLSearchParams({
    client_id: "bench",
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: "openid profile email offline_access",
    state: "s",
    nonce: "n",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
  })}`;
  const back = await browse(url, new Jar());
  const code = back.searchParams.get("code");
  if (!code) throw new Error(`no code: ${back.search}`);
  const t = await token(e, {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT,
    code_verifier: VERIFIER,
  });
  const info = await fetch(e.userinfo, { headers: { authorization: `Bearer ${t.access_token}` } });
  await info.body?.cancel();
  if (info.status !== 200) throw new Error(`userinfo ${info.status}`);
  if (!t.refresh_token) throw new Error("no refresh token");
  return t.refresh_token;
}
