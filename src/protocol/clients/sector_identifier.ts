import {
  outboundFetch,
  OutboundFetchError,
  type OutboundPolicy,
  parseJsonBody,
} from "../outbound_fetch.ts";
import type { MetadataProblem } from "./metadata_reader.ts";

/**
 * Fetches a client's `sector_identifier_uri` and checks that it answers a JSON array of URIs
 * listing every one of the client's redirect URIs. Each failure is one `invalid_client_metadata`
 * problem saying what the URL answered; nothing here throws.
 * @see OIDC Core §8.1, OpenID Connect Registration §5
 */
export async function sectorIdentifierProblems(
  uri: string,
  redirectUris: string[],
  policy: OutboundPolicy = {},
): Promise<MetadataProblem[]> {
  const fail = (text: string): MetadataProblem[] => [{
    error: "invalid_client_metadata",
    message: `sector_identifier_uri "${uri}" ${text}`,
  }];
  const fetched = await fetchList(uri, policy);
  if (typeof fetched === "string") return fail(fetched);
  const missing = redirectUris.filter((r) => !fetched.includes(r));
  if (missing.length === 0) return [];
  return fail(
    `does not list the redirect URI${missing.length > 1 ? "s" : ""} ` +
      `${missing.map((m) => `"${m}"`).join(", ")}; it must list every redirect URI of the client`,
  );
}

/** The array of strings the URL answers, or why it does not answer one. */
async function fetchList(
  uri: string,
  policy: OutboundPolicy,
): Promise<string[] | string> {
  let body: unknown;
  try {
    const res = await outboundFetch(uri, { ...policy, headers: { Accept: "application/json" } });
    if (res.status !== 200) {
      return `answered HTTP ${res.status}; it must answer 200 with a JSON array of redirect URIs`;
    }
    body = parseJsonBody(res);
  } catch (err) {
    if (!(err instanceof OutboundFetchError)) throw err;
    return err.message === "did not answer JSON"
      ? "did not answer JSON; it must answer a JSON array of redirect URIs"
      : err.message;
  }
  if (!Array.isArray(body) || body.some((v) => typeof v !== "string")) {
    return "must answer a JSON array of URI strings, got " +
      (Array.isArray(body) ? "an array holding a non-string" : describe(body));
  }
  return body as string[];
}

function describe(value: unknown): string {
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
