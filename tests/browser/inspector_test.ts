import assert from "node:assert/strict";
import { join } from "node:path";
import { CHALLENGE, VERIFIER } from "../flow.ts";
import { browserHarness } from "./harness.ts";
import { browserTest } from "./chromium.ts";

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

browserTest({
  name: "Chromium signs in, then finds the request and its decoded token in the inspector",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await using h = await browserHarness();
    const { op, rp, page } = h;
    const dir = await Deno.makeTempDir({ prefix: "gatehouse-inspector-test-" });
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    let idToken = "";
    try {
      await t.step("alice signs in to browser-app and the app redeems its code", async () => {
        await page.goto(`${op.issuer}/authorize?${new URLSearchParams({
          client_id: "browser-app",
          redirect_uri: rp.url,
          response_type: "code",
          scope: "openid profile email",
          state: "i-1",
          nonce: "inspector-nonce",
          code_challenge: CHALLENGE,
          code_challenge_method: "S256",
        })}`);
        await page.click('button[name="sub"][value="alice"]');
        await page.waitForSelector("#done");
        const res = await fetch(`${op.url}/token`, {
          method: "POST",
          body: new URLSearchParams({
            grant_type: "authorization_code",
            code: rp.received.at(-1)!.params.code,
            client_id: "browser-app",
            redirect_uri: rp.url,
            code_verifier: VERIFIER,
          }),
        });
        assert.equal(res.status, 200);
        idToken = (await res.json()).id_token;
      });

      await t.step("the inspector lists the token request with the ID token's claims", async () => {
        await page.goto(`${op.issuer}/`);
        const row = page.locator('tr.request[data-path="/token"]');
        assert.equal(await row.count(), 1);
        const cells = await row.locator("td").allTextContents();
        assert.deepEqual(cells.slice(1, 6), [
          "POST /token",
          "200",
          "browser-app",
          "alice",
          "authorization_code",
        ]);
        await row.locator('details[data-kind="id_token"] summary').click();
        const claims = row.locator('details[data-kind="id_token"] table');
        assert.match(await claims.innerText(), /nonce\s+inspector-nonce/);
        const authorize = page.locator('tr.request[data-path="/authorize"]').first();
        assert.match(await authorize.innerText(), /a production OP would reject this/);
      });

      await t.step("the decoder verifies the pasted ID token; a screenshot is saved", async () => {
        await page.fill("textarea#token", idToken);
        await page.click('#decoder button[type="submit"]');
        await page.waitForSelector("#signature");
        assert.equal(await page.getAttribute("#signature", "class"), "ok");
        assert.match(await page.innerText("#decoded"), /sub\s+alice/);
        assert.match(await page.innerText("#decoded"), /exp\s+\d{4}-\d\d-\d\dT[\d:]+Z \(in 60m\)/);
        const file = join(dir, "inspector.png");
        await page.screenshot({ path: file, fullPage: true });
        const bytes = await Deno.readFile(file);
        assert.deepEqual([...bytes.slice(0, 8)], PNG);
      });

      await t.step("a sign-in link signs bob in with one click", async () => {
        await page.goto(`${op.issuer}/`);
        await page.click('tr.user[data-sub="bob"] button.signin');
        await page.waitForSelector("#signed-in");
        assert.equal(await page.innerText("#signed-in"), "Signed in as bob");
        assert.equal(
          await page.getAttribute('section[data-token="id_token"] #signature', "class"),
          "ok",
        );
        assert.deepEqual(violations, [], "no inspector page broke its own CSP");
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
