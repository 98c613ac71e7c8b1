import { Hono } from "npm:hono@^4";
import { cors } from "./cors.ts";
import { invalidRequest } from "../protocol/errors.ts";
import { revoke } from "../protocol/tokens/revocation.ts";
import { authenticateRequest } from "./authenticate.ts";
import type { Env } from "./env.ts";
import { readForm } from "./form.ts";

/**
 * `POST /revoke`: a client revokes one of its tokens; 200 with an empty body whether or not the
 * token was known. Public clients identify themselves with `client_id`.
 * @see RFC 7009 §2
 */
export function revokeRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  // Browser apps (public clients) revoke on sign-out, cross-origin.
  app.use("/revoke", cors({ allowMethods: ["POST"], maxAge: 600 }));
  app.post("/revoke", async (c) => {
    const deps = c.get("deps");
    const params = await readForm(c);
    const { client } = await authenticateRequest(c, params);
    if (!params.token) throw invalidRequest('missing "token"');
    await revoke(deps, client, params.token, params.token_type_hint);
    return c.body(null, 200);
  });
  return app;
}
