import type { Deps } from "../deps.ts";
import type { Params } from "../protocol/params.ts";
import type { DpopProof } from "../protocol/dpop/proof.ts";
import type { Client } from "../types.ts";

/** What a grant handler receives: the authenticated client and the form, parsed once. */
export interface GrantContext {
  deps: Deps;
  client: Client;
  params: Params;
  /** The request's verified DPoP proof (RFC 9449 §5): the tokens are bound to its key. */
  dpop?: DpopProof;
}

/** One grant type at the token endpoint; returns the token response body (RFC 6749 §5.1). */
export type GrantHandler = (ctx: GrantContext) => Promise<Record<string, unknown>>;
