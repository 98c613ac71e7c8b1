import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import type { Config } from "../../src/config/schema.ts";
import { join } from "node:path";
import { createWarningSink, RULES } from "../../src/protocol/rules.ts";
import { openKvStore } from "../../src/store/kv_store.ts";
import { tempDir } from "../fixtures/temp_dir.ts";
import { captureLog, type TestProvider, testProvider } from "../helpers.ts";
import { authorize, basic, bearer, exchange, REDIRECT, register } from "./client_helpers.ts";
import { staticClients } from "./client_fixtures.ts";

/** A registered public client and a confidential one that may refresh. */
async function provider(overrides: Partial<Config> = {}) {
  return await testProvider({
    autoLogin: "",
    clients: await staticClients([
      { client_id: "spa", redirect_uris: [REDIRECT] },
      {
        client_id: "web",
        client_secret: "s3cret",
        redirect_uris: [REDIRECT],
        grant_types: ["authorization_code", "refresh_token"],
      },
    ]),
    ...overrides,
  });
}

/** The rule ids of the warnings kept in storage. */
async function warned(op: TestProvider): Promise<string[]> {
  return (await op.deps.warnings.kept()).map((w) => w.rule);
}

/** The error an authorization request was redirected back with. */
function redirectedError(url: URL) {
  return {
    error: url.searchParams.get("error"),
    description: url.searchParams.get("error_description"),
  };
}

Deno.test("every rule has a stable id and a one-line explanation", () => {
  const ids = Object.values(RULES).map((r) => r.id);
  const issue4 = [
    "registration",
    "pkce-required",
    "pkce-s256",
    "nonce-required",
    "redirect-uri-secure",
    "refresh-offline-access",
  ];
  assert.deepEqual(issue4.filter((id) => !ids.includes(id)), [], "the issue's rules all exist");
  assert.equal(new Set(ids).size, ids.length, "ids are unique");
  for (const rule of Object.values(RULES)) {
    assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(rule.explanation && !rule.explanation.includes("\n"), rule.id);
    assert.ok(["reject", "advice"].includes(rule.level), rule.id);
    assert.match(rule.clause, /^(RFC \d+|OIDC \w+) §/, rule.id);
  }
});

Deno.test("registration: lenient accepts an unknown client and warns; the flags refuse it", async () => {
  await using lenient = await provider();
  const url = await authorize(lenient, { client_id: "stranger" });
  assert.ok(url.searchParams.get("code"));
  const [warning] = await lenient.deps.warnings.kept();
  assert.equal(warning.rule, "registration");
  assert.equal(warning.clientId, "stranger");
  assert.equal(
    warning.message,
    'a production OP would reject this: the client_id is not registered (client_id "stranger") [registration]',
  );
  assert.ok(lenient.logs.some((l) => l.startsWith(`WARN ${warning.message}`)), "and it is logged");
  for (const flags of [{ requireRegistration: true }, { strict: true }]) {
    await using op = await provider(flags);
    const res = await op.request(
      `/authorize?client_id=stranger&redirect_uri=${REDIRECT}&response_type=code`,
    );
    assert.equal(res.status, 400);
    assert.match(
      await res.text(),
      /unknown client &quot;stranger&quot;: only registered clients are accepted/,
    );
    const token = await op.request("/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...basic("stranger", "x") },
      body: "grant_type=client_credentials",
    });
    assert.equal(token.status, 401);
    assert.deepEqual(await token.json(), {
      error: "invalid_client",
      error_description: 'unknown client "stranger": only registered clients are accepted',
    });
    assert.deepEqual(await warned(op), []);
  }
});

Deno.test("pkce-s256: lenient accepts plain and warns; --strict refuses it", async () => {
  const plain = {
    client_id: "web",
    code_challenge: "a".repeat(43),
    code_challenge_method: "plain",
  };
  await using lenient = await provider();
  assert.ok((await authorize(lenient, plain)).searchParams.get("code"));
  assert.deepEqual(await warned(lenient), ["pkce-s256"]);
  await using strict = await provider({ strict: true });
  assert.deepEqual(redirectedError(await authorize(strict, plain)), {
    error: "invalid_request",
    description: '"code_challenge_method" plain is not allowed; use S256',
  });
});

Deno.test("redirect-uri-secure: lenient registers http on a real host and warns; --strict refuses", async () => {
  const metadata = { redirect_uris: ["http://app.example/cb"] };
  await using lenient = await provider();
  assert.equal((await register(lenient, metadata)).status, 201);
  assert.deepEqual(await warned(lenient), ["redirect-uri-secure"]);
  await using strict = await provider({ strict: true });
  const { status, body } = await register(strict, metadata);
  assert.equal(status, 400);
  assert.deepEqual(body, {
    error: "invalid_redirect_uri",
    error_description:
      'redirect_uris[0] "http://app.example/cb" must use https, or http on a loopback address',
  });
});

async function signIn(op: TestProvider, scope: string) {
  const url = await authorize(op, { client_id: "web", scope });
  const { status, body } = await exchange(op, url.searchParams.get("code")!, {
    headers: basic("web", "s3cret"),
  });
  assert.equal(status, 200, JSON.stringify(body));
  return body as Record<string, string>;
}

Deno.test("refresh-offline-access: lenient issues a refresh token without offline_access and warns", async () => {
  await using lenient = await provider();
  assert.equal(typeof (await signIn(lenient, "openid")).refresh_token, "string");
  assert.deepEqual(await warned(lenient), ["refresh-offline-access"]);
  await using strict = await provider({ strict: true });
  assert.equal((await signIn(strict, "openid")).refresh_token, undefined);
  assert.equal(typeof (await signIn(strict, "openid offline_access")).refresh_token, "string");
  assert.deepEqual(await warned(strict), []);
});

Deno.test("scope claims stay in the ID token by default, also under --strict; --id-token-claims minimal keeps them to userinfo", async () => {
  for (const mode of [{}, { strict: true }, { strict: true, strictAll: true }]) {
    await using op = await provider(mode);
    const tokens = await signIn(op, "openid email offline_access");
    assert.equal(decodeJwt(tokens.id_token).email, "alice@example.com", JSON.stringify(mode));
    assert.deepEqual(await warned(op), [], "placing claims is not a rule");
  }
  for (const mode of [{}, { strict: true }]) {
    await using minimal = await provider({ ...mode, idTokenClaims: "minimal" });
    const tokens = await signIn(minimal, "openid email offline_access");
    const claims = decodeJwt(tokens.id_token);
    assert.equal(claims.email, undefined);
    assert.deepEqual(claims.groups, ["admins", "staff"], "custom claims stay in the ID token");
    const info = await (await minimal.request("/userinfo", {
      headers: bearer(tokens.access_token),
    })).json();
    assert.equal(info.email, "alice@example.com");
  }
});

Deno.test("warnings are kept bounded in storage: the last 200", async () => {
  await using op = await provider();
  for (let i = 0; i < 205; i++) {
    op.deps.warnings.record({ rule: "registration", message: `w${i}`, at: i });
  }
  const kept = await op.deps.warnings.kept();
  assert.equal(kept.length, 200);
  assert.equal(kept[0].message, "w5");
  assert.equal(kept.at(-1)!.message, "w204");
});

Deno.test("a warning one process records is kept for another on the same KV file", async () => {
  await using dir = await tempDir();
  const path = join(dir.path, "shared.kv");
  const [a, b] = [await openKvStore(path), await openKvStore(path)];
  try {
    const log = captureLog().log;
    const warning = { rule: "nonce-required", message: "m", clientId: "app", at: 1 };
    const sinkA = createWarningSink(log, a);
    sinkA.record(warning);
    sinkA.record({ ...warning, at: 2 });
    await sinkA.flush();
    assert.deepEqual(await createWarningSink(log, b).kept(), [warning, { ...warning, at: 2 }]);
  } finally {
    a.close();
    b.close();
  }
});
