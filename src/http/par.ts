import { Hono } from "npm:hono@^4";
import {
  expandRequest,
  parseAuthorizationRequest,
  targetFor,
} from "../protocol/authorize/request.ts";
import { authenticateClient, readClientCredentials } from "../protocol/clients/authenticate.ts";
import { pushedParams, pushRequest } from "../protocol/authorize/par.ts";
import type { Env } from "./env.ts";
import { readForm } from "./form.ts";
import { dpopProofOf } from "./dpop.ts";
import { bindPushedCode } from "../protocol/dpop/binding.ts";

/**
 * `POST /par`: the client authenticates as at the token endpoint and pushes its authorization
 * request, validated as /authorize would (errors as JSON); it gets a single-use `request_uri`.
 * @see RFC 9126 §2
 */
export function parRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  app.post("/par", async (c) => {
    const deps = c.get("deps");
    const form = await readForm(c);
    const creds = readClientCredentials(c.req.header("authorization"), form);
    const client = await authenticateClient(deps, creds);
    c.set("clientId", client.client_id);
    const dpop = await dpopProofOf(c, "token", "pushedAuthorizationRequest");
    c.set("dpopJkt", dpop?.jkt);
    const params = { ...pushedParams(form), client_id: client.client_id };
    const { params: expanded } = await expandRequest(deps, client, params);
    if (dpop) bindPushedCode(expanded, dpop);
    const target = targetFor(deps, client, expanded);
    parseAuthorizationRequest(deps, client, target, { params: expanded, pushed: true });
    const pushed = await pushRequest(deps, client.client_id, expanded);
    return c.json({ request_uri: pushed.requestUri, expires_in: pushed.expiresIn }, 201);
  });
  return app;
}
