/** Static clients, signing keys and assertions for the client authentication tests. */
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";
import { clientsFromDocument } from "../../src/config/clients.ts";
import { defaultConfig } from "../../src/config/schema.ts";
import type { Client } from "../../src/types.ts";
import { epochSeconds } from "../../src/clock.ts";
import type { TestProvider } from "../helpers.ts";

export const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** Static clients from a clients document, validated as a clients file would be. */
export async function staticClients(doc: unknown[]): Promise<Client[]> {
  const { clients, problems } = await clientsFromDocument(doc, "test", defaultConfig());
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join("\n"));
  return clients;
}

/** An ES256 key pair: the private key to sign with and the public JWK to register. */
export async function ecKey(kid: string): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  return { privateKey, jwk: { ...await exportJWK(publicKey), kid, alg: "ES256", use: "sig" } };
}

/**
 * A client assertion for `clientId` (RFC 7523 §3): `iss` = `sub` = client_id, `aud` the issuer,
 * five minutes of life and a fresh `jti`, each overridable; `undefined` drops a claim.
 */
export async function assertion(
  op: TestProvider,
  clientId: string,
  key: CryptoKey | Uint8Array,
  opts: { alg?: string; kid?: string; claims?: Record<string, unknown> } = {},
): Promise<string> {
  const now = epochSeconds(op.clock);
  const claims: JWTPayload = {
    iss: clientId,
    sub: clientId,
    aud: op.deps.config.issuer,
    iat: now,
    exp: now + 300,
    jti: crypto.randomUUID(),
    ...opts.claims,
  };
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  return await new SignJWT(claims)
    .setProtectedHeader({ alg: opts.alg ?? "ES256", ...(opts.kid ? { kid: opts.kid } : {}) })
    .sign(key);
}

/** POSTs a client_credentials token request with `params` and optional headers. */
export async function tokenRequest(
  op: TestProvider,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; res: Response }> {
  const res = await op.request("/token", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ grant_type: "client_credentials", ...params }).toString(),
  });
  return { status: res.status, body: await res.json(), res };
}

/** A JWKS served on 127.0.0.1 (a port of its own), counting its fetches. */
export function jwksServer(keys: JWK[]) {
  let fetches = 0;
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, () => {
    fetches++;
    return Response.json({ keys });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/jwks`,
    fetches: () => fetches,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}
