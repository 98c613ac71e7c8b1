import assert from "node:assert/strict";
import { testProvider } from "../helpers.ts";
import { assertion, ASSERTION_TYPE, ecKey, staticClients } from "../http/client_fixtures.ts";
import { ENTRA_TENANT } from "./fixtures.ts";

const ISSUER = `http://localhost:9400/${ENTRA_TENANT}/v2.0`;
const TOKEN = `http://localhost:9400/${ENTRA_TENANT}/oauth2/v2.0/token`;

Deno.test("--profile entra: a client assertion whose aud is the profile's token endpoint authenticates", async () => {
  const key = await ecKey("k1");
  await using op = await testProvider({
    issuer: ISSUER,
    profile: "entra",
    clients: await staticClients([{
      client_id: "pk",
      grant_types: ["client_credentials"],
      token_endpoint_auth_method: "private_key_jwt",
      jwks: { keys: [key.jwk] },
    }]),
  });
  const post = async (aud: string) => {
    const jwt = await assertion(op, "pk", key.privateKey, { kid: "k1", claims: { aud } });
    const res = await op.request(TOKEN, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: jwt,
      }),
    });
    return { status: res.status, body: await res.json() };
  };
  // MSAL's audience: the token endpoint discovery lists.
  const listed = await post(TOKEN);
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  assert.equal((await post(ISSUER)).status, 200);
  const elsewhere = await post("https://login.microsoftonline.com/common/oauth2/v2.0/token");
  assert.equal(elsewhere.status, 401);
  assert.equal(elsewhere.body.error, "invalid_client");
  assert.match(elsewhere.body.error_description, /^AADSTS70002: .*"aud"/);
});
