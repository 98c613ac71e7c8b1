import assert from "node:assert/strict";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { halfHash } from "../../src/protocol/tokens/mint.ts";
import { form, testProvider } from "../helpers.ts";
import { REDIRECT, register, registered } from "./client_helpers.ts";
import { providerKeys, signIn } from "./oidc_helpers.ts";

const ISSUER = "http://localhost:9400";

for (const alg of ["ES256", "EdDSA", "PS256", "ES384"] as const) {
  Deno.test(`a client registered with id_token_signed_response_alg ${alg} gets ${alg} ID tokens, on refresh too`, async () => {
    await using op = await testProvider({ autoLogin: "", signingKeys: null });
    const client = await registered(op, {
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
      id_token_signed_response_alg: alg,
    });
    assert.equal(client.id_token_signed_response_alg, alg);
    const { tokens } = await signIn(op, client.client_id, {
      params: { scope: "openid offline_access" },
    });
    const keys = await providerKeys(op);
    const first = await jwtVerify(tokens.id_token, keys, {
      issuer: ISSUER,
      audience: client.client_id,
      algorithms: [alg],
    });
    assert.equal(first.protectedHeader.alg, alg);
    assert.equal(first.payload.at_hash, await halfHash(tokens.access_token, alg));
    // The access token keeps the provider's default algorithm.
    assert.equal(decodeProtectedHeader(tokens.access_token).alg, "RS256");

    const res = await op.request(
      "/token",
      form({
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token,
        client_id: client.client_id,
      }),
    );
    const refreshed = await res.json();
    assert.equal(res.status, 200, JSON.stringify(refreshed));
    const again = await jwtVerify(refreshed.id_token, keys, { algorithms: [alg] });
    assert.equal(again.payload.sub, "alice");
    assert.equal(again.protectedHeader.kid, first.protectedHeader.kid);
  });
}

Deno.test("with --signing-key holding only RS256, another ID token algorithm is refused", async () => {
  await using op = await testProvider();
  const { status, body } = await register(op, {
    redirect_uris: [REDIRECT],
    id_token_signed_response_alg: "ES256",
  });
  assert.equal(status, 400);
  assert.deepEqual(body, {
    error: "invalid_client_metadata",
    error_description: 'id_token_signed_response_alg "ES256" is not supported; use RS256',
  });
});
