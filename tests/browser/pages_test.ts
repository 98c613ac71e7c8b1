import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { CHALLENGE } from "../flow.ts";
import { browserHarness } from "./harness.ts";
import { browserTest } from "./chromium.ts";

/** Where the screenshots go, to be looked at: `dist/screenshots/<page>-<width>.png`. */
const SHOTS = fileURLToPath(new URL("../../dist/screenshots/", import.meta.url));
const WIDTHS = [390, 1280];

/**
 * Runs `body` in the page (browser code, kept as text: this program is type-checked without the
 * DOM library) and returns its result.
 */
function inPage<T>(page: Page, body: string): Promise<T> {
  return page.evaluate(`(() => { ${body} })()`) as Promise<T>;
}

/** Words of at most 24 characters inside <main> that wrap inside themselves, not at a hyphen. */
function brokenWords(page: Page): Promise<string[]> {
  return inPage(
    page,
    `
    const broken = [];
    const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of (node.textContent ?? "").matchAll(/\\S+/g)) {
        if (m[0].length > 24) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size < 2) continue;
        // Where the word leaves its first line: after a hyphen is ordinary typography.
        const top = (i) => {
          const r = document.createRange();
          r.setStart(node, m.index + i);
          r.setEnd(node, m.index + i + 1);
          return Math.round(r.getBoundingClientRect().top);
        };
        let i = 1;
        while (i < m[0].length && top(i) === top(0)) i++;
        if (m[0][i - 1] !== "-") broken.push(m[0]);
      }
    }
    return broken;`,
  );
}

/** Whether the page scrolls sideways (it must not, on a phone or a desktop). */
function overflows(page: Page): Promise<boolean> {
  return inPage(page, "return document.documentElement.scrollWidth > window.innerWidth + 1;");
}

browserTest({
  name: "every page reads well at 390 px and 1280 px (screenshots in dist/screenshots/)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await using h = await browserHarness();
    const { op, rp, page } = h;
    await Deno.mkdir(SHOTS, { recursive: true });
    const authorize = (extra: Record<string, string>) =>
      `${op.issuer}/authorize?${new URLSearchParams({
        client_id: "browser-app",
        redirect_uri: rp.url,
        response_type: "code",
        scope: "openid profile email",
        state: "p-1",
        nonce: "pages-nonce",
        code_challenge: CHALLENGE,
        code_challenge_method: "S256",
        ...extra,
      })}`;
    const pages: [string, () => Promise<unknown>][] = [
      // prompt=login: the browser is signed in after the consent page.
      ["login", () => page.goto(authorize({ prompt: "login" }))],
      ["consent", async () => {
        await page.goto(authorize({ prompt: "login consent" }));
        await page.click('button[name="sub"][value="alice"]');
        await page.waitForSelector("#released-claims");
      }],
      ["error", () =>
        page.goto(authorize({
          redirect_uri: "not-a-url-but-a-rather-long-piece-of-text-that-is-no-uri",
        }))],
      ["device", () => page.goto(`${op.issuer}/device`)],
      ["inspector", () => page.goto(`${op.issuer}/`)],
    ];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, open] of pages) {
        await t.step(`${name} at ${width} px`, async () => {
          await open();
          await page.screenshot({ path: `${SHOTS}${name}-${width}.png`, fullPage: true });
          assert.equal(await overflows(page), false, `${name} scrolls sideways at ${width} px`);
          assert.deepEqual(await brokenWords(page), [], `${name}: words wrap mid-word`);
        });
      }
    }

    await t.step("the consent page lists the claims alice's scopes release", async () => {
      await page.goto(authorize({ prompt: "login consent" }));
      await page.click('button[name="sub"][value="alice"]');
      const released = await page.textContent("#released-claims");
      assert.match(released!, /email\s*alice@example\.com/);
      assert.match(released!, /name\s*Alice Adams/);
    });

    await t.step("the inspector stacks each label over its value on a phone", async () => {
      await page.setViewportSize({ width: 390, height: 900 });
      await page.goto(`${op.issuer}/`);
      const [dt, dd] = await inPage<{ bottom: number; top: number; width: number }[]>(
        page,
        `return [...document.querySelectorAll("#provider dl > *")].slice(0, 2)
          .map((e) => e.getBoundingClientRect().toJSON());`,
      );
      assert.ok(dt.bottom <= dd.top, "the value starts below its label");
      assert.ok(dd.width > 300, `the value takes the width (${dd.width} px)`);
    });

    await t.step("the device page's code field is empty, with its example outside it", async () => {
      await page.goto(`${op.issuer}/device`);
      assert.equal(await page.getAttribute("#user_code", "placeholder"), null);
      assert.equal(await page.inputValue("#user_code"), "");
      assert.match((await page.textContent("#user_code_hint"))!, /WDJB-MJHT/);
    });
  },
});
