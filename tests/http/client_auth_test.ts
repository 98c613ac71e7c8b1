import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { testProvider } from "../helpers.ts";
import { authorize, basic, exchange, REDIRECT } from "./client_helpers.ts";
import { assertion, ASSERTION_TYPE, staticClients, tokenRequest } from "./client_fixtures.ts";

const CC = { grant_types: ["client_credentials"] };

async function provider() {
  return await testProvider({
    autoLogin: "",
    clients: await staticClients([
      { ...CC, client_id: "basic", client_secret: "s e:cret" },
      {
        ...CC,
        client_id: "post",
        client_secret: "p0st",
        token_endpoint_auth_method: "client_secret_post",
      },
      { client_id: "public", redirect_uris: [REDIRECT] },
    ]),
  });
}

Deno.test("client_secret_basic: the form-encoded secret authenticates, a wrong one gets 401", async () => {
  await using op = await provider();
  const ok = await tokenRequest(op, {}, basic("basic", "s e:cret"));
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const wrong = await tokenRequest(op, {}, basic("basic", "s e:creT"));
  assert.equal(wrong.status, 401);
  assert.equal(
    wrong.res.headers.get("www-authenticate"),
    'Basic realm="gatehouse", charset="UTF-8"',
  );
  assert.deepEqual(wrong.body, {
    error: "invalid_client",
    error_description: 'wrong client_secret for client "basic"',
  });
});

Deno.test("client_secret_post authenticates; the other method is refused", async () => {
  await using op = await provider();
  const ok = await tokenRequest(op, { client_id: "post", client_secret: "p0st" });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const viaBasic = await tokenRequest(op, {}, basic("post", "p0st"));
  assert.equal(viaBasic.status, 401);
  assert.deepEqual(viaBasic.body, {
    error: "invalid_client",
    error_description:
      'client "post" is registered for client_secret_post, but used client_secret_basic',
  });
  const viaPost = await tokenRequest(op, { client_id: "basic", client_secret: "s e:cret" });
  assert.deepEqual(viaPost.body, {
    error: "invalid_client",
    error_description:
      'client "basic" is registered for client_secret_basic, but used client_secret_post',
  });
});

Deno.test("none: a public client exchanges its code with client_id alone, never a secret", async () => {
  await using op = await provider();
  const first = await authorize(op, { client_id: "public" });
  const ok = await exchange(op, first.searchParams.get("code")!, { form: { client_id: "public" } });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const second = await authorize(op, { client_id: "public" });
  const withSecret = await exchange(op, second.searchParams.get("code")!, {
    form: { client_id: "public", client_secret: "guess" },
  });
  assert.equal(withSecret.status, 401);
  assert.deepEqual(withSecret.body, {
    error: "invalid_client",
    error_description: 'client "public" is registered for none, but used client_secret_post',
  });
});

Deno.test("two authentication methods in one request are invalid_request", async () => {
  await using op = await provider();
  const both = await tokenRequest(
    op,
    { client_id: "basic", client_secret: "s e:cret" },
    basic("basic", "s e:cret"),
  );
  assert.equal(both.status, 400);
  assert.deepEqual(both.body, {
    error: "invalid_request",
    error_description:
      "the client used more than one authentication method (client_secret_basic, client_secret_post)",
  });
  const assertionToo = await tokenRequest(op, {
    client_id: "post",
    client_secret: "p0st",
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: await assertion(op, "post", new TextEncoder().encode("k"), { alg: "HS256" }),
  });
  assert.deepEqual(assertionToo.body, {
    error: "invalid_request",
    error_description:
      "the client used more than one authentication method (client_secret_post, client_secret_jwt)",
  });
});

Deno.test("discovery lists registration and exactly the auth methods and assertion algs that work", async () => {
  await using op = await testProvider();
  const meta = await (await op.request("/.well-known/openid-configuration")).json();
  assert.equal(meta.registration_endpoint, "http://localhost:9400/register");
  assert.deepEqual(meta.token_endpoint_auth_methods_supported, [
    "client_secret_basic",
    "client_secret_post",
    "client_secret_jwt",
    "private_key_jwt",
    "none",
  ]);
  const algs: string[] = meta.token_endpoint_auth_signing_alg_values_supported;
  for (const alg of algs) {
    const clientId = `c-${alg}`;
    const hmac = alg.startsWith("HS");
    const secret = "x".repeat(64);
    let key: CryptoKey | Uint8Array = new TextEncoder().encode(secret);
    let jwk: JWK | undefined;
    if (!hmac) {
      const pair = await generateKeyPair(alg, { extractable: true });
      key = pair.privateKey;
      jwk = await exportJWK(pair.publicKey);
    }
    await op.deps.store.putClient(
      (await staticClients([{
        client_id: clientId,
        grant_types: ["client_credentials"],
        token_endpoint_auth_method: hmac ? "client_secret_jwt" : "private_key_jwt",
        token_endpoint_auth_signing_alg: alg,
        ...(hmac ? { client_secret: secret } : { jwks: { keys: [jwk] } }),
      }]))[0],
    );
    const { status, body } = await tokenRequest(op, {
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: await assertion(op, clientId, key, { alg }),
    });
    assert.equal(status, 200, `${alg}: ${JSON.stringify(body)}`);
  }
  assert.deepEqual(algs.filter((a) => a.startsWith("HS")), ["HS256", "HS384", "HS512"]);
});
