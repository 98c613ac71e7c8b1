import { type Context, Hono } from "npm:hono@^4";
import { cors } from "./cors.ts";
import { checkAccessToken } from "../protocol/tokens/access_token.ts";
import { releasedClaims } from "../protocol/claims.ts";
import { requestedClaims } from "../protocol/claims_request.ts";
import { invalidRequest, invalidToken, OAuthError } from "../protocol/errors.ts";
import { localSubject } from "../protocol/pairwise.ts";
import { knownClient } from "../protocol/clients/known_client.ts";
import { prefersJwt, userinfoResponse } from "../protocol/tokens/userinfo.ts";
import { claimsOf } from "../users.ts";
import type { Env } from "./env.ts";
import { readForm } from "./form.ts";
import { dpopProofOf } from "./dpop.ts";
import { checkTokenBinding, type TokenScheme } from "../protocol/dpop/resource.ts";

/**
 * `/userinfo` (GET and POST): the claims the access token's scopes release, as JSON or as the
 * signed (and maybe encrypted) JWT the client registered or asked for with `Accept`.
 * @see OIDC Core §5.3, RFC 6750 §2
 */
export function userinfoRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  app.use(
    "/userinfo",
    cors({
      allowHeaders: ["Authorization", "DPoP"],
      exposeHeaders: ["WWW-Authenticate", "DPoP-Nonce"],
      maxAge: 600,
    }),
  );
  app.on(["GET", "POST"], "/userinfo", async (c) => {
    const deps = c.get("deps");
    const { token, scheme } = await accessTokenOf(c);
    const proof = scheme === "DPoP"
      ? await dpopProofOf(c, "resource", "userinfo", token)
      : undefined;
    c.set("dpopJkt", proof?.jkt);
    const check = await checkAccessToken(deps, token);
    if (!check.ok) throw invalidToken(check.reason);
    checkTokenBinding(check.payload, scheme, proof);
    const { sub, jti } = check.payload;
    c.set("sub", sub);
    const scopes = String(check.payload.scope ?? "").split(" ");
    if (!scopes.includes("openid")) {
      throw new OAuthError("insufficient_scope", 'the access token lacks the "openid" scope', 403, {
        wwwAuthenticate: 'Bearer realm="gatehouse", error="insufficient_scope", scope="openid"',
      });
    }
    const client = await knownClient(deps, String(check.payload.client_id));
    const user = await deps.users.get(await localSubject(deps, client, sub));
    // The grant holds free-form users' claims and the claims request's userinfo members (§5.5).
    const grant = await deps.store.accessTokenGrant(jti);
    const claims = user ? claimsOf(user) : grant?.claims ?? {};
    const res = await userinfoResponse(
      deps,
      client,
      {
        sub,
        ...releasedClaims(claims, scopes),
        ...requestedClaims(claims, grant?.claimsRequest?.userinfo),
      },
      prefersJwt(c.req.header("accept")),
    );
    if (res.type === "application/json") return c.json(res.body);
    return c.body(res.body, 200, { "Content-Type": "application/jwt" });
  });
  return app;
}

/**
 * The access token from the header (`Bearer` or `DPoP`) or (POST) the form, but never both.
 * @see RFC 6750 §2, RFC 9449 §7.1
 */
async function accessTokenOf(c: Context<Env>): Promise<{ token: string; scheme: TokenScheme }> {
  const header = c.req.header("authorization");
  const match = header?.match(/^(Bearer|DPoP)\s+(\S+)\s*$/i);
  const fromHeader = match?.[2];
  const scheme: TokenScheme = match?.[1].toLowerCase() === "dpop" ? "DPoP" : "Bearer";
  const isForm = c.req.method === "POST" &&
    (c.req.header("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
  const fromForm = isForm ? (await readForm(c)).access_token : undefined;
  if (fromHeader && fromForm) {
    throw invalidRequest("the access token was sent in both the header and the body");
  }
  const token = fromHeader ?? fromForm;
  if (!token) {
    if (header) throw invalidToken("the Authorization header is not a Bearer or DPoP token");
    throw new OAuthError("invalid_request", "no access token was sent", 401, {
      wwwAuthenticate: 'Bearer realm="gatehouse"',
    });
  }
  return { token, scheme };
}
