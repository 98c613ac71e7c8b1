import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { confirmedLogout } from "../flow.ts";
import { testProvider } from "../helpers.ts";
import { REDIRECT, registered } from "./client_helpers.ts";
import { signIn } from "./oidc_helpers.ts";

const ISSUER = "http://localhost:9400";
const BYE = "http://127.0.0.1:3000/bye";

type Provider = Awaited<ReturnType<typeof testProvider>>;

/** Three clients signed in through one session: two with front-channel logout URIs. */
async function sessionWithClients(op: Provider) {
  const metadata = [
    {
      frontchannel_logout_uri: "http://127.0.0.1:3000/fc?app=a",
      frontchannel_logout_session_required: true,
    },
    { frontchannel_logout_uri: "http://127.0.0.1:3000/fc-b" },
    {},
  ];
  let cookie = "";
  const ids: string[] = [];
  let idToken = "";
  for (const extra of metadata) {
    const { client_id } = await registered(op, {
      redirect_uris: [REDIRECT],
      post_logout_redirect_uris: [BYE],
      token_endpoint_auth_method: "none",
      ...extra,
    });
    const signed = await signIn(op, client_id, { cookie });
    cookie = signed.cookie;
    idToken ||= signed.tokens.id_token;
    ids.push(client_id);
  }
  return { cookie, ids, idToken, sid: String(decodeJwt(idToken).sid) };
}

/** The `src` of every iframe on a page, unescaped. */
function iframes(html: string): string[] {
  return [...html.matchAll(/<iframe src="([^"]*)"/g)].map((m) => m[1].replaceAll("&amp;", "&"));
}

Deno.test("the signed-out page loads each session client's front-channel logout URI in an iframe", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const { cookie, sid } = await sessionWithClients(op);
  const res = await confirmedLogout(op, cookie);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/html; charset=UTF-8");
  assert.equal(res.headers.get("cache-control"), "no-store");
  const html = await res.text();
  const iss = encodeURIComponent(ISSUER);
  assert.deepEqual(iframes(html), [
    `http://127.0.0.1:3000/fc?app=a&iss=${iss}&sid=${sid}`,
    "http://127.0.0.1:3000/fc-b",
  ]);
  assert.match(html, /Alice Adams \(alice\) was signed out of Gatehouse\./);
  assert.doesNotMatch(html, /id="continue"/, "no redirect was asked for");
});

Deno.test("with front-channel clients, the post-logout redirect waits for the iframes", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const { cookie, idToken } = await sessionWithClients(op);
  const query = new URLSearchParams({
    id_token_hint: idToken,
    post_logout_redirect_uri: BYE,
    state: "st-9",
  });
  const res = await op.request(`/logout?${query}`, { headers: { cookie } });
  assert.equal(res.status, 200, "a page first, not a redirect");
  const html = await res.text();
  assert.equal(iframes(html).length, 2);
  assert.match(
    html,
    /<a id="continue" class="button" href="http:\/\/127.0.0.1:3000\/bye\?state=st-9">/,
  );
  assert.match(html, /addEventListener\("load"/);
});

Deno.test("without front-channel clients, logout redirects at once", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const { client_id } = await registered(op, {
    redirect_uris: [REDIRECT],
    post_logout_redirect_uris: [BYE],
    token_endpoint_auth_method: "none",
  });
  const { cookie } = await signIn(op, client_id);
  const query = { client_id, post_logout_redirect_uri: BYE, state: "s" };
  const res = await confirmedLogout(op, cookie, query);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), `${BYE}?state=s`);
});
