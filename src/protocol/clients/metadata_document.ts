/**
 * OAuth Client ID Metadata Documents (CIMD): a `client_id` that is an https URL names a JSON
 * document of the client's metadata, which the authorization server fetches and then enforces
 * exactly like a registration.
 * @see draft-ietf-oauth-client-id-metadata-document §3 (the URL), §4 (the document), §6 (cache)
 */
import type { Client } from "../../types.ts";
import { OAuthError } from "../errors.ts";
import {
  outboundFetch,
  OutboundFetchError,
  type OutboundPolicy,
  parseJsonBody,
} from "../outbound_fetch.ts";
import { type MetadataOptions, validateClientMetadata } from "./metadata.ts";
import { SECRET_METHODS } from "./auth_metadata.ts";

/** How long a document is used when its answer says nothing about caching. */
const DEFAULT_MAX_AGE_S = 60;
/** A `max-age` longer than this is cut: a developer's edit must show up the same day. */
const LONGEST_MAX_AGE_S = 3600;
/** Documents kept at once; the oldest goes first. */
const CACHE_ENTRIES = 100;

/** Whether `clientId` names a metadata document: an https URL with a path (§3). */
export function isMetadataDocumentId(clientId: string): boolean {
  if (!clientId.startsWith("https://")) return false;
  try {
    return new URL(clientId).pathname !== "/";
  } catch {
    return false;
  }
}

/** Fetches, validates and caches metadata documents. */
export interface ClientDocuments {
  /** The client the document describes; an `invalid_client` error saying what is wrong. */
  client(clientId: string, now: number): Promise<Client>;
}

/** What validation and fetching need. */
export interface DocumentOptions {
  fetch: OutboundPolicy;
  metadata(): MetadataOptions;
}

/** A bounded cache of documents, each kept as long as its `Cache-Control` allows. */
export function createClientDocuments(opts: DocumentOptions): ClientDocuments {
  const cache = new Map<string, { client: Client; until: number }>();
  return {
    async client(clientId, now) {
      const kept = cache.get(clientId);
      if (kept && kept.until > now) return kept.client;
      cache.delete(clientId);
      const { client, maxAge } = await fetchDocument(clientId, opts);
      if (maxAge > 0) {
        if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
        cache.set(clientId, { client, until: now + maxAge * 1000 });
      }
      return client;
    },
  };
}

function documentError(url: string, what: string): OAuthError {
  return new OAuthError("invalid_client", `the client metadata document ${url} ${what}`);
}

async function fetchDocument(url: string, opts: DocumentOptions) {
  const problem = urlProblem(url);
  if (problem) throw documentError(url, problem);
  let body: unknown;
  let res;
  try {
    res = await outboundFetch(url, { ...opts.fetch, headers: { Accept: "application/json" } });
    if (res.status !== 200) throw new OutboundFetchError(`answered HTTP ${res.status}, not 200`);
    const type = res.headers.get("content-type") ?? "none";
    if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
      throw new OutboundFetchError(`answered Content-Type ${type}; it must be application/json`);
    }
    body = parseJsonBody(res);
  } catch (err) {
    if (err instanceof OutboundFetchError) throw documentError(url, err.message);
    throw err;
  }
  return { client: clientFrom(url, body, opts.metadata()), maxAge: maxAgeOf(res.headers) };
}

/** §3: https, a path, no fragment, no credentials, no dot segments. */
function urlProblem(url: string): string | null {
  const parsed = new URL(url);
  if (url.includes("#")) return "is not a valid client_id: it must not have a fragment";
  if (parsed.username || parsed.password) {
    return "is not a valid client_id: it must not carry a user name or password";
  }
  if (url.split(/[?#]/)[0].split("/").slice(3).some((s) => s === "." || s === "..")) {
    return 'is not a valid client_id: it must not have "." or ".." path segments';
  }
  return null;
}

/** §4: the document's own `client_id`, redirect URIs, no shared secrets; then RFC 7591 rules. */
function clientFrom(url: string, body: unknown, options: MetadataOptions): Client {
  const fail = (what: string) => {
    throw documentError(url, what);
  };
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    fail("is not a JSON object");
  }
  const doc = body as Record<string, unknown>;
  if (doc.client_id !== url) {
    fail(`says its client_id is ${JSON.stringify(doc.client_id)}; it must be its own URL`);
  }
  if (!Array.isArray(doc.redirect_uris) || doc.redirect_uris.length === 0) {
    fail("has no redirect_uris");
  }
  for (const secret of ["client_secret", "client_secret_expires_at"]) {
    if (secret in doc) fail(`has "${secret}"; a metadata document must not hold a secret`);
  }
  const method = doc.token_endpoint_auth_method;
  if (typeof method === "string" && SECRET_METHODS.includes(method)) {
    fail(`has token_endpoint_auth_method ${method}; use none or private_key_jwt`);
  }
  const { client_id: _, ...metadataDoc } = doc;
  const { metadata, problems } = validateClientMetadata(metadataDoc, {
    ...options,
    defaultAuthMethod: "none",
  });
  if (problems.length > 0) fail(`is invalid: ${problems.map((p) => p.message).join(". ")}`);
  return { ...metadata, client_id: url, origin: "document" };
}

/** Seconds the answer may be reused for (RFC 9111 §5.2.2); 0: not at all. */
function maxAgeOf(headers: Headers): number {
  const cc = (headers.get("cache-control") ?? "").toLowerCase();
  if (/(^|,)\s*(no-store|no-cache)\b/.test(cc)) return 0;
  const m = /(^|,)\s*max-age\s*=\s*"?(\d+)/.exec(cc);
  return m ? Math.min(Number(m[2]), LONGEST_MAX_AGE_S) : DEFAULT_MAX_AGE_S;
}
