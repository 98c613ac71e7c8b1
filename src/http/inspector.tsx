/** @jsxImportSource npm:hono@^4/jsx */
import { type Context, Hono } from "npm:hono@^4";
import { InspectorPage } from "../../views/inspector.tsx";
import { type ShownToken, SignedInPage } from "../../views/inspector_signin.tsx";
import { type DecodedToken, decodeToken } from "../control/decode.ts";
import { INSPECTOR_CLIENT, inspectorModel, inspectorUrl } from "../control/inspector_model.ts";
import { finishInspectorSignIn, startInspectorSignIn } from "./admin/signin.ts";
import type { Env } from "./env.ts";
import { readForm } from "./form.ts";
import { viewerAuth } from "./admin/auth.ts";
import { pagePolicy } from "./headers.ts";
import { INSPECTOR_CSS } from "../../views/inspector_parts.tsx";
import { parseParams } from "../protocol/params.ts";
import { OAuthError } from "../protocol/errors.ts";
import { timingSafeEqual } from "../crypto/random.ts";
import { sha256 } from "../crypto/hash.ts";
import { browserId, sentBrowserId } from "./session.ts";

async function page(c: Context<Env>, token?: string, decoded?: DecodedToken) {
  const deps = c.get("deps");
  const model = await inspectorModel(deps);
  pagePolicy(c, { styles: [INSPECTOR_CSS] });
  return c.html(
    <InspectorPage
      model={model}
      csrf={await signInCsrf(browserId(c, deps))}
      decodeAction={`${deps.config.issuer}/inspector/decode`}
      token={token}
      decoded={decoded}
    />,
  );
}

async function signedIn(c: Context<Env>, body: Record<string, unknown>) {
  const deps = c.get("deps");
  const tokens: ShownToken[] = [];
  for (const name of ["id_token", "access_token", "refresh_token"]) {
    const value = body[name];
    if (typeof value !== "string") continue;
    const decoded = name === "refresh_token" ? undefined : await decodeToken(deps, value);
    tokens.push({ name, value, decoded });
  }
  const sub = tokens.find((t) => t.decoded?.ok)?.decoded;
  pagePolicy(c, { styles: [INSPECTOR_CSS] });
  return c.html(
    <SignedInPage
      sub={sub?.ok ? String(sub.claims.sub) : "?"}
      clientId={INSPECTOR_CLIENT}
      inspector={inspectorUrl(deps.config.issuer)}
      tokens={tokens}
      now={deps.clock.now()}
    />,
  );
}

/**
 * The inspector at `/`: a server-rendered page (no scripts, no network assets) with a token
 * decoder (`POST /inspector/decode`) and one-click sign-in links (`/inspector/sign-in`).
 */
export function inspectorRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  app.use("/", viewerAuth);
  app.use("/inspector/*", viewerAuth);
  app.get("/", (c) => page(c));
  app.post("/inspector/decode", async (c) => {
    c.set("browser", true);
    const token = (await readForm(c)).token ?? "";
    return await page(c, token, await decodeToken(c.get("deps"), token));
  });
  app.get("/inspector/sign-in", (c) => {
    c.set("browser", true);
    throw new OAuthError(
      "invalid_request",
      "sign in from the inspector page: /inspector/sign-in takes its form (POST with a CSRF token)",
      405,
    );
  });
  app.post("/inspector/sign-in", async (c) => {
    c.set("browser", true);
    const form = await readForm(c);
    const browser = sentBrowserId(c);
    if (!browser || !form.csrf || !timingSafeEqual(form.csrf, await signInCsrf(browser))) {
      throw new OAuthError(
        "invalid_request",
        "the sign-in form did not come from this browser's inspector page (CSRF token missing or wrong)",
        403,
      );
    }
    return c.redirect(await startInspectorSignIn(c, c.get("deps"), form.sub), 303);
  });
  app.get("/inspector/callback", async (c) => {
    c.set("browser", true);
    const params = parseParams(new URL(c.req.url).searchParams);
    return await signedIn(c, await finishInspectorSignIn(c, c.get("deps"), params));
  });
  return app;
}

/** The inspector's sign-in forms are bound to the browser cookie, like the login page's. */
async function signInCsrf(browser: string): Promise<string> {
  return await sha256(`inspector-sign-in:${browser}`);
}
