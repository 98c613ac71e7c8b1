import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import {
  authorize,
  authParams,
  confirmedLogout,
  cookiesOf,
  hidden,
  location,
  loginForm,
  redeem,
  submitForm,
} from "../flow.ts";
import { ALICE, type TestProvider, testProvider } from "../helpers.ts";

/** Opens the login page; returns its HTML, form fields and the browser's cookies. */
async function openLogin(p: TestProvider, extra: Record<string, string> = {}, cookie = "") {
  return await loginForm(await authorize(p, authParams(extra), cookie), cookie);
}

/** Signs alice in through the page; returns the browser's cookies and the callback URL. */
async function signInAlice(p: TestProvider) {
  const page = await openLogin(p);
  const res = await submitForm(p, page, { sub: "alice" });
  return { cookie: cookiesOf(res, page.cookie), url: location(res) };
}

Deno.test("the login page follows the contract: user buttons, free-form sub, claims, deny, panel", async () => {
  await using p = await testProvider();
  const { html } = await openLogin(p, { scope: "openid email" });
  assert.match(
    html,
    /<button[^>]*type="submit" name="sub" value="alice"[^>]*>Alice Adams<small>sub: alice<\/small><\/button>/,
  );
  assert.match(
    html,
    /<button[^>]*type="submit" name="sub" value="bob"[^>]*>Bob Brown<small>sub: bob<\/small>/,
  );
  assert.match(html, /<input id="sub" name="sub"/);
  assert.match(html, /<textarea id="claims" name="claims"/);
  assert.match(html, /<button type="submit" name="action" value="deny"/);
  assert.match(html, /<dt>client<\/dt><dd>app<\/dd>/);
  assert.match(html, /<dt>redirect URI<\/dt><dd>http:\/\/127.0.0.1:3000\/callback<\/dd>/);
  assert.match(html, /<dt>scopes<\/dt><dd>openid email<\/dd>/);
  assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1"/);
  assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)=/, "no network assets");
});

Deno.test("the login page escapes everything it shows", async () => {
  await using p = await testProvider();
  const { html } = await openLogin(p, { client_id: '<script>alert("x")</script>' });
  assert.ok(!html.includes("<script>alert"));
  assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
});

Deno.test("signing in sets an HttpOnly SameSite=Lax session cookie and returns a code", async () => {
  await using p = await testProvider();
  const page = await openLogin(p);
  const res = await submitForm(p, page, { sub: "alice" });
  const url = location(res);
  assert.ok(url.searchParams.get("code"));
  assert.equal(url.searchParams.get("state"), "st-1");
  const session = res.headers.getSetCookie().find((c) => c.startsWith("gatehouse_session="));
  assert.ok(session);
  assert.match(session, /HttpOnly/);
  assert.match(session, /SameSite=Lax/);
  assert.doesNotMatch(session, /Secure/);
});

Deno.test("under https the cookies are Secure and SameSite=None, and there is no HSTS", async () => {
  await using p = await testProvider({ issuer: "https://op.example" });
  const first = await authorize(p, authParams());
  assert.equal(first.headers.get("strict-transport-security"), null);
  const page = await loginForm(first);
  const res = await submitForm(p, page, { sub: "alice" });
  const cookies = res.headers.getSetCookie().filter((c) => c.startsWith("gatehouse_"));
  assert.ok(cookies.some((c) => c.startsWith("gatehouse_session=")), cookies.join("\n"));
  for (const cookie of cookies) {
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /; SameSite=None/);
  }
  assert.equal(res.headers.get("strict-transport-security"), null);
});

Deno.test("a live session skips the page, and prompt=none succeeds silently", async () => {
  await using p = await testProvider();
  const { cookie } = await signInAlice(p);
  const again = location(await authorize(p, authParams(), cookie));
  assert.ok(again.searchParams.get("code"));
  const silent = location(await authorize(p, authParams({ prompt: "none" }), cookie));
  assert.ok(silent.searchParams.get("code"));
});

Deno.test("prompt=login and an exceeded max_age show the page again", async () => {
  await using p = await testProvider();
  // Frozen: the sign-in's age below is whole seconds.
  p.clock.freeze(p.clock.now());
  const { cookie } = await signInAlice(p);
  assert.equal((await authorize(p, authParams({ prompt: "login" }), cookie)).status, 200);
  p.clock.advance(5_000);
  assert.equal((await authorize(p, authParams({ max_age: "2" }), cookie)).status, 200);
  const none = location(await authorize(p, authParams({ max_age: "2", prompt: "none" }), cookie));
  assert.equal(none.searchParams.get("error"), "login_required");
  assert.equal(
    none.searchParams.get("error_description"),
    "the sign-in is 5s old, more than max_age=2",
  );
});

Deno.test("id_token_hint must name the signed-in user, else login_required", async () => {
  await using p = await testProvider();
  const alice = await signInAlice(p);
  const tokens = await (await redeem(p, alice.url.searchParams.get("code")!)).json();
  const ok = location(
    await authorize(
      p,
      authParams({ prompt: "none", id_token_hint: tokens.id_token }),
      alice.cookie,
    ),
  );
  assert.ok(ok.searchParams.get("code"));
  const bobPage = await openLogin(p);
  const bob = await submitForm(p, bobPage, { sub: "bob" });
  const bobCookie = cookiesOf(bob, bobPage.cookie);
  const res = location(
    await authorize(p, authParams({ prompt: "none", id_token_hint: tokens.id_token }), bobCookie),
  );
  assert.equal(res.searchParams.get("error"), "login_required");
  assert.equal(
    res.searchParams.get("error_description"),
    'id_token_hint names "alice", but "bob" is signed in',
  );
});

Deno.test("the ID token carries sid, auth_time, acr from acr_values and amr", async () => {
  await using p = await testProvider();
  // Frozen: sign-in and redemption must fall in the same second for auth_time to equal iat.
  p.clock.freeze(p.clock.now());
  const page = await openLogin(p, { acr_values: "urn:gold urn:silver" });
  const url = location(await submitForm(p, page, { sub: "alice" }));
  const tokens = await (await redeem(p, url.searchParams.get("code")!)).json();
  const id = decodeJwt(tokens.id_token);
  assert.equal(id.acr, "urn:gold");
  assert.deepEqual(id.amr, ["pwd"]);
  assert.equal(id.nonce, "n-1");
  assert.equal(typeof id.sid, "string");
  assert.equal(id.auth_time, id.iat);
  assert.equal(typeof id.at_hash, "string");
});

Deno.test("a free-form sub with JSON claims ends up in the ID token and userinfo", async () => {
  await using p = await testProvider();
  const page = await openLogin(p);
  const res = await submitForm(p, page, {
    sub: "carol",
    claims: '{"email":"c@x.io","roles":["qa"]}',
  });
  const tokens = await (await redeem(p, location(res).searchParams.get("code")!)).json();
  const id = decodeJwt(tokens.id_token);
  assert.equal(id.sub, "carol");
  assert.equal(id.email, "c@x.io");
  assert.deepEqual(id.roles, ["qa"]);
  const info = await p.request("/userinfo", {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  assert.deepEqual(await info.json(), { sub: "carol", email: "c@x.io", roles: ["qa"] });
});

Deno.test("claims that are not a JSON object re-render the page with the reason", async () => {
  await using p = await testProvider();
  const page = await openLogin(p);
  const res = await submitForm(p, page, { sub: "carol", claims: "[1]" });
  assert.equal(res.status, 400);
  const html = await res.text();
  assert.match(html, /role="alert">The claims must be a JSON object/);
  assert.match(html, /<textarea id="claims" name="claims"[^>]*>\[1\]<\/textarea>/);
});

Deno.test("the deny button sends access_denied to the client", async () => {
  await using p = await testProvider();
  const page = await openLogin(p);
  const url = location(await submitForm(p, page, { action: "deny" }));
  assert.deepEqual(Object.fromEntries(url.searchParams), {
    error: "access_denied",
    error_description: "the user denied the request",
    state: "st-1",
    iss: "http://localhost:9400",
  });
});

Deno.test("a login form with a wrong CSRF token or from another browser is refused", async () => {
  await using p = await testProvider();
  const page = await openLogin(p);
  const wrong = await submitForm(p, { ...page, fields: { ...page.fields, csrf: "forged" } }, {
    sub: "alice",
  });
  assert.equal(wrong.status, 400);
  assert.match(await wrong.text(), /the form&#39;s CSRF token does not match this browser/);
  const otherBrowser = await submitForm(p, { ...page, cookie: "" }, { sub: "alice" });
  assert.equal(otherBrowser.status, 400);
  await otherBrowser.body?.cancel();
  const replay = await submitForm(p, page, { sub: "alice" });
  assert.equal(replay.status, 303);
  const again = await submitForm(p, page, { sub: "alice" });
  assert.equal(again.status, 400, "a login form is single use");
  await again.body?.cancel();
});

Deno.test("prompt=consent shows allow and deny; allow issues a code, deny access_denied", async () => {
  await using p = await testProvider();
  const page = await openLogin(p, { prompt: "consent" });
  const consent = await submitForm(p, page, { sub: "alice" });
  assert.equal(consent.status, 200);
  const html = await consent.text();
  assert.match(html, /<button type="submit" name="action" value="allow"/);
  assert.match(html, /<button type="submit" name="action" value="deny"/);
  const next = {
    cookie: cookiesOf(consent, page.cookie),
    fields: { interaction: hidden(html, "interaction"), csrf: hidden(html, "csrf") },
  };
  const allowed = location(await submitForm(p, next, { action: "allow" }, "/authorize/consent"));
  assert.ok(allowed.searchParams.get("code"));
  const page2 = await openLogin(p, { prompt: "consent" }, next.cookie);
  const denied = location(await submitForm(p, page2, { action: "deny" }, "/authorize/consent"));
  assert.equal(denied.searchParams.get("error"), "access_denied");
});

Deno.test("form_post delivers the code in an auto-submitting form that works without scripts", async () => {
  await using p = await testProvider();
  const page = await openLogin(p, { response_mode: "form_post" });
  const res = await submitForm(p, page, { sub: "alice" });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("cache-control"), "no-store");
  const html = await res.text();
  assert.match(
    html,
    /<form method="post" action="http:\/\/127.0.0.1:3000\/callback" id="response">/,
  );
  assert.ok(hidden(html, "code"));
  assert.equal(hidden(html, "state"), "st-1");
  assert.equal(hidden(html, "iss"), "http://localhost:9400");
  assert.match(html, /<button type="submit">Continue to the application<\/button>/);
});

Deno.test("/logout ends the session: prompt=none then answers login_required", async () => {
  await using p = await testProvider();
  const { cookie, url } = await signInAlice(p);
  const tokens = await (await redeem(p, url.searchParams.get("code")!)).json();
  const res = await p.request(
    `/logout?${new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: "http://localhost:3000/bye",
      state: "s9",
    })}`,
    { headers: { cookie } },
  );
  assert.equal(location(res).href, "http://localhost:3000/bye?state=s9");
  const after = location(
    await authorize(p, authParams({ prompt: "none" }), cookiesOf(res, cookie)),
  );
  assert.equal(after.searchParams.get("error"), "login_required");
  const stale = location(await authorize(p, authParams({ prompt: "none" }), cookie));
  assert.equal(stale.searchParams.get("error"), "login_required", "the old cookie is dead too");
});

Deno.test("/logout without a redirect shows the signed-out page", async () => {
  await using p = await testProvider();
  const { cookie } = await signInAlice(p);
  const res = await confirmedLogout(p, cookie);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /Alice Adams \(alice\) was signed out of Gatehouse/);
});

Deno.test("/logout refuses a post_logout_redirect_uri not registered for the client", async () => {
  await using p = await testProvider();
  await p.deps.store.putClient({
    client_id: "reg",
    redirect_uris: ["https://app.example/cb"],
    post_logout_redirect_uris: ["https://app.example/bye"],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    origin: "static",
  });
  const res = await p.request(
    `/logout?client_id=reg&post_logout_redirect_uri=${encodeURIComponent("https://evil.example/")}`,
  );
  assert.equal(res.status, 400);
  assert.match(
    await res.text(),
    /&quot;post_logout_redirect_uri&quot; https:\/\/evil.example\/ is not registered for client &quot;reg&quot;/,
  );
  const ok = await p.request(
    `/logout?client_id=reg&post_logout_redirect_uri=${
      encodeURIComponent("https://app.example/bye")
    }`,
  );
  assert.equal(location(ok).href, "https://app.example/bye");
});

Deno.test("a user with a password gets a password field; the right one signs in, a wrong one shows the page again", async () => {
  const carol = { sub: "carol", name: "Carol", password: "carol-secret" };
  await using p = await testProvider({ users: [ALICE, carol] });
  const page = await openLogin(p);
  assert.match(
    page.html,
    /<label for="password-0">Password for Carol<\/label><input id="password-0" type="password" name="password" autocomplete="current-password"><button type="submit" name="sub" value="carol"/,
  );
  assert.doesNotMatch(page.html, /carol-secret/);
  let current = page;
  const attempts = [
    [{ sub: "carol", password: "" }, "carol has a password"],
    [{ sub: "carol", password: "nope" }, "Wrong password for carol."],
    [{ sub: "carol" }, "carol has a password"], // the free-form sub asks too
  ] as const;
  for (const [fields, error] of attempts) {
    const again = await submitForm(p, current, fields);
    assert.equal(again.status, 400, error);
    const html = await again.text();
    const next = { interaction: hidden(html, "interaction"), csrf: hidden(html, "csrf") };
    current = { html, cookie: cookiesOf(again, current.cookie), fields: next };
    assert.match(current.html, new RegExp(`role="alert">${error}`));
  }
  const url = location(await submitForm(p, current, { sub: "carol", password: "carol-secret" }));
  const code = url.searchParams.get("code")!;
  const tokens = await (await redeem(p, code)).json();
  assert.equal(decodeJwt(tokens.id_token).sub, "carol");
  assert.equal(decodeJwt(tokens.id_token).password, undefined);
});
