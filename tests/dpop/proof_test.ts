import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { assertOAuthError, type TestProvider, testProvider } from "../helpers.ts";
import { basic } from "../token_clients.ts";
import { dpopKey, TOKEN_URL } from "../dpop_proofs.ts";

/** A client_credentials request as `svc`, with `dpop` as the DPoP header (or headers). */
async function tokenWith(p: TestProvider, dpop?: string | string[]): Promise<Response> {
  const headers = new Headers({
    "content-type": "application/x-www-form-urlencoded",
    authorization: basic("svc"),
  });
  for (const d of [dpop ?? []].flat()) headers.append("dpop", d);
  return await p.request("/token", {
    method: "POST",
    headers,
    body: "grant_type=client_credentials",
  });
}

const invalidProof = (res: Response, description: string) =>
  assertOAuthError(res, 400, { error: "invalid_dpop_proof", error_description: description });

Deno.test("DPoP: every way a proof is wrong at /token gets invalid_dpop_proof saying why", async (t) => {
  await using p = await testProvider();
  // The stale-iat message counts whole seconds.
  p.clock.freeze(p.clock.now());
  const key = await dpopKey();
  const now = Math.floor(p.clock.now() / 1000);
  const cases: [string, () => Promise<string | string[]>, string][] = [
    ["not a JWT", () => Promise.resolve("nope"), "the DPoP proof is not a JWT"],
    [
      "two DPoP headers",
      async () => [await key.proof(now), await key.proof(now)],
      "the request has more than one DPoP header; send exactly one proof",
    ],
    [
      "typ JWT",
      () => key.proof(now, { header: { typ: "JWT" } }),
      'the DPoP proof has "typ" "JWT"; use "dpop+jwt"',
    ],
    [
      "no jwk header",
      () => key.proof(now, { header: { jwk: undefined } }),
      'the DPoP proof has no "jwk" header',
    ],
    [
      "a private key in the jwk header",
      async () => {
        const { privateKey } = await generateKeyPair("ES256", { extractable: true });
        return await key.proof(now, { header: { jwk: await exportJWK(privateKey) } });
      },
      'the DPoP proof carries a private key in its "jwk" header',
    ],
    [
      "another key's jwk",
      async () => key.proof(now, { header: { jwk: (await dpopKey()).jwk } }),
      'the DPoP proof has a signature that does not verify with its "jwk"',
    ],
    [
      "wrong htm",
      () => key.proof(now, { htm: "GET" }),
      'the DPoP proof has "htm" "GET", but the request is POST',
    ],
    [
      "wrong htu",
      () => key.proof(now, { htu: "http://localhost:9400/userinfo" }),
      `the DPoP proof has "htu" "http://localhost:9400/userinfo", but the request went to ${TOKEN_URL}`,
    ],
    [
      "stale iat",
      () => key.proof(now - 61),
      `the DPoP proof has "iat" ${
        now - 61
      }, 61s from now; it must be within 60s (make a fresh proof, or use the server's DPoP-Nonce)`,
    ],
    [
      "no jti",
      () => key.proof(now, { claims: { jti: undefined } }),
      'the DPoP proof has no "jti" (a unique string of at most 256 characters)',
    ],
  ];
  for (const [what, make, description] of cases) {
    await t.step(
      what,
      async () => await invalidProof(await tokenWith(p, await make()), description),
    );
  }
  await t.step("an HMAC alg", async () => {
    const hs = await new SignJWT({ htm: "POST", htu: TOKEN_URL, iat: now, jti: "hs" })
      .setProtectedHeader({ alg: "HS256", typ: "dpop+jwt", jwk: key.jwk })
      .sign(new Uint8Array(32));
    await invalidProof(
      await tokenWith(p, hs),
      'the DPoP proof is signed with "HS256"; use one of ES256, ES384, EdDSA, RS256, PS256',
    );
  });
  await t.step("htu with a query still matches", async () => {
    const res = await tokenWith(p, await key.proof(now, { htu: `${TOKEN_URL}?x=1` }));
    assert.equal(res.status, 200);
  });
});

Deno.test("DPoP: a proof is taken once; of 20 racing with one jti exactly one succeeds", async () => {
  await using p = await testProvider();
  const key = await dpopKey();
  const proof = await key.proof(Math.floor(p.clock.now() / 1000));
  const results = await Promise.all(Array.from({ length: 20 }, () => tokenWith(p, proof)));
  const ok = results.filter((r) => r.status === 200);
  assert.equal(ok.length, 1, `statuses: ${results.map((r) => r.status)}`);
  for (const r of results.filter((r) => r.status !== 200)) {
    const body = await r.json();
    assert.equal(body.error, "invalid_dpop_proof");
    assert.match(body.error_description, /^the DPoP proof "jti" .* was already used/);
  }
  await ok[0].body?.cancel();
  // Once the proof window has passed, the proof is refused for its age, not remembered forever.
  p.clock.advance(61_000);
  const late = await (await tokenWith(p, proof)).json();
  assert.match(late.error_description, /it must be within 60s/);
});

Deno.test("DPoP: every advertised alg signs a proof the token endpoint accepts", async () => {
  await using p = await testProvider();
  const meta = await (await p.request("/.well-known/openid-configuration")).json();
  assert.deepEqual(meta.dpop_signing_alg_values_supported, [
    "ES256",
    "ES384",
    "EdDSA",
    "RS256",
    "PS256",
  ]);
  for (const alg of meta.dpop_signing_alg_values_supported) {
    const key = await dpopKey(alg);
    const res = await tokenWith(p, await key.proof(Math.floor(p.clock.now() / 1000)));
    assert.equal(res.status, 200, `${alg}: ${await res.clone().text()}`);
    const body = await res.json();
    assert.equal(body.token_type, "DPoP", alg);
  }
});

Deno.test("DPoP: htu may name the token endpoint on the back-channel origin, at the profile's path", async () => {
  await using p = await testProvider({
    profile: "keycloak",
    backchannelUrl: "http://gatehouse:9400",
  });
  const key = await dpopKey();
  const htu = "http://gatehouse:9400/protocol/openid-connect/token";
  const res = await p.request("/protocol/openid-connect/token", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: basic("svc"),
      dpop: await key.proof(Math.floor(p.clock.now() / 1000), { htu }),
    },
    body: "grant_type=client_credentials",
  });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal((await res.json()).token_type, "DPoP");
});
