/**
 * Every strictness rule, broken once, in each mode: lenient warns (worded by the rule's level),
 * `--strict` refuses `reject` rules and warns about `advice` ones, `--strict=all` refuses both.
 */
import assert from "node:assert/strict";
import { UnsecuredJWT } from "jose";
import type { Config } from "../../src/config/schema.ts";
import { type Rule, RULES, warningText } from "../../src/protocol/rules.ts";
import { BOB, form, type TestProvider, testProvider } from "../helpers.ts";
import {
  authorize,
  authorizeQuery,
  basic,
  exchange,
  REDIRECT,
  register,
  VERIFIER,
} from "./client_helpers.ts";
import { staticClients } from "./client_fixtures.ts";
import { externalIdp } from "../trusted_idp.ts";

const LOCALHOST = "http://localhost:3000/callback";
const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

/** A public client, a confidential one, one on localhost, and one for the password grant. */
async function provider(mode: Partial<Config>): Promise<TestProvider> {
  const grants = ["authorization_code", "refresh_token"];
  return await testProvider({
    autoLogin: "",
    allowPasswordGrant: true,
    resources: [{ url: "https://api.example/", scopes: null }],
    users: [{ sub: "alice", password: "pw" }, BOB],
    clients: await staticClients([
      { client_id: "spa", redirect_uris: [REDIRECT] },
      { client_id: "web", client_secret: "s3cret", redirect_uris: [REDIRECT], grant_types: grants },
      { client_id: "local", client_secret: "s3cret", redirect_uris: [LOCALHOST] },
      {
        client_id: "cli",
        client_secret: "s3cret",
        token_endpoint_auth_method: "client_secret_post",
        grant_types: ["password"],
        response_types: [],
      },
      {
        client_id: "api",
        client_secret: "s3cret",
        token_endpoint_auth_method: "client_secret_post",
        grant_types: [EXCHANGE],
        response_types: [],
      },
    ]),
    ...mode,
  });
}

/** What became of a request that breaks the rule. */
type Outcome = { accepted: true } | { accepted: false; error: string };

async function viaAuthorize(op: TestProvider, params: Record<string, string>): Promise<Outcome> {
  const query = await authorizeQuery(params);
  const res = await op.request(`/authorize?${query}`);
  if (res.status !== 303) {
    const page = await res.text();
    return {
      accepted: false,
      error: page.match(/unknown client|uses &quot;localhost&quot;/)?.[0] ?? page,
    };
  }
  const url = new URL(res.headers.get("location")!);
  const params2 = new URLSearchParams(url.hash ? url.hash.slice(1) : url.search);
  const error = params2.get("error_description");
  return error ? { accepted: false, error } : { accepted: true };
}

const NO_PKCE = { code_challenge: "", code_challenge_method: "" };
const UNKNOWN = "unknown client";

/** A request breaking each rule; `refusal` is what --strict=all answers (and --strict, for reject). */
const CASES: { rule: Rule; refusal: string; run(op: TestProvider): Promise<Outcome> }[] = [
  {
    rule: RULES.registration,
    refusal: UNKNOWN,
    run: (op) => viaAuthorize(op, { client_id: "stranger" }),
  },
  {
    // An ad-hoc client shows it is public at /token, by presenting no secret.
    rule: RULES.pkce_required,
    refusal: UNKNOWN,
    run: async (op) => {
      const query = { client_id: "stranger", ...NO_PKCE };
      const outcome = await viaAuthorize(op, query);
      if (!outcome.accepted) return outcome;
      const url = await authorize(op, query);
      const { status, body } = await exchange(op, url.searchParams.get("code")!, {
        form: { client_id: "stranger", code_verifier: "" },
      });
      return status === 200 ? { accepted: true } : { accepted: false, error: String(body.error) };
    },
  },
  {
    rule: RULES.pkce_confidential,
    refusal: 'missing "code_challenge"; PKCE is required of every client here',
    run: (op) => viaAuthorize(op, { client_id: "web", ...NO_PKCE }),
  },
  {
    rule: RULES.pkce_s256,
    refusal: '"code_challenge_method" plain is not allowed; use S256',
    run: (op) =>
      viaAuthorize(op, {
        client_id: "web",
        code_challenge: VERIFIER,
        code_challenge_method: "plain",
      }),
  },
  {
    rule: RULES.nonce_required,
    refusal: 'missing "nonce"; it is required for OpenID Connect requests',
    run: (op) => viaAuthorize(op, { client_id: "spa", nonce: "" }),
  },
  {
    rule: RULES.redirect_uri_secure,
    refusal:
      'redirect_uris[0] "http://app.example/cb" must use https, or http on a loopback address',
    run: async (op) => {
      const { status, body } = await register(op, { redirect_uris: ["http://app.example/cb"] });
      return status === 201
        ? { accepted: true }
        : { accepted: false, error: String(body.error_description) };
    },
  },
  {
    rule: RULES.redirect_uri_localhost,
    refusal: "uses &quot;localhost&quot;",
    run: (op) => viaAuthorize(op, { client_id: "local", redirect_uri: LOCALHOST }),
  },
  {
    // The refusal is a sign-in without a refresh token.
    rule: RULES.refresh_offline_access,
    refusal: "no refresh token",
    run: async (op) => {
      const url = await authorize(op, { client_id: "web", scope: "openid" });
      const { body } = await exchange(op, url.searchParams.get("code")!, {
        headers: basic("web", "s3cret"),
      });
      return body.refresh_token
        ? { accepted: true }
        : { accepted: false, error: "no refresh token" };
    },
  },
  {
    rule: RULES.response_type_registered,
    refusal: UNKNOWN,
    run: (op) => viaAuthorize(op, { client_id: "stranger", response_type: "code id_token" }),
  },
  {
    rule: RULES.request_object_signed,
    refusal: UNKNOWN,
    run: (op) =>
      viaAuthorize(op, {
        client_id: "stranger",
        request: new UnsecuredJWT({ client_id: "stranger", state: "s2" }).encode(),
      }),
  },
  {
    rule: RULES.password_required,
    refusal: 'user "bob" has no password, so the password grant cannot sign it in',
    run: async (op) => {
      const res = await op.request(
        "/token",
        form({
          grant_type: "password",
          username: "bob",
          password: "x",
          scope: "openid",
          client_id: "cli",
          client_secret: "s3cret",
        }),
      );
      const body = await res.json();
      return res.status === 200
        ? { accepted: true }
        : { accepted: false, error: body.error_description };
    },
  },
  {
    rule: RULES.exchange_trusted_issuer,
    refusal:
      'the subject_token\'s issuer "https://stranger.example" is not a trusted issuer, so its signature cannot be verified; add it to --trusted-issuers',
    run: async (op) => {
      const stranger = await externalIdp("https://stranger.example");
      const res = await op.request(
        "/token",
        form({
          grant_type: EXCHANGE,
          subject_token: await stranger.sign({ sub: "carol" }),
          subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
          client_id: "api",
          client_secret: "s3cret",
        }),
      );
      const body = await res.json();
      return res.status === 200
        ? { accepted: true }
        : { accepted: false, error: body.error_description };
    },
  },
  {
    rule: RULES.resource_known,
    refusal:
      '"resource" https://other.example/ is not a protected resource of this server (known: https://api.example/)',
    run: (op) => viaAuthorize(op, { client_id: "web", resource: "https://other.example/" }),
  },
];

const MODES: { name: string; config: Partial<Config>; enforces: (r: Rule) => boolean }[] = [
  { name: "lenient", config: {}, enforces: () => false },
  { name: "--strict", config: { strict: true }, enforces: (r) => r.level === "reject" },
  { name: "--strict=all", config: { strict: true, strictAll: true }, enforces: () => true },
];

Deno.test("the table covers every rule", () => {
  assert.deepEqual(
    CASES.map((c) => c.rule.id).sort(),
    Object.values(RULES).map((r) => r.id).sort(),
  );
});

for (const { rule, refusal, run } of CASES) {
  for (const mode of MODES) {
    const expected = mode.enforces(rule) ? "refused" : "warned";
    Deno.test(`${rule.id} (${rule.level}) under ${mode.name}: ${expected}`, async () => {
      await using op = await provider(mode.config);
      const outcome = await run(op);
      const warnings = (await op.deps.warnings.kept()).filter((w) => w.rule === rule.id);
      if (mode.enforces(rule)) {
        assert.deepEqual(outcome, { accepted: false, error: refusal });
        assert.deepEqual(warnings, []);
        return;
      }
      assert.deepEqual(outcome, { accepted: true });
      assert.ok(warnings.length > 0, `no ${rule.id} warning`);
      const lead = rule.level === "reject"
        ? "a production OP would reject this: "
        : "recommended: ";
      for (const w of warnings) {
        assert.ok(w.message.startsWith(`${lead}${rule.explanation}`), w.message);
        assert.ok(w.message.endsWith(`[${rule.id}]`), w.message);
      }
      assert.ok(op.logs.some((l) => l.startsWith(`WARN ${warnings[0].message}`)), "logged");
    });
  }
}

Deno.test("warningText words a reject rule and an advice rule differently", () => {
  assert.equal(
    warningText(RULES.registration, 'client_id "x"'),
    'a production OP would reject this: the client_id is not registered (client_id "x") [registration]',
  );
  assert.equal(
    warningText(RULES.nonce_required),
    "recommended: send a nonce with OpenID Connect authorization requests [nonce-required]",
  );
});

Deno.test("a registered public client without PKCE is refused in every mode", async () => {
  for (const mode of MODES) {
    await using op = await provider(mode.config);
    assert.deepEqual(await viaAuthorize(op, { client_id: "spa", ...NO_PKCE }), {
      accepted: false,
      error: 'missing "code_challenge"; public clients must use PKCE',
    }, mode.name);
  }
});
