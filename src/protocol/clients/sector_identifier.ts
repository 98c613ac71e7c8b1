import type { MetadataProblem } from "./metadata_reader.ts";

/** How long a `sector_identifier_uri` may take to answer before registration fails. */
export const SECTOR_FETCH_TIMEOUT_MS = 3000;

/**
 * Fetches a client's `sector_identifier_uri` and checks that it answers a JSON array of URIs
 * listing every one of the client's redirect URIs. Each failure is one `invalid_client_metadata`
 * problem saying what the URL answered; nothing here throws.
 * @see OIDC Core §8.1, OpenID Connect Registration §5
 */
export async function sectorIdentifierProblems(
  uri: string,
  redirectUris: string[],
): Promise<MetadataProblem[]> {
  const fail = (text: string): MetadataProblem[] => [{
    error: "invalid_client_metadata",
    message: `sector_identifier_uri "${uri}" ${text}`,
  }];
  const fetched = await fetchList(uri);
  if (typeof fetched === "string") return fail(fetched);
  const missing = redirectUris.filter((r) => !fetched.includes(r));
  if (missing.length === 0) return [];
  return fail(
    `does not list the redirect URI${missing.length > 1 ? "s" : ""} ` +
      `${missing.map((m) => `"${m}"`).join(", ")}; it must list every redirect URI of the client`,
  );
}

/** The array of strings the URL answers, or why it does not answer one. */
async function fetchList(uri: string): Promise<string[] | string> {
  let res: Response;
  try {
    res = await fetch(uri, {
      headers: { Accept: "application/json" },
      signal: AbortSignal.timeout(SECTOR_FETCH_TIMEOUT_MS),
    });
  } catch (err) {
    if ((err as Error).name === "TimeoutError") {
      return `did not answer within ${SECTOR_FETCH_TIMEOUT_MS / 1000}s`;
    }
    return `could not be fetched: ${(err as Error).message}`;
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    return `answered HTTP ${res.status}; it must answer 200 with a JSON array of redirect URIs`;
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch (err) {
    if ((err as Error).name === "TimeoutError") {
      return `did not answer within ${SECTOR_FETCH_TIMEOUT_MS / 1000}s`;
    }
    return "did not answer JSON; it must answer a JSON array of redirect URIs";
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
