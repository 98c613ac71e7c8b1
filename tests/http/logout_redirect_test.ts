import assert from "node:assert/strict";
import {
  authorize,
  authParams,
  confirmedLogout,
  cookiesOf,
  hiddenFields,
  location,
  loginForm,
  redeem,
  submitForm,
} from "../flow.ts";
import { form, type TestProvider, testProvider } from "../helpers.ts";

async function signInAlice(p: TestProvider) {
  const page = await loginForm(await authorize(p, authParams()));
  const res = await submitForm(p, page, { sub: "alice" });
  return { cookie: cookiesOf(res, page.cookie), url: location(res) };
}

const EVIL = "https://evil.example/landing";

for (const strict of [false, true]) {
  const mode = strict ? "--strict" : "lenient";
  Deno.test(`${mode}: an unknown client_id never gets a post-logout redirect`, async () => {
    await using p = await testProvider({ strict });
    const res = await p.request(
      `/logout?${new URLSearchParams({ client_id: "nobody", post_logout_redirect_uri: EVIL })}`,
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("location"), null);
    const html = await res.text();
    assert.match(html, /<h1>You are signed out<\/h1>/);
    assert.doesNotMatch(html, /id="continue"/, "nothing follows the link");
    assert.doesNotMatch(html, /<script/);
    if (strict) assert.doesNotMatch(html, /evil\.example/, "strict shows no link at all");
    else {
      assert.match(html, /<a id="untrusted" href="https:\/\/evil.example\/landing">/);
      assert.match(html, /a production OP would reject this: the client_id is not registered/);
    }
  });

  for (
    const uri of [
      "javascript:alert(document.domain)//",
      "data:text/html,<b>x</b>",
      "vbscript:x",
      "file:///etc/passwd",
    ]
  ) {
    Deno.test(`${mode}: post_logout_redirect_uri ${uri.split(":")[0]}: is refused`, async () => {
      await using p = await testProvider({ strict });
      const res = await p.request(
        `/logout?${new URLSearchParams({ client_id: "nobody", post_logout_redirect_uri: uri })}`,
      );
      assert.equal(res.status, 400);
      assert.equal(res.headers.get("location"), null);
      const html = await res.text();
      assert.match(html, /which is never a redirect target/);
      assert.doesNotMatch(html, /href="(javascript|data|vbscript|file):/);
    });
  }
}

Deno.test("a registered web client cannot use a custom-scheme post-logout URI", async () => {
  await using p = await testProvider();
  await p.deps.store.putClient({
    client_id: "web",
    redirect_uris: ["https://app.example/cb"],
    post_logout_redirect_uris: ["com.example.app:/bye"],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    origin: "static",
  });
  const res = await p.request(
    `/logout?${new URLSearchParams({
      client_id: "web",
      post_logout_redirect_uri: "com.example.app:/bye",
    })}`,
  );
  assert.equal(res.status, 400);
  assert.match(await res.text(), /needs a native client for its scheme/);
});

Deno.test("GET /logout without id_token_hint asks first and ends nothing until confirmed", async () => {
  await using p = await testProvider();
  const { cookie } = await signInAlice(p);
  const ask = await p.request("/logout", { headers: { cookie } });
  assert.equal(ask.status, 200);
  const html = await ask.text();
  assert.match(html, /<h1>Sign out of Gatehouse\?<\/h1>/);
  assert.match(html, /Alice Adams \(alice\)/);
  const still = await p.request(`/logout?${new URLSearchParams({ client_id: "app" })}`, {
    headers: { cookie },
  });
  assert.match(await still.text(), /Sign out of Gatehouse\?/, "the session is still there");
  // A forged form (no CSRF token, or another browser's) only asks again.
  const fields = hiddenFields(html);
  for (const csrf of ["", "x".repeat(64)]) {
    const init = form({ ...fields, csrf });
    const forged = await p.request("/logout", {
      ...init,
      headers: { ...init.headers, cookie: cookiesOf(ask, cookie) },
    });
    assert.match(await forged.text(), /Sign out of Gatehouse\?/);
  }
  const done = await confirmedLogout(p, cookie);
  assert.match(await done.text(), /Alice Adams \(alice\) was signed out of Gatehouse/);
  const after = await p.request("/logout", { headers: { cookie } });
  assert.match(await after.text(), /No session was active/, "the session ended");
});

Deno.test("an id_token_hint of the current session logs out without asking", async () => {
  await using p = await testProvider();
  const { cookie, url } = await signInAlice(p);
  const tokens = await (await redeem(p, url.searchParams.get("code")!)).json();
  const res = await p.request(
    `/logout?${new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: "http://localhost:3000/bye",
    })}`,
    { headers: { cookie } },
  );
  assert.equal(location(res).href, "http://localhost:3000/bye");
});
