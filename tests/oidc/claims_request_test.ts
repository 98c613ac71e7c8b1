import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { parseClaimsRequest, requestedClaims } from "../../src/protocol/claims_request.ts";
import { OAuthError } from "../../src/protocol/errors.ts";
import { codeFor, loginForm, redeem, submitForm } from "../flow.ts";
import { ALICE, form, type TestProvider, testProvider } from "../helpers.ts";
import { authorizeWith, fragmentOf, oidcParams } from "./helpers.ts";

const ISSUER = "http://localhost:9400";

/** The `invalid_request` description `parseClaimsRequest` throws for `value`. */
function parseError(value: string): string {
  try {
    parseClaimsRequest(value);
  } catch (err) {
    assert.ok(err instanceof OAuthError);
    assert.equal(err.code, "invalid_request");
    return err.description;
  }
  assert.fail(`"${value}" was accepted`);
}

Deno.test("a malformed claims parameter is invalid_request naming the member", () => {
  const cases: [string, string][] = [
    ["{", `"claims" is not valid JSON: ${jsonError("{")}`],
    ["[]", '"claims" must be a JSON object, got an array'],
    ['{"id_token": 1}', '"claims" member id_token must be an object, got a number'],
    [
      '{"userinfo": {"email": true}}',
      '"claims" member userinfo.email must be null or an object, got a boolean',
    ],
    [
      '{"id_token": {"email": {"essential": "yes"}}}',
      '"claims" member id_token.email.essential must be true or false, got a string',
    ],
    [
      '{"id_token": {"acr": {"values": "gold"}}}',
      '"claims" member id_token.acr.values must be an array, got a string',
    ],
  ];
  for (const [value, description] of cases) assert.equal(parseError(value), description, value);
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  return "";
}

Deno.test("claims requests keep null, essential, value and values, and ignore unknown members", () => {
  assert.deepEqual(
    parseClaimsRequest(JSON.stringify({
      id_token: { email: null, name: { essential: true }, acr: { values: ["a", "b"] } },
      userinfo: { phone_number: { value: "+1 555 0100", essential: false } },
      something_else: { x: 1 },
    })),
    {
      id_token: { email: null, name: { essential: true }, acr: { values: ["a", "b"] } },
      userinfo: { phone_number: { value: "+1 555 0100", essential: false } },
    },
  );
});

Deno.test("requested claims: held ones only, value and values must match, token claims never", () => {
  const members = {
    email: { essential: true },
    name: { value: "Someone Else" },
    given_name: { values: ["Al", "Alice"] },
    family_name: { value: "Adams" },
    birthdate: { essential: true },
    iss: null,
    nonce: null,
    groups: null,
  };
  assert.deepEqual(requestedClaims(ALICE, members), {
    email: "alice@example.com",
    given_name: "Alice",
    family_name: "Adams",
    groups: ["admins", "staff"],
  });
});

/** Signs alice in for `claims` with scope openid only, and returns the fragment's ID token. */
async function idTokenFor(p: TestProvider, claims: unknown, extra: Record<string, string> = {}) {
  const params = fragmentOf(
    await authorizeWith(
      p,
      oidcParams("id_token", { scope: "openid", claims: JSON.stringify(claims), ...extra }),
    ),
  );
  assert.ok(params.id_token, JSON.stringify(params));
  return decodeJwt(params.id_token);
}

Deno.test("claims.id_token members go in the ID token without their scope", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const id = await idTokenFor(p, {
    id_token: { email: { essential: true }, phone_number: null, name: { value: "Bob" } },
    userinfo: { given_name: null },
  });
  assert.equal(id.email, "alice@example.com");
  assert.equal(id.phone_number, "+1 555 0100");
  assert.equal(id.name, undefined, "a value that does not match is left out");
  assert.equal(id.given_name, undefined, "userinfo members stay out of the ID token");
  assert.equal(id.email_verified, undefined, "only what was asked for");
});

Deno.test("claims.id_token.acr picks the acr; a sub value must be the signed-in user", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const acr = await idTokenFor(p, {
    id_token: { acr: { essential: true, values: ["gold", "silver"] } },
  });
  assert.equal(acr.acr, "gold");
  const bob = await idTokenFor(p, { id_token: { sub: { value: "bob" } } });
  assert.equal(bob.sub, "bob", "--auto-login signs in the user the claims request names");
});

Deno.test("a sub value other than the signed-in user gives login_required under prompt=none", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const first = await authorizeWith(p, oidcParams("id_token"));
  const cookie = first.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const qs = new URLSearchParams(oidcParams("id_token", {
    prompt: "none",
    claims: JSON.stringify({ id_token: { sub: { value: "bob" } } }),
  }));
  const res = await p.request(`/authorize?${qs}`, { headers: { cookie } });
  assert.deepEqual(fragmentOf(res), {
    error: "login_required",
    error_description: 'the claims request asks for sub "bob", but "alice" is signed in',
    state: "st-1",
    iss: ISSUER,
  });
});

Deno.test("claims.userinfo members come from userinfo, through the code, the grant and refreshes", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const claims = {
    userinfo: { email: { essential: true }, phone_number: null, name: { values: ["x"] } },
    id_token: { given_name: null },
  };
  const code = await codeFor(p, { scope: "openid offline_access", claims: JSON.stringify(claims) });
  const tokens = await (await redeem(p, code)).json();
  const id = decodeJwt(tokens.id_token);
  assert.equal(id.given_name, "Alice");
  assert.equal(id.email, undefined);
  const userinfo = async (token: string) =>
    await (await p.request("/userinfo", { headers: { authorization: `Bearer ${token}` } })).json();
  assert.deepEqual(await userinfo(tokens.access_token), {
    sub: "alice",
    email: "alice@example.com",
    phone_number: "+1 555 0100",
    groups: ["admins", "staff"],
  });
  const refreshed = await (await p.request(
    "/token",
    form({ grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: "app" }),
  )).json();
  assert.equal(decodeJwt(refreshed.id_token).given_name, "Alice");
  assert.deepEqual(await userinfo(refreshed.access_token), await userinfo(tokens.access_token));
});

Deno.test("a malformed claims parameter is redirected as invalid_request", async () => {
  await using p = await testProvider({ autoLogin: "" });
  const res = await authorizeWith(p, oidcParams("id_token", { claims: '{"userinfo": []}' }));
  assert.deepEqual(fragmentOf(res), {
    error: "invalid_request",
    error_description: '"claims" member userinfo must be an object, got an array',
    state: "st-1",
    iss: ISSUER,
  });
});

Deno.test("signing in on the login page as another user than the claims request's sub is access_denied", async () => {
  await using p = await testProvider();
  const claims = JSON.stringify({ id_token: { sub: { value: "bob" } } });
  const page = await authorizeWith(p, oidcParams("id_token", { claims }));
  const res = await submitForm(p, await loginForm(page), { sub: "alice" });
  assert.deepEqual(fragmentOf(res), {
    error: "access_denied",
    error_description: 'the claims request asks for sub "bob", but "alice" signed in',
    state: "st-1",
    iss: ISSUER,
  });
});
