import assert from "node:assert/strict";
import { type TestProvider, testProvider } from "../helpers.ts";
import {
  assertion,
  ASSERTION_TYPE,
  ecKey,
  jwksServer,
  staticClients,
  tokenRequest,
} from "./client_fixtures.ts";

const CC = { grant_types: ["client_credentials"] };
const SECRET = "a-long-shared-secret-for-hmac-assertions-0123456789";
const HMAC_KEY = new TextEncoder().encode(SECRET);

/** A provider with a client_secret_jwt client "hs" and a private_key_jwt client "pk". */
async function provider() {
  const key = await ecKey("k1");
  const op = await testProvider({
    clients: await staticClients([
      {
        ...CC,
        client_id: "hs",
        client_secret: SECRET,
        token_endpoint_auth_method: "client_secret_jwt",
      },
      {
        ...CC,
        client_id: "pk",
        token_endpoint_auth_method: "private_key_jwt",
        jwks: { keys: [key.jwk] },
      },
    ]),
  });
  return { op, key };
}

function present(jwt: string, clientId?: string) {
  return {
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: jwt,
    ...(clientId ? { client_id: clientId } : {}),
  };
}

async function expectInvalidClient(op: TestProvider, jwt: string, description: string) {
  const { status, body } = await tokenRequest(op, present(jwt));
  assert.equal(status, 401);
  assert.deepEqual(body, { error: "invalid_client", error_description: description });
}

Deno.test("client_secret_jwt: an HS256 assertion made with the secret authenticates", async () => {
  const { op } = await provider();
  await using _ = op;
  const ok = await tokenRequest(
    op,
    present(await assertion(op, "hs", HMAC_KEY, { alg: "HS256" }), "hs"),
  );
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const hs512 = await assertion(op, "hs", HMAC_KEY, { alg: "HS512" });
  assert.equal((await tokenRequest(op, present(hs512))).status, 200, "sub names the client");
  const forged = await assertion(op, "hs", new TextEncoder().encode(`${SECRET}!`), {
    alg: "HS256",
  });
  await expectInvalidClient(
    op,
    forged,
    "the client assertion's signature does not verify with the client's secret",
  );
});

Deno.test("private_key_jwt: an ES256 assertion verified with the registered jwks", async () => {
  const { op, key } = await provider();
  await using _ = op;
  const ok = await tokenRequest(
    op,
    present(await assertion(op, "pk", key.privateKey, { kid: "k1" })),
  );
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const other = await ecKey("k1");
  const forged = await assertion(op, "pk", other.privateKey, { kid: "k1" });
  await expectInvalidClient(
    op,
    forged,
    "the client assertion's signature does not verify with the client's keys",
  );
  const unknownKid = await assertion(op, "pk", key.privateKey, { kid: "k9" });
  await expectInvalidClient(
    op,
    unknownKid,
    "no key of the client matches the client assertion's kid and alg",
  );
});

Deno.test("a replayed jti is refused", async () => {
  const { op, key } = await provider();
  await using _ = op;
  const jwt = await assertion(op, "pk", key.privateKey, { claims: { jti: "once" } });
  assert.equal((await tokenRequest(op, present(jwt))).status, 200);
  await expectInvalidClient(
    op,
    jwt,
    `the client assertion's "jti" once was already used; sign a new assertion for each request`,
  );
  const hs = await assertion(op, "hs", HMAC_KEY, { alg: "HS256", claims: { jti: "once" } });
  assert.equal((await tokenRequest(op, present(hs))).status, 200, "jti is single-use per client");
});

Deno.test("aud must be the issuer or the token endpoint", async () => {
  const { op, key } = await provider();
  await using _ = op;
  const atToken = await assertion(op, "pk", key.privateKey, {
    claims: { aud: ["x", "http://localhost:9400/token"] },
  });
  assert.equal((await tokenRequest(op, present(atToken))).status, 200);
  const wrong = await assertion(op, "pk", key.privateKey, {
    claims: { aud: "http://localhost:9400/introspect" },
  });
  await expectInvalidClient(
    op,
    wrong,
    'the client assertion "aud" must be the issuer or the token endpoint (http://localhost:9400, http://localhost:9400/token), got "http://localhost:9400/introspect"',
  );
});

Deno.test("an expired assertion, or one without exp or jti, is refused", async () => {
  const { op, key } = await provider();
  await using _ = op;
  // Frozen: the expected message counts whole seconds.
  op.clock.freeze(op.clock.now());
  const jwt = await assertion(op, "pk", key.privateKey, { claims: { jti: "late" } });
  op.clock.advance(301_000);
  const exp = Math.floor(op.clock.now() / 1000) - 1;
  await expectInvalidClient(op, jwt, `the client assertion expired 1s ago (its "exp" is ${exp})`);
  const noExp = await assertion(op, "pk", key.privateKey, { claims: { exp: undefined } });
  await expectInvalidClient(op, noExp, 'the client assertion has no "exp"');
  const noJti = await assertion(op, "pk", key.privateKey, { claims: { jti: undefined } });
  await expectInvalidClient(op, noJti, 'the client assertion has no "jti"');
  const future = await assertion(op, "pk", key.privateKey, {
    claims: { nbf: Math.floor(op.clock.now() / 1000) + 60 },
  });
  await expectInvalidClient(
    op,
    future,
    `the client assertion is not valid before ${Math.floor(op.clock.now() / 1000) + 60} ("nbf")`,
  );
});

Deno.test("iss and sub must both be the client_id", async () => {
  const { op, key } = await provider();
  await using _ = op;
  const iss = await assertion(op, "pk", key.privateKey, { claims: { iss: "someone" } });
  await expectInvalidClient(
    op,
    iss,
    'the client assertion "iss" must be the client_id "pk", got "someone"',
  );
  const sub = await assertion(op, "pk", key.privateKey, { claims: { sub: "pk2" } });
  const { body } = await tokenRequest(op, present(sub, "pk"));
  assert.deepEqual(body, {
    error: "invalid_client",
    error_description: 'the client assertion "sub" must be the client_id "pk", got "pk2"',
  });
});

Deno.test("an assertion of the other kind than registered is refused", async () => {
  const { op, key } = await provider();
  await using _ = op;
  const rs = await assertion(op, "hs", key.privateKey);
  await expectInvalidClient(
    op,
    rs,
    'client "hs" is registered for client_secret_jwt, but sent a ES256 client assertion (private_key_jwt)',
  );
  const { body } = await tokenRequest(op, { client_id: "pk", client_secret: "guess" });
  assert.deepEqual(body, {
    error: "invalid_client",
    error_description: 'client "pk" is registered for private_key_jwt, but used client_secret_post',
  });
  await expectInvalidClient(op, "not-a-jwt", '"client_assertion" is not a JWT');
});

Deno.test("private_key_jwt with keys from a jwks_uri served on 127.0.0.1, fetched once", async () => {
  const key = await ecKey("remote-1");
  await using jwks = jwksServer([key.jwk]);
  await using op = await testProvider({
    clients: await staticClients([
      {
        ...CC,
        client_id: "remote",
        token_endpoint_auth_method: "private_key_jwt",
        jwks_uri: jwks.url,
      },
    ]),
  });
  for (let i = 0; i < 3; i++) {
    const res = await tokenRequest(
      op,
      present(await assertion(op, "remote", key.privateKey, { kid: "remote-1" })),
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  assert.equal(jwks.fetches(), 1, "the key set is cached");
  const stranger = await ecKey("remote-1");
  await expectInvalidClient(
    op,
    await assertion(op, "remote", stranger.privateKey, { kid: "remote-1" }),
    "the client assertion's signature does not verify with the client's keys",
  );
});

Deno.test("a jwks_uri that cannot be reached fails authentication with its reason", async () => {
  const key = await ecKey("gone");
  const closed = jwksServer([]);
  const url = closed.url;
  await closed[Symbol.asyncDispose]();
  await using op = await testProvider({
    clients: await staticClients([
      { ...CC, client_id: "remote", token_endpoint_auth_method: "private_key_jwt", jwks_uri: url },
    ]),
  });
  const { status, body } = await tokenRequest(
    op,
    present(await assertion(op, "remote", key.privateKey)),
  );
  assert.equal(status, 401);
  assert.equal(body.error, "invalid_client");
  assert.match(
    String(body.error_description),
    new RegExp(`^cannot use the client's jwks_uri ${url}: `),
  );
});

Deno.test("lenient mode: an unregistered client's assertion is checked by its claims", async () => {
  await using op = await testProvider();
  const key = await ecKey("adhoc");
  const ok = await tokenRequest(op, present(await assertion(op, "adhoc-svc", key.privateKey)));
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const stale = await assertion(op, "adhoc-svc", key.privateKey, {
    claims: { aud: "https://elsewhere" },
  });
  const { status } = await tokenRequest(op, present(stale));
  assert.equal(status, 401);
});
