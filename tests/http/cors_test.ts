import assert from "node:assert/strict";
import { codeFor, redeem } from "../flow.ts";
import { testProvider } from "../helpers.ts";

const ORIGIN = "http://spa.example";

Deno.test("browser apps may call /token and /userinfo cross-origin (preflight and response)", async () => {
  await using p = await testProvider({ autoLogin: "" });
  for (const path of ["/token", "/userinfo"]) {
    const preflight = await p.request(path, {
      method: "OPTIONS",
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization",
      },
    });
    await preflight.body?.cancel();
    assert.equal(preflight.status, 204, path);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "*", path);
    assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /authorization/i);
    assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /POST/);
  }
  const code = await codeFor(p);
  const token = await redeem(p, code, {});
  const { access_token } = await token.json();
  const tokenCors = await p.request("/token", {
    method: "POST",
    headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=authorization_code&code=x&client_id=app&redirect_uri=http://x/cb",
  });
  await tokenCors.body?.cancel();
  assert.equal(tokenCors.headers.get("access-control-allow-origin"), "*");
  const info = await p.request("/userinfo", {
    headers: { origin: ORIGIN, authorization: `Bearer ${access_token}` },
  });
  assert.equal(info.status, 200);
  assert.equal(info.headers.get("access-control-allow-origin"), "*");
  assert.equal((await info.json()).sub, "alice");
});

Deno.test("public documents, and error responses too, carry the CORS headers browsers need", async () => {
  await using p = await testProvider();
  for (const path of ["/.well-known/openid-configuration", "/jwks", "/jwks.json"]) {
    const res = await p.request(path, { headers: { origin: ORIGIN } });
    await res.body?.cancel();
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get("access-control-allow-origin"), "*", path);
    assert.equal(res.headers.get("content-length") === "0", false, path);
  }
  const denied = await p.request("/userinfo", {
    headers: { origin: ORIGIN, authorization: "Bearer nope" },
  });
  await denied.body?.cancel();
  assert.equal(denied.status, 401);
  assert.equal(denied.headers.get("access-control-allow-origin"), "*");
  assert.equal(denied.headers.get("access-control-expose-headers"), "WWW-Authenticate,DPoP-Nonce");
  assert.match(denied.headers.get("www-authenticate") ?? "", /^Bearer /);
  const revoke = await p.request("/revoke", { method: "POST", headers: { origin: ORIGIN } });
  await revoke.body?.cancel();
  assert.equal(revoke.headers.get("access-control-allow-origin"), "*");
});
