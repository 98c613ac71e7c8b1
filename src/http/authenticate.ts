import type { Context } from "npm:hono@^4";
import {
  authenticateClient,
  type ClientCredentials,
  readClientCredentials,
} from "../protocol/clients/authenticate.ts";
import type { Client } from "../types.ts";
import type { Env } from "./env.ts";
import type { Params } from "./form.ts";

/**
 * Authenticates the client of a back-channel request (device authorization, introspection,
 * revocation) the way the token endpoint does, and says how it authenticated.
 * @see RFC 6749 §2.3
 */
export async function authenticateRequest(
  c: Context<Env>,
  params: Params,
): Promise<{ client: Client; method: ClientCredentials["method"] }> {
  const creds = readClientCredentials(c.req.header("authorization"), params);
  const client = await authenticateClient(c.get("deps"), creds);
  c.set("clientId", client.client_id);
  return { client, method: creds.method };
}
