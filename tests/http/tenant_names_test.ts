import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";
import { ROOT_SEGMENTS } from "../../src/config/tenants.ts";
import { routeSegments } from "../../src/http/tenants.ts";
import { testProvider } from "../helpers.ts";

Deno.test("the config check's list of root endpoints holds every first segment the app routes", async () => {
  await using p = await testProvider();
  const segments = [...routeSegments(createApp(p.deps))].filter((s) => !s.startsWith("."));
  assert.ok(segments.includes("token") && segments.includes("admin"), segments.join(", "));
  const missing = segments.filter((s) => !ROOT_SEGMENTS.includes(s));
  assert.deepEqual(missing, [], "add these to ROOT_SEGMENTS in src/config/tenants.ts");
});
