/** @jsxImportSource npm:hono@^4/jsx */
import { type Context, Hono } from "npm:hono@^4";
import { InspectorPage } from "../../views/inspector.tsx";
import { type ShownToken, SignedInPage } from "../../views/inspector_signin.tsx";
import { type DecodedToken, decodeToken } from "../control/decode.ts";
import { INSPECTOR_CLIENT, inspectorModel, inspectorUrl } from "../control/inspector_model.ts";
import { finishInspectorSignIn, startInspectorSignIn } from "./admin/signin.ts";
import type { Env } from "./env.ts";
import { readForm } from "./form.ts";
import { parseParams } from "../protocol/params.ts";

async function page(c: Context<Env>, token?: string, decoded?: DecodedToken) {
  const deps = c.get("deps");
  const model = await inspectorModel(deps);
  return c.html(
    <InspectorPage
      model={model}
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
  app.get("/", (c) => page(c));
  app.post("/inspector/decode", async (c) => {
    c.set("browser", true);
    const token = (await readForm(c)).token ?? "";
    return await page(c, token, await decodeToken(c.get("deps"), token));
  });
  app.get("/inspector/sign-in", async (c) => {
    c.set("browser", true);
    return c.redirect(await startInspectorSignIn(c, c.get("deps"), c.req.query("sub")), 303);
  });
  app.get("/inspector/callback", async (c) => {
    c.set("browser", true);
    const params = parseParams(new URL(c.req.url).searchParams);
    return await signedIn(c, await finishInspectorSignIn(c, c.get("deps"), params));
  });
  return app;
}
