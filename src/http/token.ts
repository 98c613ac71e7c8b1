import { Hono } from "npm:hono@^4";
import { cors } from "./cors.ts";
import { grantHandler } from "../grants/registry.ts";
import { authenticateClient, readClientCredentials } from "../protocol/clients/authenticate.ts";
import { invalidRequest, unauthorizedClient } from "../protocol/errors.ts";
import type { Env } from "./env.ts";
import { readForm } from "./form.ts";
import { dpopProofOf } from "./dpop.ts";
import { requireDpopIfRegistered } from "../protocol/dpop/binding.ts";

/**
 * `POST /token`: read the form, authenticate the client, run the grant's handler.
 * @see RFC 6749 §3.2
 */
export function tokenRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  app.use(
    "/token",
    cors({ allowMethods: ["POST"], exposeHeaders: ["DPoP-Nonce"], maxAge: 600 }),
  );
  app.post("/token", async (c) => {
    const deps = c.get("deps");
    const params = await readForm(c);
    const grantType = params.grant_type;
    if (!grantType) throw invalidRequest('missing "grant_type"');
    c.set("grantType", grantType);
    const handler = grantHandler(deps.config, grantType);
    const creds = readClientCredentials(c.req.header("authorization"), params);
    const client = await authenticateClient(deps, creds);
    c.set("clientId", client.client_id);
    if (client.origin !== "ad-hoc" && !client.grant_types.includes(grantType)) {
      throw unauthorizedClient(`client "${client.client_id}" is not registered for ${grantType}`);
    }
    const dpop = await dpopProofOf(c, "token", "token");
    c.set("dpopJkt", dpop?.jkt);
    requireDpopIfRegistered(client, dpop);
    const body = await handler({ deps, client, params, dpop });
    return c.json(body);
  });
  return app;
}
