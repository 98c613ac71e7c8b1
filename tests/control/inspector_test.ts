import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { describeTime } from "../../src/control/decode.ts";
import { cookiesOf } from "../flow.ts";
import { form, type TestProvider, testProvider } from "../helpers.ts";
import { staticClients } from "../http/client_fixtures.ts";
import { json, signIn } from "./admin_helpers.ts";

const T2030 = Date.UTC(2030, 0, 1);

async function page(p: TestProvider, path = "/", init?: RequestInit): Promise<string> {
  const res = await p.request(path, init);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/html; charset=UTF-8");
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.match(
    res.headers.get("content-security-policy") ?? "",
    /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*' 'sha256-[A-Za-z0-9+/]+=*'; base-uri 'none'; frame-ancestors 'none'$/,
    "nothing but the page's own two style elements may load or run",
  );
  return await res.text();
}

const decode = (p: TestProvider, token: string) => page(p, "/inspector/decode", form({ token }));

/** Posts the inspector's sign-in form for `sub`, as the browser that loaded the page would. */
async function signInFromInspector(p: TestProvider, sub: string) {
  const inspector = await p.request("/");
  const cookie = cookiesOf(inspector);
  const csrf = (await inspector.text()).match(/name="csrf" value="([^"]+)"/)![1];
  const init = form({ sub, csrf });
  const res = await p.request("/inspector/sign-in", {
    ...init,
    headers: { ...init.headers, cookie },
  });
  return Object.assign(res, { cookie });
}

Deno.test("the inspector sign-in needs its form: GET, no CSRF token or another browser's is refused", async () => {
  await using p = await testProvider();
  const get = await p.request("/inspector/sign-in?sub=bob");
  assert.equal(get.status, 405);
  assert.match(await get.text(), /takes its form \(POST with a CSRF token\)/);
  const inspector = await p.request("/");
  const csrf = (await inspector.text()).match(/name="csrf" value="([^"]+)"/)![1];
  for (const [token, cookie] of [["", cookiesOf(inspector)], [csrf, "gatehouse_browser=other"]]) {
    const init = form({ sub: "bob", csrf: token });
    const res = await p.request("/inspector/sign-in", {
      ...init,
      headers: { ...init.headers, cookie },
    });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get("set-cookie"), null, "no session was started");
    assert.match(await res.text(), /CSRF token missing or wrong/);
  }
});

Deno.test("the inspector shows the issuer, users with sign-in links, clients, sessions and requests", async () => {
  await using p = await testProvider({
    autoLogin: "",
    clients: await staticClients([
      {
        client_id: "static-app",
        client_secret: "hush-hush-42",
        redirect_uris: ["http://localhost:3000/cb"],
      },
    ]),
  });
  await signIn(p);
  const html = await page(p);
  assert.match(html, /<dt>issuer<\/dt><dd><code>http:\/\/localhost:9400<\/code><\/dd>/);
  assert.match(html, /<dt>token<\/dt><dd><code>http:\/\/localhost:9400\/token<\/code><\/dd>/);
  const forms = [
    ...html.matchAll(
      /<form method="post" action="([^"]*)"><input type="hidden" name="sub" value="(\w+)">/g,
    ),
  ];
  assert.deepEqual(forms.map((m) => [m[1], m[2]]), [
    ["http://localhost:9400/inspector/sign-in", "alice"],
    ["http://localhost:9400/inspector/sign-in", "bob"],
  ]);
  assert.match(html, /<tr class="client" data-client-id="static-app">/);
  assert.doesNotMatch(html, /hush-hush-42/);
  assert.match(html, /<tr class="session" data-sub="alice">/);
  assert.match(html, /<tr class="request" data-id="2" data-path="\/token">/);
  assert.match(html, /a production OP would reject this: the client_id is not registered/);
  assert.match(html, /<details class="token" data-kind="id_token"><summary>id_token for alice/);
  assert.doesNotMatch(html, /<script|<link|<img/);
});

Deno.test("the inspector escapes what it shows", async () => {
  await using p = await testProvider();
  await p.request("/users/x", json({ name: "<script>alert(1)</script>" }, "PUT"));
  const html = await page(p);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.doesNotMatch(html, /<script>alert/);
});

Deno.test("the decoder verifies our signature and shows readable times", async () => {
  await using p = await testProvider({ autoLogin: "" });
  p.clock.freeze(T2030);
  const tokens = await signIn(p);
  const html = await decode(p, tokens.id_token);
  const kid = (await p.deps.keys.signingKey()).kid;
  assert.match(
    html,
    new RegExp(
      `<p id="signature" class="ok">Signature verified: key ${kid} \\(RS256\\) of this provider</p>`,
    ),
  );
  assert.match(html, /<th><code>sub<\/code><\/th><td><code>alice<\/code><\/td>/);
  assert.match(html, /<th><code>iat<\/code><\/th><td><code>2030-01-01T00:00:00Z \(now\)<\/code>/);
  assert.match(
    html,
    /<th><code>exp<\/code><\/th><td><code>2030-01-01T01:00:00Z \(in 60m\)<\/code>/,
  );
});

Deno.test("the decoder says why a token is not ours or not a JWT", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const tokens = await signIn(p);
  const [h, c, s] = tokens.id_token.split(".");
  const tampered = `${h}.${c}.${s.slice(0, -4)}AAAA`;
  assert.match(
    await decode(p, tampered),
    /<p id="signature" class="bad">Signature not verified: the signature does not verify: signature verification failed<\/p>/,
  );
  const foreign = await new SignJWT({ sub: "x" })
    .setProtectedHeader({ alg: "HS256", kid: "elsewhere" })
    .sign(new Uint8Array(32));
  assert.match(
    await decode(p, foreign),
    /Signature not verified: no key of this provider has kid &quot;elsewhere&quot;/,
  );
  assert.match(
    await decode(p, tokens.refresh_token),
    /this is not a signed JWT \(three dot-separated parts\); refresh tokens are opaque/,
  );
});

Deno.test("describeTime says how far an instant is from the provider's clock", () => {
  assert.equal(describeTime(T2030 / 1000, T2030), "2030-01-01T00:00:00Z (now)");
  assert.equal(describeTime(T2030 / 1000 + 90, T2030), "2030-01-01T00:01:30Z (in 90s)");
  assert.equal(describeTime(T2030 / 1000 - 600, T2030), "2029-12-31T23:50:00Z (10m ago)");
  assert.equal(describeTime(T2030 / 1000 + 3 * 3600, T2030), "2030-01-01T03:00:00Z (in 3h)");
  assert.equal(describeTime(T2030 / 1000 - 5 * 86400, T2030), "2029-12-27T00:00:00Z (5d ago)");
});

Deno.test("a sign-in link signs the user in and shows the tokens the test client received", async () => {
  await using p = await testProvider();
  const start = await signInFromInspector(p, "bob");
  assert.equal(start.status, 303);
  const authorizeUrl = new URL(start.headers.get("location")!);
  assert.equal(authorizeUrl.pathname, "/authorize");
  assert.equal(authorizeUrl.searchParams.get("client_id"), "gatehouse-inspector");
  assert.equal(authorizeUrl.searchParams.get("code_challenge_method"), "S256");
  const cookie = cookiesOf(start, start.cookie);
  const issued = await p.request(authorizeUrl.href, { headers: { cookie } });
  assert.equal(issued.status, 303);
  const callback = new URL(issued.headers.get("location")!);
  assert.equal(callback.pathname, "/inspector/callback");
  const html = await page(p, callback.pathname + callback.search, { headers: { cookie } });
  assert.match(html, /<h1 id="signed-in">Signed in as bob<\/h1>/);
  assert.match(html, /<section class="card" data-token="id_token">/);
  assert.match(html, /<p id="signature" class="ok">Signature verified: key /);
  // The link is single use.
  const again = await p.request(callback.pathname + callback.search);
  assert.equal(again.status, 400);
  await again.body?.cancel();
  const inspector = await page(p);
  assert.match(inspector, /data-path="\/inspector\/callback"/);
  assert.match(inspector, /<tr class="session" data-sub="bob">/);
});

Deno.test("a sign-in link for an unknown user is a 404 page", async () => {
  await using p = await testProvider();
  const res = await signInFromInspector(p, "nobody");
  assert.equal(res.status, 404);
  assert.match(await res.text(), /no user with sub &quot;nobody&quot;/);
});

Deno.test("the inspector answers under an issuer's path too", async () => {
  await using p = await testProvider({ issuer: "http://localhost:9400/realms/dev" });
  const html = await page(p, "http://localhost:9400/realms/dev");
  assert.match(html, /<code>http:\/\/localhost:9400\/realms\/dev<\/code>/);
  assert.match(html, /action="http:\/\/localhost:9400\/realms\/dev\/inspector\/decode"/);
});
