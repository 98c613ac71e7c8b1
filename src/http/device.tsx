/** @jsxImportSource npm:hono@^4/jsx */
import { type Context, Hono } from "npm:hono@^4";
import { DeviceCodePage } from "../../views/device.tsx";
import { timingSafeEqual } from "../crypto/random.ts";
import { sha256 } from "../crypto/hash.ts";
import type { Deps } from "../deps.ts";
import type { AuthorizationRequest } from "../protocol/authorize/request.ts";
import { type DeviceRecord, findByUserCode } from "../protocol/device/flow.ts";
import { OAuthError } from "../protocol/errors.ts";
import type { Env } from "./env.ts";
import { readForm } from "./form.ts";
import { renderLogin, saveInteraction } from "./interaction.tsx";
import { browserId, sentBrowserId } from "./session.ts";

/**
 * The device page: `GET /device` (with `user_code` from `verification_uri_complete`, prefilled
 * for the user to confirm) and `POST /device`, which leads to the login page and then to
 * approve or deny.
 * @see RFC 8628 §3.3, §3.3.1
 */
export function deviceRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  app.get("/device", async (c) => {
    c.set("browser", true);
    return await renderCodePage(c, c.get("deps"), c.req.query("user_code"));
  });
  app.post("/device", async (c) => {
    c.set("browser", true);
    const deps = c.get("deps");
    const form = await readForm(c);
    const expected = await csrfFor(sentBrowserId(c) ?? "");
    if (!sentBrowserId(c) || !timingSafeEqual(form.csrf ?? "", expected)) {
      throw new OAuthError("invalid_request", "the form's CSRF token does not match this browser");
    }
    const found = await findByUserCode(deps, form.user_code ?? "");
    if (!found.ok) return await renderCodePage(c, deps, form.user_code, found.reason);
    const client = await deps.store.getClient(found.record.clientId);
    const interaction = await saveInteraction(
      c,
      deps,
      requestOf(found.record),
      client?.client_name,
      { codeHash: found.deviceCodeHash, userCode: found.userCode },
    );
    return await renderLogin(c, deps, interaction);
  });
  return app;
}

/** The code form is bound to this browser: its CSRF token is derived from the browser cookie. */
async function csrfFor(browser: string): Promise<string> {
  return await sha256(`device:${browser}`);
}

async function renderCodePage(
  c: Context<Env>,
  deps: Deps,
  userCode?: string,
  error?: string,
): Promise<Response> {
  const csrf = await csrfFor(browserId(c, deps));
  c.status(error ? 400 : 200);
  return await c.html(
    <DeviceCodePage
      action={`${deps.config.issuer}/device`}
      csrf={csrf}
      userCode={userCode}
      error={error}
    />,
  );
}

/** The login and consent pages show a request; a device's has its client and scopes only. */
function requestOf(record: DeviceRecord): AuthorizationRequest {
  return {
    clientId: record.clientId,
    redirectUri: "",
    responseType: "code",
    responseMode: "query",
    scopes: record.scopes,
    prompt: [],
    resource: record.resource,
  };
}
