import { Hono } from "npm:hono@^4";
import { invalidClient, invalidRequest } from "../protocol/errors.ts";
import { introspect } from "../protocol/tokens/introspection.ts";
import { authenticateRequest } from "./authenticate.ts";
import type { Env } from "./env.ts";
import { readForm } from "./form.ts";

/**
 * `POST /introspect`: for authenticated clients only (resource servers), since the answer tells
 * whether a token is live; any other caller gets 401.
 * @see RFC 7662 §2
 */
export function introspectRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  app.post("/introspect", async (c) => {
    const deps = c.get("deps");
    const params = await readForm(c);
    const { client, method } = await authenticateRequest(c, params);
    if (method === "none") {
      throw invalidClient(
        `introspection needs client authentication; client "${client.client_id}" sent no secret or assertion`,
      );
    }
    if (!params.token) throw invalidRequest('missing "token"');
    return c.json(await introspect(deps, params.token, params.token_type_hint));
  });
  return app;
}
