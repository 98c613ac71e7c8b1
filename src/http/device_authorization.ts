import { Hono } from "npm:hono@^4";
import { DEVICE_GRANT_TYPE, startDeviceAuthorization } from "../protocol/device/flow.ts";
import { unauthorizedClient } from "../protocol/errors.ts";
import { requestedResources } from "../protocol/resource.ts";
import { ctx } from "../protocol/clients/resolve.ts";
import { clientScope } from "../protocol/scope.ts";
import { authenticateRequest } from "./authenticate.ts";
import type { Env } from "./env.ts";
import { readForm } from "./form.ts";

/**
 * `POST /device_authorization`: a device asks for a device code and a user code. Public clients
 * may, as most devices are.
 * @see RFC 8628 §3.1, §3.2
 */
export function deviceAuthorizationRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  app.post("/device_authorization", async (c) => {
    const deps = c.get("deps");
    const params = await readForm(c);
    const { client } = await authenticateRequest(c, params);
    if (client.origin !== "ad-hoc" && !client.grant_types.includes(DEVICE_GRANT_TYPE)) {
      throw unauthorizedClient(
        `client "${client.client_id}" is not registered for ${DEVICE_GRANT_TYPE}`,
      );
    }
    const body = await startDeviceAuthorization(deps, {
      clientId: client.client_id,
      scopes: clientScope(client, params.scope),
      resource: requestedResources(ctx(deps, client.client_id), params.resource),
    });
    return c.json(body);
  });
  return app;
}
