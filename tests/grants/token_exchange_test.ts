import assert from "node:assert/strict";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { assertOAuthError, form, type TestProvider, testProvider } from "../helpers.ts";
import { externalIdp, IDP } from "../trusted_idp.ts";
import { basic, serviceToken, userTokens } from "../token_clients.ts";
import type { Config } from "../../src/config/schema.ts";
import { sha256 } from "../../src/crypto/hash.ts";
import type { Client } from "../../src/types.ts";

const GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
const TYPE = (t: string) => `urn:ietf:params:oauth:token-type:${t}`;

/** POST /token with the token exchange grant as the ad-hoc confidential client `api`. */
async function exchange(
  p: TestProvider,
  params: Record<string, string | string[]>,
  client = "api",
): Promise<Response> {
  const body = new URLSearchParams({ grant_type: GRANT });
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) body.append(k, x);
  return await p.request("/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic(client) },
    body: body.toString(),
  });
}

async function exchanged(res: Response): Promise<Record<string, unknown>> {
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get("cache-control"), "no-store");
  return await res.json();
}

const invalidRequest = (res: Response, description: string) =>
  assertOAuthError(res, 400, { error: "invalid_request", error_description: description });

async function provider(extra: Partial<Config> = {}) {
  const idp = await externalIdp();
  const p = await testProvider({ autoLogin: "", trustedIssuers: [idp.trusted()], ...extra });
  return { idp, p, now: () => Math.floor(p.clock.now() / 1000) };
}

Deno.test("token exchange: a user's access token becomes a narrower one for another audience", async () => {
  const { p } = await provider();
  await using _ = p;
  const user = await userTokens(p);
  const body = await exchanged(
    await exchange(p, {
      subject_token: user.access_token,
      subject_token_type: TYPE("access_token"),
      audience: "orders-api",
      resource: ["https://billing.example.com", "https://ledger.example.com"],
      scope: "openid profile",
    }),
  );
  assert.deepEqual(Object.keys(body).sort(), [
    "access_token",
    "expires_in",
    "issued_token_type",
    "scope",
    "token_type",
  ]);
  assert.equal(body.issued_token_type, TYPE("access_token"));
  assert.equal(body.token_type, "Bearer");
  assert.equal(body.scope, "openid profile");
  assert.equal(decodeProtectedHeader(body.access_token as string).typ, "at+jwt");
  const claims = decodeJwt(body.access_token as string);
  assert.equal(claims.sub, "alice");
  assert.equal(claims.client_id, "api");
  assert.deepEqual(claims.aud, [
    "https://billing.example.com",
    "https://ledger.example.com",
    "orders-api",
  ]);
  assert.equal(claims.act, undefined);
  const info = await p.request("/userinfo", {
    headers: { authorization: `Bearer ${body.access_token}` },
  });
  assert.equal((await info.json()).name, "Alice Adams");
});

Deno.test("token exchange: an actor token becomes act, and earlier actors nest inside it", async () => {
  const { p, idp, now } = await provider();
  await using _ = p;
  const user = await userTokens(p);
  const first = await exchanged(
    await exchange(p, {
      subject_token: user.access_token,
      subject_token_type: TYPE("access_token"),
      actor_token: await serviceToken(p),
      actor_token_type: TYPE("access_token"),
    }),
  );
  const ours = "http://localhost:9400";
  assert.deepEqual(decodeJwt(first.access_token as string).act, { sub: "svc", iss: ours });
  const second = await exchanged(
    await exchange(p, {
      subject_token: first.access_token as string,
      subject_token_type: TYPE("jwt"),
      actor_token: await idp.sign({ sub: "batch-job" }, now()),
      actor_token_type: TYPE("jwt"),
    }),
  );
  const claims = decodeJwt(second.access_token as string);
  assert.equal(claims.sub, "alice");
  assert.deepEqual(claims.act, { sub: "batch-job", iss: IDP, act: { sub: "svc", iss: ours } });
});

Deno.test("token exchange: an ID token, a refresh token and a trusted issuer's JWT are subject tokens", async () => {
  const { p, idp, now } = await provider();
  await using _ = p;
  const user = await userTokens(p);
  const fromId = await exchanged(
    await exchange(p, { subject_token: user.id_token, subject_token_type: TYPE("id_token") }),
  );
  assert.equal(decodeJwt(fromId.access_token as string).sub, "alice");
  const fromRefresh = await exchanged(
    await exchange(p, {
      subject_token: user.refresh_token,
      subject_token_type: TYPE("refresh_token"),
      scope: "openid",
    }, "app"),
  );
  assert.equal(decodeJwt(fromRefresh.access_token as string).sub, "alice");
  assert.equal(fromRefresh.scope, "openid");
  const external = await exchanged(
    await exchange(p, {
      subject_token: await idp.sign({ sub: "bob", aud: "https://somewhere" }, now()),
      subject_token_type: TYPE("jwt"),
      requested_token_type: TYPE("jwt"),
    }),
  );
  assert.equal(external.issued_token_type, TYPE("jwt"));
  const claims = decodeJwt(external.access_token as string);
  assert.equal(claims.sub, "bob");
  assert.equal(claims.iss, "http://localhost:9400");
});

Deno.test("token exchange: requested_token_type id_token returns an ID token with token_type N_A", async () => {
  const { p } = await provider();
  await using _ = p;
  const user = await userTokens(p);
  const body = await exchanged(
    await exchange(p, {
      subject_token: user.access_token,
      subject_token_type: TYPE("access_token"),
      requested_token_type: TYPE("id_token"),
      scope: "openid email",
    }),
  );
  assert.equal(body.issued_token_type, TYPE("id_token"));
  assert.equal(body.token_type, "N_A");
  const claims = decodeJwt(body.access_token as string);
  assert.equal(claims.aud, "api");
  assert.equal(claims.sub, "alice");
  assert.equal(claims.email, "alice@example.com");
});

Deno.test("token exchange: may_act names who may act for the subject", async () => {
  const { p, idp, now } = await provider();
  await using _ = p;
  const subject = await idp.sign({
    sub: "alice",
    may_act: { sub: "svc", iss: "http://localhost:9400" },
  }, now());
  const ok = await exchanged(
    await exchange(p, {
      subject_token: subject,
      subject_token_type: TYPE("jwt"),
      actor_token: await serviceToken(p),
      actor_token_type: TYPE("access_token"),
    }),
  );
  assert.deepEqual(decodeJwt(ok.access_token as string).act, {
    sub: "svc",
    iss: "http://localhost:9400",
  });
  await invalidRequest(
    await exchange(p, {
      subject_token: subject,
      subject_token_type: TYPE("jwt"),
      actor_token: await idp.sign({ sub: "mallory" }, now()),
      actor_token_type: TYPE("jwt"),
    }),
    `the subject_token's "may_act" {"sub":"svc","iss":"http://localhost:9400"} does not allow the actor_token's subject {"sub":"mallory","iss":"${IDP}"} to act for it`,
  );
  await invalidRequest(
    await exchange(p, { subject_token: subject, subject_token_type: TYPE("jwt") }),
    `the subject_token's "may_act" {"sub":"svc","iss":"http://localhost:9400"} does not allow the client {"sub":"api"} to act for it`,
  );
});

Deno.test("token exchange: an untrusted issuer's JWT is taken with a warning, refused under --strict", async () => {
  const stranger = await externalIdp("https://stranger.example");
  const now = Math.floor(Date.now() / 1000);
  {
    await using p = await testProvider();
    const body = await exchanged(
      await exchange(p, {
        subject_token: await stranger.sign({ sub: "carol" }, now),
        subject_token_type: TYPE("jwt"),
      }),
    );
    assert.equal(decodeJwt(body.access_token as string).sub, "carol");
    // The ad-hoc client breaks the registration rule too.
    const warnings = (await p.deps.warnings.kept()).filter((w) => w.rule !== "registration");
    assert.deepEqual(warnings.map((w) => w.rule), ["exchange-trusted-issuer"]);
    assert.match(warnings[0].message, /^a production OP would reject this: a token exchange/);
    const entry = p.deps.requests.list().at(-1)!;
    assert.equal(entry.grantType, GRANT);
    assert.deepEqual(entry.warnings.map((w) => w.rule), [
      "registration",
      "exchange-trusted-issuer",
    ]);
  }
  await using strict = await testProvider({ strict: true, clients: [await apiClient()] });
  await invalidRequest(
    await exchange(strict, {
      subject_token: await stranger.sign({ sub: "carol" }, now),
      subject_token_type: TYPE("jwt"),
    }),
    `the subject_token's issuer "https://stranger.example" is not a trusted issuer, so its signature cannot be verified; add it to --trusted-issuers`,
  );
});

/** `api` registered as a confidential client (secret "secret") for token exchange. */
async function apiClient(extra: Partial<Client> = {}): Promise<Client> {
  return {
    client_id: "api",
    client_secret_hash: await sha256("secret"),
    redirect_uris: [],
    grant_types: [GRANT],
    response_types: [],
    token_endpoint_auth_method: "client_secret_basic",
    origin: "static",
    ...extra,
  };
}

Deno.test("token exchange: every invalid request gets its RFC 8693 §2.2.2 error", async (t) => {
  const { p, idp, now } = await provider({
    clients: [await apiClient({ audience: ["orders-api"] })],
  });
  await using _ = p;
  const user = await userTokens(p);
  const subject = { subject_token: user.access_token, subject_token_type: TYPE("access_token") };
  await t.step("no subject_token", async () => {
    await invalidRequest(await exchange(p, {}), 'missing "subject_token"');
  });
  await t.step("no subject_token_type", async () => {
    await invalidRequest(
      await exchange(p, { subject_token: "x" }),
      'missing "subject_token_type"',
    );
  });
  await t.step("an unknown subject_token_type", async () => {
    await invalidRequest(
      await exchange(p, { subject_token: "x", subject_token_type: TYPE("saml2") }),
      `"subject_token_type" "${TYPE("saml2")}" is not supported; use one of ${
        ["access_token", "refresh_token", "id_token", "jwt"].map(TYPE).join(", ")
      }`,
    );
  });
  await t.step("actor_token_type without actor_token", async () => {
    await invalidRequest(
      await exchange(p, { ...subject, actor_token_type: TYPE("jwt") }),
      '"actor_token_type" was sent without "actor_token"',
    );
  });
  await t.step("actor_token without actor_token_type", async () => {
    await invalidRequest(
      await exchange(p, { ...subject, actor_token: user.id_token }),
      'missing "actor_token_type"',
    );
  });
  await t.step("a refresh token is not issued by exchange", async () => {
    await invalidRequest(
      await exchange(p, { ...subject, requested_token_type: TYPE("refresh_token") }),
      `"requested_token_type" ${
        TYPE("refresh_token")
      } cannot be issued by token exchange; use one of ${
        ["access_token", "jwt", "id_token"].map(TYPE).join(", ")
      }`,
    );
  });
  await t.step("a subject token that is not a JWT", async () => {
    await invalidRequest(
      await exchange(p, { subject_token: "opaque", subject_token_type: TYPE("access_token") }),
      "the subject_token is not a JWT, as a token of type access_token must be",
    );
  });
  await t.step("an expired access token", async () => {
    p.clock.advance(3601_000);
    try {
      await invalidRequest(
        await exchange(p, subject),
        "the subject_token is not a valid access_token: the token has expired",
      );
    } finally {
      p.clock.advance(-3601_000);
    }
  });
  await t.step("an ID token presented as an access token", async () => {
    await invalidRequest(
      await exchange(p, { subject_token: user.id_token, subject_token_type: TYPE("access_token") }),
      'the subject_token is not a valid access_token: the token is invalid: unexpected "typ" JWT header value',
    );
  });
  await t.step("an access token presented as an ID token", async () => {
    await invalidRequest(
      await exchange(p, { ...subject, subject_token_type: TYPE("id_token") }),
      'the subject_token is not a valid id_token: a JWT of typ "at+jwt" is not an ID token',
    );
  });
  await t.step("another client's refresh token", async () => {
    await invalidRequest(
      await exchange(p, {
        subject_token: user.refresh_token,
        subject_token_type: TYPE("refresh_token"),
      }),
      'the subject_token is not a valid refresh_token: it was issued to client "app", not "api"',
    );
  });
  await t.step("a trusted issuer's JWT with a bad signature", async () => {
    const forged = await (await externalIdp()).sign({ sub: "alice" }, now());
    await invalidRequest(
      await exchange(p, { subject_token: forged, subject_token_type: TYPE("jwt") }),
      `the subject_token has a signature that does not verify with the keys of trusted issuer ${IDP}`,
    );
  });
  await t.step("an expired trusted issuer's JWT", async () => {
    await invalidRequest(
      await exchange(p, {
        subject_token: await idp.sign({ sub: "alice" }, now() - 900),
        subject_token_type: TYPE("jwt"),
      }),
      'the subject_token has expired (its "exp" is in the past)',
    );
  });
  await t.step("an audience the client may not get", async () => {
    await assertOAuthError(await exchange(p, { ...subject, audience: "admin-api" }), 400, {
      error: "invalid_target",
      error_description:
        'cannot issue a token for admin-api: not among the audiences registered for client "api" (orders-api)',
    });
  });
  await t.step("a resource that is not an absolute URI", async () => {
    await assertOAuthError(await exchange(p, { ...subject, resource: "orders" }), 400, {
      error: "invalid_target",
      error_description: '"resource" must be an absolute URI, got "orders"',
    });
  });
  await t.step("a scope wider than the subject token's", async () => {
    await assertOAuthError(await exchange(p, { ...subject, scope: "openid admin" }), 400, {
      error: "invalid_scope",
      error_description:
        '"scope" admin is not among the scopes of the subject_token (openid profile email)',
    });
  });
  await t.step("a revoked access token", async () => {
    const revoke = await p.request("/revoke", form({ token: user.access_token, client_id: "app" }));
    assert.equal(revoke.status, 200);
    await invalidRequest(
      await exchange(p, subject),
      "the subject_token is not a valid access_token: the token has been revoked",
    );
  });
  const ok = await exchanged(
    await exchange(p, { ...subjectOf(await userTokens(p)), audience: "orders-api" }),
  );
  assert.equal(decodeJwt(ok.access_token as string).aud, "orders-api");
});

const subjectOf = (tokens: Record<string, string>) => ({
  subject_token: tokens.access_token,
  subject_token_type: TYPE("access_token"),
});
