import { Hono } from "npm:hono@^4";
import { adminAuth } from "./admin/auth.ts";
import { badRequest, notFound } from "../control/problem.ts";
import { checkIdentifier } from "../protocol/identifiers.ts";
import { problemResponse, readJsonObject } from "./admin/problem.ts";
import { claimsOf } from "../users.ts";
import type { Env } from "./env.ts";

/**
 * Users at run time, compatible with oidc-provider-mock: `PUT /users/{sub}` replaces a user's
 * claims (a `sub` in the body is ignored), `GET /users`, `GET /users/{sub}`, `DELETE /users/{sub}`
 * and `POST /users/{sub}/revoke-tokens`. They show on the login page at once. Bearer
 * `--admin-token` when one is set; a `password` is never shown.
 * @see https://oidc-provider-mock.readthedocs.io/stable/http.html
 */
export function usersRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  app.use("*", adminAuth);
  app.get("/", async (c) => {
    const users = await c.get("deps").users.list();
    return c.json(users.map(claimsOf));
  });
  app.get("/:sub", async (c) => {
    const sub = pathSub(c.req.param("sub"));
    const user = await c.get("deps").users.get(sub);
    if (!user) throw notFound(`no user with sub "${sub}"`);
    return c.json(claimsOf(user));
  });
  app.put("/:sub", async (c) => {
    const sub = pathSub(c.req.param("sub"));
    const claims = await readJsonObject(c);
    await c.get("deps").users.put({ ...claims, sub });
    return c.body(null, 204);
  });
  app.delete("/:sub", async (c) => {
    const sub = pathSub(c.req.param("sub"));
    if (!await c.get("deps").users.remove(sub)) throw notFound(`no user with sub "${sub}"`);
    return c.body(null, 204);
  });
  app.post("/:sub/revoke-tokens", async (c) => {
    const deps = c.get("deps");
    const sub = pathSub(c.req.param("sub"));
    c.set("sub", sub);
    const revoked = await deps.store.revokeUserGrants(sub, deps.clock.now());
    return c.json({ sub, revoked_grants: revoked });
  });
  app.onError(problemResponse);
  return app;
}

/** The `{sub}` of the path: an identifier, so bounded like one (it becomes a storage key). */
function pathSub(sub: string): string {
  return checkIdentifier("sub", sub, badRequest);
}
