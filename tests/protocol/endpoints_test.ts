import assert from "node:assert/strict";
import { endpointsFor, endpointsRoot, resolvePath } from "../../src/protocol/endpoints.ts";

Deno.test("resolvePath: a path is under the issuer's; each leading ../ climbs one segment", () => {
  const cases: [string, string, string][] = [
    ["/realms/dev", "/protocol/openid-connect/token", "/realms/dev/protocol/openid-connect/token"],
    ["", "/token", "/token"],
    ["/t/v2.0", "../oauth2/v2.0/token", "/t/oauth2/v2.0/token"],
    ["/a/b/c", "../../x", "/a/x"],
    ["/t", "../oauth2/token", "/oauth2/token"],
    // Nothing above the root, as in URL resolution (RFC 3986 §5.2.4).
    ["", "../../x", "/x"],
  ];
  for (const [base, rel, want] of cases) {
    assert.equal(resolvePath(base, rel), want, `${base} ${rel}`);
  }
});

Deno.test("endpointsRoot: the issuer's path, or the parent the profile's paths climb to", () => {
  assert.equal(
    endpointsRoot("/realms/dev", { token: "/protocol/openid-connect/token" }),
    "/realms/dev",
  );
  assert.equal(endpointsRoot("/t/v2.0", { token: "../oauth2/v2.0/token", jwks: "/jwks" }), "/t");
  assert.equal(endpointsRoot("/t/v2.0"), "/t/v2.0");
  assert.equal(endpointsRoot("/t", { token: "../x" }), "");
});

Deno.test("endpointsFor: profile paths beside the issuer's, on the issuer's and the back-channel origin", () => {
  const e = endpointsFor("http://localhost:9400/t/v2.0", "http://gatehouse:9400", {
    authorization: "../oauth2/v2.0/authorize",
    token: "../oauth2/v2.0/token",
  });
  assert.equal(e.authorization, "http://localhost:9400/t/oauth2/v2.0/authorize");
  assert.equal(e.token, "http://gatehouse:9400/t/oauth2/v2.0/token");
  assert.equal(e.jwks, "http://gatehouse:9400/t/v2.0/jwks");
  assert.equal(e.discovery, "http://localhost:9400/t/v2.0/.well-known/openid-configuration");
});
