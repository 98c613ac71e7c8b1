/**
 * oidc-client-ts in Chromium: a single-page app (tests/interop/spa/app.ts, bundled for the
 * browser with `deno bundle`) served from 127.0.0.1 signs in as a public client through the login
 * page, loads userinfo, refreshes silently with its refresh token and signs out at the provider.
 * In the default mode and under --strict, registered through /register.
 */
import assert from "node:assert/strict";
import { ALICE } from "../helpers.ts";
import { chooseUser, interopHarness, MODES, SCOPE } from "./harness.ts";
import { browserTest } from "../browser/chromium.ts";
import { TEST_CONFIG } from "../fixtures/test_config.ts";

const ENTRY = new URL("./spa/app.ts", import.meta.url).pathname;

let bundle: Promise<string> | null = null;

/** The app bundled for the browser, once per test process. */
function bundled(): Promise<string> {
  bundle ??= (async () => {
    const out = await Deno.makeTempFile({ suffix: ".js" });
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--config",
        TEST_CONFIG,
        "--quiet",
        "--platform",
        "browser",
        "-o",
        out,
        ENTRY,
      ],
      stdout: "null",
      stderr: "piped",
      signal: AbortSignal.timeout(120_000),
    }).output();
    if (code !== 0) throw new Error(`deno bundle failed: ${new TextDecoder().decode(stderr)}`);
    const js = await Deno.readTextFile(out);
    await Deno.remove(out);
    return js;
  })();
  return bundle;
}

/** Serves the app: every page is the same HTML with the settings; /app.js is the bundle. */
function serveApp(js: string, settings: () => Record<string, unknown>) {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/app.js") {
      return new Response(js, { headers: { "content-type": "text/javascript" } });
    }
    if (!["/", "/callback", "/logout", "/logged-out"].includes(path)) {
      return new Response("not found", { status: 404 });
    }
    const html = `<!doctype html><meta charset="utf-8"><title>spa</title>
<script id="settings" type="application/json">${JSON.stringify(settings())}</script>
<script type="module" src="/app.js"></script>`;
    return new Response(html, { headers: { "content-type": "text/html" } });
  });
  return { base: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

for (const mode of MODES) {
  browserTest({
    name:
      `oidc-client-ts signs a browser app in, loads userinfo, refreshes and signs out (${mode.name})`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const js = await bundled();
      await using h = await interopHarness(mode.config);
      let settings: Record<string, unknown> = {};
      const app = serveApp(js, () => settings);
      try {
        const res = await fetch(`${h.op.issuer}/register`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            client_name: "spa",
            redirect_uris: [`${app.base}/callback`],
            post_logout_redirect_uris: [`${app.base}/logged-out`],
            grant_types: ["authorization_code", "refresh_token"],
            token_endpoint_auth_method: "none",
          }),
        });
        assert.equal(res.status, 201);
        const client = await res.json();
        settings = {
          authority: h.op.issuer,
          client_id: client.client_id,
          redirect_uri: `${app.base}/callback`,
          post_logout_redirect_uri: `${app.base}/logged-out`,
          scope: SCOPE,
        };
        await h.page.goto(`${app.base}/`);
        await chooseUser(h.page);
        await h.page.waitForSelector("#result, #error");
        const error = await h.page.locator("#error").count();
        assert.equal(error, 0, await h.page.locator("body").innerText());
        const result = JSON.parse(await h.page.locator("#result").innerText());
        assert.equal(result.profile.sub, "alice");
        assert.equal(result.profile.email, ALICE.email);
        assert.equal(result.refreshed, true);

        await h.page.goto(`${app.base}/logout`);
        await h.page.waitForSelector("#logged-out, #error");
        assert.equal(new URL(h.page.url()).pathname, "/logged-out");
        assert.equal(await h.page.locator("#logged-out").innerText(), "null");
        await h.page.goto(`${app.base}/`);
        await h.page.waitForSelector('button[name="sub"][value="alice"]');
        assert.deepEqual(await h.rejectWarnings(), []);
      } finally {
        await app.close();
      }
    },
  });
}
