/**
 * Right after start-up, /jwks holds a key for every algorithm discovery advertises, so an RP that
 * caches the key set before its first ES256 (or EdDSA…) token can verify it.
 */
import assert from "node:assert/strict";
import { createLocalJWKSet, jwtVerify } from "jose";
import { defaultConfig } from "../../src/config/schema.ts";
import { createLog } from "../../src/log.ts";
import { startServer } from "../../src/server.ts";
import { mintIdToken } from "../../src/protocol/tokens/mint.ts";
import type { SigningAlg } from "../../src/types.ts";

Deno.test("/jwks holds a key for every advertised signing alg right after start-up; discovery answers at once", async () => {
  const config = { ...defaultConfig(), port: 0, users: [{ sub: "alice" }] };
  const op = await startServer(config, { deps: { log: createLog("text", () => {}) } });
  try {
    await checkKeys(op);
  } finally {
    await op.close();
  }
});

async function checkKeys(op: Awaited<ReturnType<typeof startServer>>) {
  const started = performance.now();
  const discovery = await (await fetch(`${op.url}/.well-known/openid-configuration`)).json();
  const discoveryMs = performance.now() - started;
  const jwks = await (await fetch(`${op.url}/jwks`)).json();
  const published = new Set(jwks.keys.map((k: { alg: string }) => k.alg));
  const advertised = [
    ...discovery.id_token_signing_alg_values_supported,
    ...discovery.userinfo_signing_alg_values_supported,
  ];
  assert.deepEqual(advertised.filter((alg) => !published.has(alg)), [], "an alg without a key");
  assert.ok(discoveryMs < 5_000, `discovery took ${discoveryMs} ms`);
  // A token signed with each advertised alg verifies against the set fetched before it existed.
  const keySet = createLocalJWKSet(jwks);
  for (const alg of discovery.id_token_signing_alg_values_supported as SigningAlg[]) {
    const token = await mintIdToken(op.deps, {
      client: {
        client_id: "rp",
        redirect_uris: [],
        grant_types: [],
        response_types: [],
        token_endpoint_auth_method: "none",
        origin: "ad-hoc",
        id_token_signed_response_alg: alg,
      },
      signIn: { sub: "alice", claims: { sub: "alice" } },
      scopes: ["openid"],
    }, {});
    const { protectedHeader } = await jwtVerify(token, keySet, { audience: "rp" });
    assert.equal(protectedHeader.alg, alg);
  }
}
