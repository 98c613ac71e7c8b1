import { Hono } from "npm:hono@^4";
import { notFound } from "../../control/problem.ts";
import { readJsonObject } from "./problem.ts";
import { parseScenario, scenarioJson } from "../../control/scenario_spec.ts";
import type { Env } from "../env.ts";

/**
 * `POST /admin/scenarios` adds a rule, `GET` lists the pending ones, `DELETE` clears them all
 * (`DELETE /admin/scenarios/{id}` one).
 * @see src/admin/scenarios.ts for how a rule matches and fires
 */
export function scenarioRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  app.post("/scenarios", async (c) => {
    const deps = c.get("deps");
    const added = deps.scenarios.add(parseScenario(await readJsonObject(c), deps.config.issuer));
    return c.json(scenarioJson(added), 201);
  });
  app.get(
    "/scenarios",
    (c) => c.json({ scenarios: c.get("deps").scenarios.list().map(scenarioJson) }),
  );
  app.delete(
    "/scenarios",
    (c) => c.json({ removed: c.get("deps").scenarios.clear() }),
  );
  app.delete("/scenarios/:id", (c) => {
    const id = c.req.param("id");
    if (!c.get("deps").scenarios.remove(id)) throw notFound(`no pending scenario "${id}"`);
    return c.body(null, 204);
  });
  return app;
}
