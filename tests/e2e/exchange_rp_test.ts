import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import * as oidc from "openid-client";
import { startServer } from "../../src/server.ts";
import { defaultConfig } from "../../src/config/schema.ts";
import { ALICE } from "../helpers.ts";
import { externalIdp } from "../trusted_idp.ts";

const TYPE = (t: string) => `urn:ietf:params:oauth:token-type:${t}`;

/** openid-client configured from discovery for the confidential client `api`. */
async function rp(issuer: string) {
  return await oidc.discovery(
    new URL(issuer),
    "api",
    undefined,
    oidc.ClientSecretBasic("secret"),
    { execute: [oidc.allowInsecureRequests] },
  );
}

Deno.test("openid-client's genericGrantRequest runs the JWT bearer grant and token exchange", async () => {
  const idp = await externalIdp();
  const server = await startServer({
    ...defaultConfig(),
    port: 0,
    users: [ALICE],
    trustedIssuers: [idp.trusted()],
  });
  try {
    const config = await rp(server.issuer);
    const grants = config.serverMetadata().grant_types_supported!;
    assert.ok(grants.includes("urn:ietf:params:oauth:grant-type:jwt-bearer"));
    assert.ok(grants.includes("urn:ietf:params:oauth:grant-type:token-exchange"));
    const assertion = await idp.sign({ sub: "alice", aud: `${server.issuer}/token` });
    const bearer = await oidc.genericGrantRequest(
      config,
      "urn:ietf:params:oauth:grant-type:jwt-bearer",
      { assertion, scope: "openid profile" },
    );
    assert.equal(bearer.token_type, "bearer");
    assert.equal(decodeJwt(bearer.access_token).sub, "alice");
    const exchanged = await oidc.genericGrantRequest(
      config,
      "urn:ietf:params:oauth:grant-type:token-exchange",
      {
        subject_token: bearer.access_token,
        subject_token_type: TYPE("access_token"),
        audience: "orders-api",
        scope: "openid",
      },
    );
    assert.equal(exchanged.issued_token_type, TYPE("access_token"));
    assert.equal(exchanged.scope, "openid");
    const claims = decodeJwt(exchanged.access_token);
    assert.equal(claims.aud, "orders-api");
    assert.equal(claims.sub, "alice");
    const info = await oidc.fetchUserInfo(config, exchanged.access_token, "alice");
    assert.equal(info.sub, "alice");
    await assert.rejects(
      oidc.genericGrantRequest(config, "urn:ietf:params:oauth:grant-type:token-exchange", {
        subject_token: bearer.access_token,
        subject_token_type: TYPE("saml1"),
      }),
      (err: oidc.ResponseBodyError) => err.error === "invalid_request",
    );
  } finally {
    await server.close();
  }
});
