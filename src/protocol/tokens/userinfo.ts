import { signJwt } from "../../crypto/jwt.ts";
import type { Deps } from "../../deps.ts";
import type { Client, SigningAlg } from "../../types.ts";
import { encryptFor, encryptionFor, encryptWith } from "./response_encryption.ts";

/** A userinfo response body and its content type. */
export type UserinfoResponse =
  | { type: "application/json"; body: Record<string, unknown> }
  | { type: "application/jwt"; body: string };

/**
 * Whether an `Accept` header prefers `application/jwt` to `application/json`: a higher quality
 * than the most specific range that covers JSON. On a tie JSON wins, so that a client that
 * takes either (as oauth4webapi sends) keeps getting JSON.
 * @see RFC 9110 §12.5.1, OIDC Core §5.3.2
 */
export function prefersJwt(accept: string | undefined): boolean {
  const q = new Map<string, number>();
  for (const range of (accept ?? "").split(",")) {
    const [type, ...params] = range.split(";").map((p) => p.trim().toLowerCase());
    const weight = params.find((p) => p.startsWith("q="));
    q.set(type, Math.max(q.get(type) ?? 0, weight ? Number(weight.slice(2)) || 0 : 1));
  }
  const json = q.get("application/json") ?? q.get("application/*") ?? q.get("*/*") ?? 0;
  return (q.get("application/jwt") ?? 0) > json;
}

/**
 * The userinfo claims as JSON; or as a JWT with `iss` and `aud` when the client registered
 * `userinfo_signed_response_alg` (or, without one, asked with `Accept: application/jwt`,
 * signed with the provider's default algorithm), encrypted to the client's key when it
 * registered `userinfo_encrypted_response_alg`. Encrypted without a signing algorithm, the JWE
 * carries the JSON claims set itself.
 * @see OIDC Core §5.3.2, OpenID Connect Registration §2
 */
export async function userinfoResponse(
  deps: Pick<Deps, "config" | "keys" | "clientKeys">,
  client: Client,
  claims: Record<string, unknown>,
  wantsJwt: boolean,
): Promise<UserinfoResponse> {
  const registeredAlg = client.userinfo_signed_response_alg as SigningAlg | undefined;
  const encryption = encryptionFor(client, "userinfo");
  if (!registeredAlg && !encryption && !wantsJwt) return { type: "application/json", body: claims };
  const payload = { ...claims, iss: deps.config.issuer, aud: client.client_id };
  if (!registeredAlg && encryption) {
    const body = await encryptWith(deps, client, "userinfo", encryption, payload);
    return { type: "application/jwt", body };
  }
  const jws = await signJwt(deps.keys, payload, { alg: registeredAlg ?? deps.keys.defaultAlg });
  return { type: "application/jwt", body: await encryptFor(deps, client, "userinfo", jws) };
}
