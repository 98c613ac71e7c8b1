import assert from "node:assert/strict";
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
} from "jose";
import * as oidc from "openid-client";
import { defaultConfig } from "../../src/config/schema.ts";
import { startServer } from "../../src/server.ts";
import { ALICE } from "../helpers.ts";
import { staticClients } from "../http/client_fixtures.ts";

const REDIRECT = "http://127.0.0.1:3000/callback";
const SECRET = "shared-secret-for-client-secret-jwt-0123456789abcdef";

async function discover(issuer: string, clientId: string, auth: oidc.ClientAuth, metadata = {}) {
  return await oidc.discovery(new URL(issuer), clientId, metadata, auth, {
    execute: [oidc.allowInsecureRequests],
  });
}

Deno.test("openid-client authenticates with private_key_jwt and client_secret_jwt", async () => {
  const { privateKey, publicKey } = await generateKeyPair("PS256", { extractable: true });
  const jwk = { ...await exportJWK(publicKey), kid: "rp-1", alg: "PS256" };
  const cc = { grant_types: ["client_credentials"] };
  const server = await startServer({
    ...defaultConfig(),
    port: 0,
    clients: await staticClients([
      {
        ...cc,
        client_id: "pk",
        token_endpoint_auth_method: "private_key_jwt",
        jwks: { keys: [jwk] },
      },
      {
        ...cc,
        client_id: "hs",
        client_secret: SECRET,
        token_endpoint_auth_method: "client_secret_jwt",
      },
    ]),
  });
  try {
    const pk = await discover(
      server.issuer,
      "pk",
      oidc.PrivateKeyJwt({ key: privateKey, kid: "rp-1" }),
    );
    const a = await oidc.clientCredentialsGrant(pk, {});
    assert.equal(a.token_type, "bearer");
    const hs = await discover(server.issuer, "hs", oidc.ClientSecretJwt(SECRET));
    const b = await oidc.clientCredentialsGrant(hs, {});
    assert.equal(b.token_type, "bearer");
    const wrong = await discover(server.issuer, "hs", oidc.ClientSecretJwt(`${SECRET}x`));
    await assert.rejects(oidc.clientCredentialsGrant(wrong, {}), (err: oidc.ResponseBodyError) => {
      assert.equal(err.error, "invalid_client");
      return true;
    });
  } finally {
    await server.close();
  }
});

Deno.test("a client registered for ES256 ID tokens gets them, verifiable with the JWKS", async () => {
  const server = await startServer({
    ...defaultConfig(),
    port: 0,
    users: [ALICE],
    autoLogin: "",
    clients: await staticClients([{
      client_id: "es",
      client_secret: "s3cret",
      redirect_uris: [REDIRECT],
      id_token_signed_response_alg: "ES256",
    }]),
  });
  try {
    const config = await discover(server.issuer, "es", oidc.ClientSecretBasic("s3cret"), {
      id_token_signed_response_alg: "ES256",
    });
    assert.ok(config.serverMetadata().id_token_signing_alg_values_supported?.includes("ES256"));
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: "openid",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      nonce: "n-1",
    });
    const res = await fetch(url, { redirect: "manual" });
    await res.body?.cancel();
    const tokens = await oidc.authorizationCodeGrant(
      config,
      new URL(res.headers.get("location")!),
      {
        pkceCodeVerifier: verifier,
        expectedNonce: "n-1",
        idTokenExpected: true,
      },
    );
    assert.equal(decodeProtectedHeader(tokens.id_token!).alg, "ES256");
    const jwks = createRemoteJWKSet(new URL(`${server.url}/jwks`));
    const { payload } = await jwtVerify(tokens.id_token!, jwks, {
      issuer: server.issuer,
      audience: "es",
    });
    assert.equal(payload.sub, "alice");
  } finally {
    await server.close();
  }
});
