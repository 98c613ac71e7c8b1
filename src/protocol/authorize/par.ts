import { randomToken } from "../../crypto/random.ts";
import { sha256 } from "../../crypto/hash.ts";
import type { Deps } from "../../deps.ts";
import type { Params } from "../params.ts";
import { invalidRequest, OAuthError } from "../errors.ts";

/** The URN prefix of the `request_uri` values /par hands out (RFC 9126 §2.2). */
export const REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";

/** How long a pushed request may wait for its /authorize, in seconds: short, as §2.2 advises. */
export const PAR_TTL_S = 60;

/** A pushed authorization request, kept under the hash of its reference. */
export interface PushedRequest {
  clientId: string;
  /** The validated parameters (a request object already verified and unpacked). */
  params: Params;
  /** Epoch ms. */
  exp: number;
  /** Set when /authorize took it: a `request_uri` is single use. */
  usedAt?: number;
}

/** Parameters of client authentication, which are not part of the authorization request. */
const AUTH_PARAMS = ["client_secret", "client_assertion", "client_assertion_type"];

/** RFC 9101 §7 `invalid_request_uri`. */
export const invalidRequestUri = (d: string) => new OAuthError("invalid_request_uri", d);

/**
 * The authorization parameters of a /par body: everything but client authentication.
 * `request_uri` cannot itself be pushed.
 * @see RFC 9126 §2.1
 */
export function pushedParams(form: Params): Params {
  if (form.request_uri !== undefined) {
    throw invalidRequest('"request_uri" cannot be pushed; send the authorization parameters');
  }
  return Object.fromEntries(Object.entries(form).filter(([k]) => !AUTH_PARAMS.includes(k)));
}

/**
 * Keeps a validated request and returns its `request_uri` and lifetime.
 * @see RFC 9126 §2.2
 */
export async function pushRequest(
  deps: Pick<Deps, "store" | "clock">,
  clientId: string,
  params: Params,
): Promise<{ requestUri: string; expiresIn: number }> {
  const id = randomToken(32);
  const record: PushedRequest = {
    clientId,
    params,
    exp: deps.clock.now() + PAR_TTL_S * 1000,
  };
  await deps.store.savePushedRequest(await sha256(id), record);
  return { requestUri: `${REQUEST_URI_PREFIX}${id}`, expiresIn: PAR_TTL_S };
}

/**
 * Takes the pushed request a `request_uri` names, once: it must be ours, unexpired by the
 * injected clock, unused and pushed by the same client. Marking it used is one compare-and-set
 * commit, so of two concurrent uses exactly one wins.
 * @see RFC 9126 §4
 */
export async function takePushedRequest(
  deps: Pick<Deps, "store" | "clock">,
  clientId: string,
  requestUri: string,
): Promise<Params> {
  if (!requestUri.startsWith(REQUEST_URI_PREFIX)) {
    throw new OAuthError(
      "request_uri_not_supported",
      `"request_uri" must be one that /par returned (${REQUEST_URI_PREFIX}…); other request URIs are not fetched`,
    );
  }
  const now = deps.clock.now();
  const hash = await sha256(requestUri.slice(REQUEST_URI_PREFIX.length));
  const taken = await deps.store.takePushedRequest(hash, clientId, now);
  switch (taken.status) {
    case "ok":
      return taken.record.params;
    case "unknown":
      throw invalidRequestUri('"request_uri" is unknown: /par did not issue it');
    case "other_client":
      throw invalidRequestUri(`"request_uri" was pushed by client "${taken.record.clientId}"`);
    case "used":
      throw invalidRequestUri('"request_uri" was already used; push the request again');
    case "expired": {
      const ago = Math.round((now - taken.record.exp) / 1000);
      throw invalidRequestUri(`"request_uri" expired ${ago}s ago; push the request again`);
    }
  }
}
