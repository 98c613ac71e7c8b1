import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import type { User } from "../../src/types.ts";
import { authorize, authParams, cookiesOf, location, redeem } from "../flow.ts";
import { testProvider } from "../helpers.ts";

const CAROL: User = {
  sub: "carol",
  name: "Carol Chen",
  nickname: "cc",
  email: "carol@example.com",
  email_verified: false,
  address: { street_address: "1 Main St", locality: "Springfield", country: "US" },
  phone_number: "+1 555 0199",
  phone_number_verified: true,
  team: "blue",
};

Deno.test("each scope releases its claims at userinfo: profile, email, address, phone", async () => {
  await using p = await testProvider({ autoLogin: "carol", users: [CAROL] });
  const userinfo = async (scope: string) => {
    const code = location(await authorize(p, authParams({ scope }))).searchParams.get("code")!;
    const tokens = await (await redeem(p, code)).json();
    const res = await p.request("/userinfo", {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    return await res.json();
  };
  assert.deepEqual(await userinfo("openid"), { sub: "carol", team: "blue" });
  assert.deepEqual(await userinfo("openid profile"), {
    sub: "carol",
    name: "Carol Chen",
    nickname: "cc",
    team: "blue",
  });
  assert.deepEqual(await userinfo("openid email"), {
    sub: "carol",
    email: "carol@example.com",
    email_verified: false,
    team: "blue",
  });
  assert.deepEqual(await userinfo("openid address"), {
    sub: "carol",
    address: CAROL.address,
    team: "blue",
  });
  assert.deepEqual(await userinfo("openid phone"), {
    sub: "carol",
    phone_number: "+1 555 0199",
    phone_number_verified: true,
    team: "blue",
  });
});

Deno.test("prompt=select_account shows the login page although a user is signed in", async () => {
  await using p = await testProvider();
  const page = await authorize(p, authParams());
  const html = await page.text();
  const interaction = html.match(/name="interaction" value="([^"]+)"/)![1];
  const csrf = html.match(/name="csrf" value="([^"]+)"/)![1];
  const cookie = cookiesOf(page);
  const signedIn = await p.request("/authorize/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ interaction, csrf, sub: "alice" }),
  });
  const session = cookiesOf(signedIn, cookie);
  assert.ok(location(signedIn).searchParams.get("code"));
  const select = await authorize(p, authParams({ prompt: "select_account" }), session);
  assert.equal(select.status, 200);
  assert.match(await select.text(), /<button type="submit" name="sub" value="bob"/);
  const none = location(await authorize(p, authParams({ prompt: "none" }), session));
  const tokens = await (await redeem(p, none.searchParams.get("code")!)).json();
  assert.equal(decodeJwt(tokens.id_token).sub, "alice");
});
