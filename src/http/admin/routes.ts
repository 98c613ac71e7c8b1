import { Hono } from "npm:hono@^4";
import { adminAuth } from "./auth.ts";
import { advanceClock, clockJson, setClock } from "../../control/clock.ts";
import { createAdminState, rotateKeys } from "../../control/keys.ts";
import { mintForAdmin, parseMintRequest } from "../../control/mint.ts";
import { notFound } from "../../control/problem.ts";
import { problemResponse, readJsonObject } from "./problem.ts";
import { resetProvider } from "../../control/reset.ts";
import { requestsRoutes } from "./requests.ts";
import { scenarioRoutes } from "./scenarios.ts";
import type { Env } from "../env.ts";

/**
 * The control plane for tests, under `/admin`: clock, keys, reset, token minting, scenarios and
 * recent requests. Bearer `--admin-token` when one is set; errors are RFC 9457 problem details.
 * @see README.md "Test control"
 */
export function adminRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  const state = createAdminState();
  app.use("*", adminAuth);
  app.get("/clock", (c) => c.json(clockJson(c.get("deps").clock)));
  app.put("/clock", async (c) => {
    setClock(c.get("deps").clock, await readJsonObject(c));
    return c.json(clockJson(c.get("deps").clock));
  });
  app.post("/clock/advance", async (c) => {
    advanceClock(c.get("deps").clock, await readJsonObject(c));
    return c.json(clockJson(c.get("deps").clock));
  });
  app.post("/keys/rotate", async (c) => {
    const result = await rotateKeys(c.get("deps"), state, await readJsonObject(c));
    return c.json(result);
  });
  app.post("/reset", async (c) => {
    await resetProvider(c.get("deps"), state);
    return c.body(null, 204);
  });
  app.post("/tokens", async (c) => {
    const req = parseMintRequest(await readJsonObject(c));
    c.set("grantType", "admin");
    c.set("clientId", req.clientId);
    c.set("sub", req.sub);
    return c.json(await mintForAdmin(c.get("deps"), state, req));
  });
  app.route("/", scenarioRoutes());
  app.route("/", requestsRoutes());
  app.all("*", (c) => {
    throw notFound(`no control-plane endpoint at ${c.req.method} ${c.req.path}`);
  });
  app.onError(problemResponse);
  return app;
}
