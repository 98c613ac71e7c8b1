/** Tokens carry the configured issuer, whatever origin the back channel is reached on. */
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import type { Config } from "../../src/config/schema.ts";
import { banner } from "../../src/banner.ts";
import { defaultConfig } from "../../src/config/schema.ts";
import { authParams, location, REDIRECT, VERIFIER } from "../flow.ts";
import { form, testProvider } from "../helpers.ts";

const ISSUER = "http://localhost:8080/realms/dev";

/** Signs in with --auto-login through the issuer, redeems the code at `tokenUrl`. */
async function tokens(
  overrides: Partial<Config>,
  tokenUrl: string,
  headers: Record<string, string> = {},
): Promise<Record<string, string>> {
  await using op = await testProvider({ issuer: ISSUER, autoLogin: "", ...overrides });
  const query = new URLSearchParams(authParams()).toString();
  const code = location(await op.request(`${ISSUER}/authorize?${query}`, { headers }))
    .searchParams.get("code");
  assert.ok(code, "/authorize returned a code");
  const request = form({
    grant_type: "authorization_code",
    code,
    client_id: "app",
    redirect_uri: REDIRECT,
    code_verifier: VERIFIER,
  });
  const res = await op.request(tokenUrl, {
    ...request,
    headers: { ...request.headers as Record<string, string>, ...headers },
  });
  assert.equal(res.status, 200, await res.clone().text());
  return await res.json();
}

function issuersIn(body: Record<string, string>): string[] {
  const jwts = [body.id_token, body.access_token].filter((t) => t?.split(".").length === 3);
  assert.ok(jwts.length >= 1, "the response holds an ID token");
  return jwts.map((t) => String(decodeJwt(t).iss));
}

Deno.test("tokens carry the configured iss when the back channel is on another origin", async () => {
  const cases: [Partial<Config>, string, Record<string, string>][] = [
    [{}, `${ISSUER}/token`, {}],
    [{ backchannelUrl: "http://gatehouse:9400" }, "http://gatehouse:9400/realms/dev/token", {}],
    [{ backchannelDynamic: true }, "http://gatehouse:9400/realms/dev/token", {}],
    [
      { backchannelDynamic: true, trustProxy: true },
      "http://gatehouse:9400/realms/dev/token",
      { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "id.example.com" },
    ],
  ];
  for (const [overrides, tokenUrl, headers] of cases) {
    const issuers = issuersIn(await tokens(overrides, tokenUrl, headers));
    for (const iss of issuers) assert.equal(iss, ISSUER, JSON.stringify(overrides));
  }
});

Deno.test("the banner prints every URL discovery lists, on the origin it lists it on", () => {
  const config = {
    ...defaultConfig(),
    issuer: ISSUER,
    backchannelUrl: "http://gatehouse:9400",
  };
  const text = banner(config, "http://0.0.0.0:9400");
  const row = (key: string) => text.match(new RegExp(`^  ${key} +(\\S+)$`, "m"))?.[1];
  assert.equal(row("issuer"), ISSUER);
  assert.equal(row("discovery"), `${ISSUER}/.well-known/openid-configuration`);
  assert.equal(row("authorization"), `${ISSUER}/authorize`);
  assert.equal(row("end_session"), `${ISSUER}/logout`);
  assert.equal(row("token"), "http://gatehouse:9400/realms/dev/token");
  assert.equal(row("jwks"), "http://gatehouse:9400/realms/dev/jwks");
  assert.equal(row("back-channel"), "http://gatehouse:9400");
  assert.equal(row("listening"), "http://0.0.0.0:9400");
  const dynamic = banner({ ...config, backchannelUrl: null, backchannelDynamic: true }, "x");
  assert.match(dynamic, /^ {2}token +<request origin>\/realms\/dev\/token$/m);
  assert.match(dynamic, /^ {2}back-channel +the origin each request was sent to \(forwarded /m);
});
