import assert from "node:assert/strict";
import { getJson, spawnGatehouse } from "../fixtures/gatehouse_process.ts";

Deno.test("gatehouse --tenants auto says so in the banner and serves a tenant's discovery", async () => {
  await using gh = await spawnGatehouse(["--port", "0", "--tenants", "auto"]);
  const port = new URL(gh.url).port;
  assert.match(
    gh.stdout(),
    new RegExp(
      `^ {2}tenants +auto: http://localhost:${port}/\\{tenant\\} is created on first use`,
      "m",
    ),
  );
  const doc = await getJson(`${gh.url}/shop/.well-known/openid-configuration`) as {
    issuer: string;
  };
  assert.equal(doc.issuer, `http://localhost:${port}/shop`);
  const res = await fetch(`${gh.url}/Shop/.well-known/openid-configuration`);
  assert.equal(res.status, 404);
  assert.match((await res.json()).error_description, /"Shop" is not a tenant name/);
});

Deno.test("gatehouse --tenants a,b lists the tenants' issuers in the banner", async () => {
  await using gh = await spawnGatehouse(["--port", "0", "--tenants", "a,b"]);
  const port = new URL(gh.url).port;
  const base = `http://localhost:${port}`;
  assert.match(gh.stdout(), new RegExp(`^ {2}tenants +${base}/a, ${base}/b$`, "m"));
});
