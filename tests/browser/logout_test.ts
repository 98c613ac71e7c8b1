import assert from "node:assert/strict";
import { CHALLENGE } from "../flow.ts";
import { browserHarness } from "./harness.ts";
import { browserTest } from "./chromium.ts";

browserTest({
  name:
    "Chromium: a javascript: post-logout URI never runs, and a real logout loads front-channel iframes under the CSP",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await using h = await browserHarness();
    const { op, rp, page } = h;
    const dialogs: string[] = [];
    const violations: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    page.on("console", (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const reg = await fetch(`${op.url}/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        redirect_uris: [rp.url],
        post_logout_redirect_uris: [`${rp.url}?bye=1`],
        frontchannel_logout_uri: `${rp.url}?fc=1`,
        token_endpoint_auth_method: "none",
      }),
    });
    assert.equal(reg.status, 201);
    const { client_id } = await reg.json();
    const signIn = async (state: string) => {
      await page.goto(`${op.issuer}/authorize?${new URLSearchParams({
        client_id,
        redirect_uri: rp.url,
        response_type: "code",
        scope: "openid",
        state,
        code_challenge: CHALLENGE,
        code_challenge_method: "S256",
      })}`);
      await page.click('button[name="sub"][value="alice"]');
      await page.waitForSelector("#done");
    };

    await t.step("javascript: as post_logout_redirect_uri of an unknown client", async () => {
      await signIn("s-1");
      const attack = `${op.issuer}/logout?${new URLSearchParams({
        client_id: "not-registered",
        post_logout_redirect_uri: "javascript:alert(document.domain)//",
      })}`;
      const res = await page.goto(attack);
      await page.waitForTimeout(500);
      assert.equal(res?.status(), 400);
      assert.deepEqual(dialogs, [], "no script ran on the provider's origin");
      assert.match(await page.textContent("body") ?? "", /javascript: scheme/);
    });

    await t.step("a confirmed logout loads the iframe, then continues to the client", async () => {
      const before = rp.received.length;
      await page.goto(`${op.issuer}/logout?${new URLSearchParams({
        client_id,
        post_logout_redirect_uri: `${rp.url}?bye=1`,
        state: "out-1",
      })}`);
      await page.click("#confirm-logout");
      await page.waitForURL(/bye=1/);
      await page.waitForSelector("#done");
      const got = rp.received.slice(before).map((r) => r.params);
      assert.ok(
        got.some((p) => p.fc === "1"),
        `front-channel iframe loaded: ${JSON.stringify(got)}`,
      );
      assert.deepEqual(got[got.length - 1], { bye: "1", state: "out-1" });
      assert.deepEqual(violations, [], "no page broke its own CSP");
      assert.deepEqual(dialogs, []);
    });
  },
});
