import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { CHALLENGE, VERIFIER } from "../flow.ts";
import { browserHarness } from "./harness.ts";
import { browserTest } from "./chromium.ts";

browserTest({
  name:
    "Chromium signs in by clicking a user, then prompt=none, logout, deny, form_post, free-form claims",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await using h = await browserHarness();
    const { op, rp, page } = h;
    const authUrl = (extra: Record<string, string> = {}) =>
      `${op.issuer}/authorize?${new URLSearchParams({
        client_id: "browser-app",
        redirect_uri: rp.url,
        response_type: "code",
        scope: "openid profile email",
        state: "b-1",
        nonce: "bn-1",
        code_challenge: CHALLENGE,
        code_challenge_method: "S256",
        ...extra,
      })}`;
    const lastCallback = () => rp.received[rp.received.length - 1];
    const redeem = async (code: string) => {
      const res = await fetch(`${op.url}/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          client_id: "browser-app",
          redirect_uri: rp.url,
          code_verifier: VERIFIER,
        }),
      });
      assert.equal(res.status, 200);
      return await res.json();
    };
    await t.step("clicking alice's button arrives at the callback with a code", async () => {
      await page.goto(authUrl());
      await page.click('button[name="sub"][value="alice"]');
      await page.waitForSelector("#done");
      const cb = lastCallback();
      assert.equal(cb.method, "GET");
      assert.equal(cb.params.state, "b-1");
      assert.equal(cb.params.iss, op.issuer);
      const tokens = await redeem(cb.params.code);
      assert.equal(decodeJwt(tokens.id_token).sub, "alice");
    });
    await t.step("prompt=none in the same browser succeeds silently", async () => {
      await page.goto(authUrl({ prompt: "none", state: "b-2" }));
      await page.waitForSelector("#done");
      const cb = lastCallback();
      assert.equal(cb.params.state, "b-2");
      assert.ok(cb.params.code, `expected a code, got ${JSON.stringify(cb.params)}`);
    });
    await t.step("after /logout, prompt=none gets login_required", async () => {
      await page.goto(`${op.issuer}/logout`);
      assert.match(await page.textContent("h1") ?? "", /Sign out of Gatehouse\?/);
      await page.click("#confirm-logout");
      assert.match(await page.textContent("h1") ?? "", /You are signed out/);
      await page.goto(authUrl({ prompt: "none", state: "b-3" }));
      await page.waitForSelector("#done");
      assert.equal(lastCallback().params.error, "login_required");
    });
    await t.step("the deny button gives access_denied", async () => {
      await page.goto(authUrl({ state: "b-4" }));
      await page.click('button[name="action"][value="deny"]');
      await page.waitForSelector("#done");
      assert.equal(lastCallback().params.error, "access_denied");
      assert.equal(lastCallback().params.state, "b-4");
    });
    await t.step("form_post delivers the code to the callback server", async () => {
      await page.goto(authUrl({ response_mode: "form_post", state: "b-5", prompt: "login" }));
      await page.click('button[name="sub"][value="bob"]');
      await page.waitForSelector("#done");
      const cb = lastCallback();
      assert.equal(cb.method, "POST");
      assert.equal(cb.params.state, "b-5");
      assert.equal(decodeJwt((await redeem(cb.params.code)).id_token).sub, "bob");
    });
    await t.step("a free-form sub with JSON claims ends up in the ID token", async () => {
      await page.goto(authUrl({ prompt: "login", state: "b-6" }));
      await page.fill('input[name="sub"]', "dana");
      await page.fill(
        'textarea[name="claims"]',
        '{"email": "dana@example.com", "roles": ["ops"]}',
      );
      await page.click('form:has(textarea) button[type="submit"]');
      await page.waitForSelector("#done");
      const id = decodeJwt((await redeem(lastCallback().params.code)).id_token);
      assert.equal(id.sub, "dana");
      assert.equal(id.email, "dana@example.com");
      assert.deepEqual(id.roles, ["ops"]);
    });
  },
});
