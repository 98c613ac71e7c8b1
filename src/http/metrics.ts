import { Hono } from "npm:hono@^4";
import type { Env } from "./env.ts";
import { viewerAuth } from "./admin/auth.ts";

/**
 * `GET /metrics`: this process's counters and latency histogram in the Prometheus text format.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/
 */
export function metricsRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  app.use("/metrics", viewerAuth);
  app.get("/metrics", (c) =>
    c.body(c.get("deps").metrics.render(), 200, {
      "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
    }));
  return app;
}
