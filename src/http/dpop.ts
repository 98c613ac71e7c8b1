import type { Context } from "npm:hono@^4";
import { endpointsFor } from "../protocol/endpoints.ts";
import { profileNamed } from "../profiles/index.ts";
import { dpopError, type ProofSite } from "../protocol/dpop/errors.ts";
import { checkDpopProof, type DpopProof, normalizedUrl } from "../protocol/dpop/proof.ts";
import type { Env } from "./env.ts";
import { requestOrigin } from "./origin.ts";

/**
 * The request's `DPoP` proof, verified for this request's method and URL, or undefined when it
 * sent none. `endpoint` names the endpoint in discovery (`token`, `userinfo`), whose URLs on the
 * issuer's and the back-channel origin are accepted as `htu` besides the URL the request reached.
 * @see RFC 9449 §4.3
 */
export async function dpopProofOf(
  c: Context<Env>,
  site: ProofSite,
  endpoint: "token" | "userinfo" | "pushedAuthorizationRequest",
  accessToken?: string,
): Promise<DpopProof | undefined> {
  const header = c.req.header("dpop");
  if (header === undefined) return undefined;
  // Several DPoP headers arrive joined by commas, which a compact JWS never contains.
  if (header.includes(",")) {
    throw dpopError(site, "the request has more than one DPoP header; send exactly one proof");
  }
  const deps = c.get("deps");
  const { issuer, backchannelUrl, trustProxy, profile } = deps.config;
  const paths = profileNamed(profile)?.paths;
  const url = new URL(c.req.url);
  const urls = [
    normalizedUrl(`${requestOrigin(c.req.raw, trustProxy)}${url.pathname}`),
    endpointsFor(issuer, undefined, paths)[endpoint],
    endpointsFor(issuer, backchannelUrl ?? undefined, paths)[endpoint],
  ];
  return await checkDpopProof(deps, header.trim(), {
    site,
    method: c.req.method,
    urls: [...new Set(urls)],
    accessToken,
  });
}
