import { type Context, Hono } from "npm:hono@^4";
import { cors } from "./cors.ts";
import { timingSafeEqual } from "../crypto/random.ts";
import { sha256 } from "../crypto/hash.ts";
import type { Deps } from "../deps.ts";
import { endpointsFor } from "../protocol/endpoints.ts";
import { invalidRequest, invalidToken } from "../protocol/errors.ts";
import {
  clientInformation,
  registerClient,
  replaceClient,
} from "../protocol/clients/registration.ts";
import type { Client } from "../types.ts";
import type { Env } from "./env.ts";
import { backchannelOrigin } from "./origin.ts";
import { checkIdentifier } from "../protocol/identifiers.ts";
import { jsonDepthExceeds, MAX_JSON_DEPTH } from "../protocol/json.ts";

/**
 * Dynamic client registration at `/register` (and `/oauth2/clients`), and client configuration
 * at `/register/{client_id}`: read, replace, delete.
 * @see RFC 7591 §3, RFC 7592 §2
 */
export function registerRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  for (const base of ["/register", "/oauth2/clients"]) {
    app.use(base, cors({ allowMethods: ["POST"], maxAge: 600 }));
    app.use(`${base}/*`, cors({ allowMethods: ["GET", "PUT", "DELETE"] }));
    app.post(base, register);
    app.get(`${base}/:client_id`, read);
    app.put(`${base}/:client_id`, update);
    app.delete(`${base}/:client_id`, remove);
  }
  return app;
}

async function register(c: Context<Env>): Promise<Response> {
  const deps = c.get("deps");
  await checkInitialAccessToken(deps, c.req.header("authorization"));
  const body = await readJson(c);
  const { client, secret, registrationAccessToken } = await registerClient(deps, body);
  c.set("clientId", client.client_id);
  const info = clientInformation(client, configurationUri(c, client), {
    secret,
    registrationAccessToken,
  });
  return c.json(info, 201);
}

async function read(c: Context<Env>): Promise<Response> {
  const client = await configuredClient(c);
  return c.json(clientInformation(client, configurationUri(c, client)));
}

async function update(c: Context<Env>): Promise<Response> {
  const current = await configuredClient(c);
  const body = await readJson(c);
  const rotate = c.req.query("rotate_secret") === "true";
  const { client, secret } = await replaceClient(c.get("deps"), current, body, rotate);
  return c.json(clientInformation(client, configurationUri(c, client), { secret }));
}

async function remove(c: Context<Env>): Promise<Response> {
  const deps = c.get("deps");
  const client = await configuredClient(c);
  // Grants first: a token of the client must not outlive it, even if the delete is retried.
  await deps.store.revokeClientGrants(client.client_id, deps.clock.now());
  await deps.store.retireClient(client.client_id, deps.clock.now());
  return c.body(null, 204);
}

/** Where the client reads and changes its registration, on the origin registration used. */
function configurationUri(c: Context<Env>, client: Client): string {
  const config = c.get("deps").config;
  const base = endpointsFor(config.issuer, backchannelOrigin(config, c.req.raw)).registration;
  return `${base}/${encodeURIComponent(client.client_id)}`;
}

function bearer(authorization: string | undefined): string | undefined {
  const m = authorization?.match(/^Bearer +(\S+)\s*$/i);
  return m?.[1];
}

/** RFC 7591 §3: with `--registration-token`, registering needs it as a bearer token. */
async function checkInitialAccessToken(deps: Deps, authorization: string | undefined) {
  const expected = deps.config.registrationToken;
  if (expected === null) return;
  const token = bearer(authorization);
  if (token === undefined) {
    throw invalidToken(
      'registration needs an initial access token: send "Authorization: Bearer <token>"',
    );
  }
  if (!timingSafeEqual(await sha256(token), await sha256(expected))) {
    throw invalidToken("the initial access token is not valid");
  }
}

/**
 * The client a configuration request is about, once its registration access token checks out.
 * An unknown client gets the same 401 as a wrong token (RFC 7592 §2.1).
 */
async function configuredClient(c: Context<Env>): Promise<Client> {
  const deps = c.get("deps");
  const clientId = checkIdentifier("client_id", c.req.param("client_id")!);
  c.set("clientId", clientId);
  const token = bearer(c.req.header("authorization"));
  if (token === undefined) {
    throw invalidToken(
      'missing registration access token: send "Authorization: Bearer <registration_access_token>"',
    );
  }
  const client = await deps.store.getClient(clientId);
  const hash = client?.registration_access_token_hash;
  if (!client || !hash || !timingSafeEqual(await sha256(token), hash)) {
    throw invalidToken(`the registration access token is not valid for client "${clientId}"`);
  }
  return client;
}

/** A JSON body (RFC 7591 §3.1), with errors that say what was wrong with it. */
async function readJson(c: Context<Env>): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw invalidRequest(
      `the body must be application/json, got ${type ? `"${type}"` : "no Content-Type"}`,
    );
  }
  const text = await c.req.text();
  if (jsonDepthExceeds(text)) {
    throw invalidRequest(`the body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalidRequest(`the body is not valid JSON: ${(err as Error).message}`);
  }
}
