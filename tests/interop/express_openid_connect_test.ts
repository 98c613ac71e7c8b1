/**
 * express-openid-connect, configured as its README tells users to, in an Express app on
 * 127.0.0.1: Chromium opens a protected page, signs in on Gatehouse's login page, and the app
 * reads the user, userinfo and a refreshed access token; /logout ends the session at Gatehouse
 * (RP-initiated logout). In the default mode and under --strict, registered through /register.
 */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
// @ts-types="./express.d.ts"
import express from "express";
// @ts-types="./express_openid_connect.d.ts"
import eoc from "express-openid-connect";

// A CommonJS package: its named exports come through the default one under Deno.
const { auth, requiresAuth } = eoc;
import { ALICE } from "../helpers.ts";
import { chooseUser, interopHarness, MODES, SCOPE } from "./harness.ts";
import { browserTest } from "../browser/chromium.ts";

// Express ships no types, and @types/express would bring Node's globals into the type check of
// every test; the few members used here are typed by hand.
type Handler = (req: Req, res: Res, next: (err?: unknown) => void) => unknown;
const asHandler = (m: unknown) => m as Handler;
interface Req {
  oidc: {
    user?: Record<string, unknown>;
    idTokenClaims?: Record<string, unknown>;
    accessToken?: { access_token: string; refresh(): Promise<{ access_token: string }> };
    fetchUserInfo(): Promise<Record<string, unknown>>;
  };
}
interface Res {
  send(body: string): void;
  json(body: unknown): void;
}

/** The Express app: `/profile` needs a session; the middleware comes once registered. */
async function startApp() {
  let middleware: Handler | null = null;
  const app = express();
  app.use((req: Req, res: Res, next: () => void) =>
    middleware ? middleware(req, res, next) : next()
  );
  app.get("/", (_req: Req, res: Res) => {
    res.send('<p id="home">home</p>');
  });
  app.get("/profile", requiresAuth(), async (req: Req, res: Res, next: (e: unknown) => void) => {
    try {
      const before = req.oidc.accessToken!;
      const userinfo = await req.oidc.fetchUserInfo();
      const refreshed = await before.refresh();
      res.json({
        user: req.oidc.user,
        idTokenClaims: req.oidc.idTokenClaims,
        userinfo,
        refreshed: refreshed.access_token !== before.access_token,
      });
    } catch (err) {
      next(err);
    }
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    use(handler: Handler) {
      middleware = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

for (const mode of MODES) {
  browserTest({
    name: `express-openid-connect signs in, reads userinfo, refreshes and logs out (${mode.name})`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      await using h = await interopHarness(mode.config);
      const rp = await startApp();
      try {
        const res = await fetch(`${h.op.issuer}/register`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            client_name: "express app",
            redirect_uris: [`${rp.base}/callback`],
            post_logout_redirect_uris: [rp.base],
            grant_types: ["authorization_code", "refresh_token"],
          }),
        });
        assert.equal(res.status, 201);
        const client = await res.json();
        rp.use(asHandler(auth({
          issuerBaseURL: h.op.issuer,
          baseURL: rp.base,
          clientID: client.client_id,
          clientSecret: client.client_secret,
          secret: "a session secret long enough for the cookie store",
          authRequired: false,
          idpLogout: true,
          authorizationParams: { response_type: "code", scope: SCOPE },
        })));

        await h.page.goto(`${rp.base}/profile`);
        await chooseUser(h.page);
        await h.page.waitForURL(`${rp.base}/profile`);
        const profile = JSON.parse(await h.page.locator("body").innerText());
        assert.equal(profile.user.sub, "alice");
        assert.equal(profile.user.email, ALICE.email, "scope claims are in the ID token");
        assert.equal(profile.idTokenClaims.iss, h.op.issuer);
        assert.equal(profile.userinfo.email, ALICE.email);
        assert.equal(profile.refreshed, true);

        await h.page.goto(`${rp.base}/logout`);
        await h.page.waitForSelector("#home");
        assert.equal(new URL(h.page.url()).origin, rp.base);
        // The session at Gatehouse ended too: the next sign-in shows the login page again.
        await h.page.goto(`${rp.base}/profile`);
        await h.page.waitForSelector('button[name="sub"][value="alice"]');
        assert.deepEqual(await h.rejectWarnings(), []);
      } finally {
        await rp.close();
      }
    },
  });
}
