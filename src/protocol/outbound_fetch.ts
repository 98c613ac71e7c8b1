/**
 * The one way Gatehouse fetches from a URL a client gave it: `jwks_uri`, `sector_identifier_uri`,
 * Client ID Metadata Documents, back-channel logout notifications. A client-supplied URL makes
 * the provider a proxy for whoever registers it, so every fetch is bounded: a size cap enforced
 * while the body streams (after a `Content-Length` check), one deadline covering the body, no
 * redirects, https in strict mode, and error text that does not tell a closed port from a silent
 * one.
 * @see RFC 7591 §5 (server-side fetches), OAuth 2.0 Security BCP (RFC 9700) §4.15
 */

/** The most a fetched answer may hold, by default. */
export const OUTBOUND_MAX_BYTES = 512 * 1024;
/** How long a fetch may take, from connecting to the last byte, by default. */
export const OUTBOUND_TIMEOUT_MS = 3000;

/** What to fetch and how tightly. */
export interface OutboundRequest {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
  /** Size cap for the body (default 512 KiB). */
  maxBytes?: number;
  /** Total deadline, body included (default 3 s). */
  timeoutMs?: number;
  /** Refuse plain http (strict mode). */
  requireHttps?: boolean;
  /** Certificates to trust besides the system's (the local CA under `--tls`). */
  caCerts?: string[];
  /** Only the status matters: the body is discarded unread. */
  discardBody?: boolean;
}

/** A fetched answer, its body read in full (within the cap). */
export interface OutboundResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/**
 * Why a fetch failed. The message completes a sentence that starts with the URL
 * (`jwks_uri "https://…" could not be reached: …`).
 */
export class OutboundFetchError extends Error {
  override name = "OutboundFetchError";
}

/** What every fetch of this configuration shares. */
export type OutboundPolicy = Pick<OutboundRequest, "requireHttps" | "caCerts">;

/**
 * Fetch options for the configuration: https only under `--strict`, and the local CA trusted
 * under `--tls`, so documents served on loopback with its certificates can be fetched.
 */
export function outboundPolicy(
  config: { strict: boolean; trustedCaPem?: string | null },
): OutboundPolicy {
  return {
    requireHttps: config.strict,
    ...(config.trustedCaPem ? { caCerts: [config.trustedCaPem] } : {}),
  };
}

/** Fetches `url` within the request's bounds; any failure is an `OutboundFetchError`. */
export async function outboundFetch(
  url: string,
  req: OutboundRequest = {},
): Promise<OutboundResponse> {
  checkUrl(url, req.requireHttps ?? false);
  const timeoutMs = req.timeoutMs ?? OUTBOUND_TIMEOUT_MS;
  const maxBytes = req.maxBytes ?? OUTBOUND_MAX_BYTES;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const client = req.caCerts ? Deno.createHttpClient({ caCerts: req.caCerts }) : undefined;
  try {
    const res = await connect(url, { ...req, client }, abort.signal, timeoutMs);
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => {});
      throw new OutboundFetchError(
        `answered a redirect (HTTP ${res.status}); redirects are not followed`,
      );
    }
    const body = req.discardBody
      ? (await res.body?.cancel().catch(() => {}), new Uint8Array())
      : await readBounded(res, maxBytes, timeoutMs);
    return { status: res.status, headers: res.headers, body };
  } finally {
    clearTimeout(timer);
    client?.close();
  }
}

/** The body as JSON, or an error saying it is not JSON. */
export function parseJsonBody(res: OutboundResponse): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(res.body));
  } catch {
    throw new OutboundFetchError("did not answer JSON");
  }
}

function checkUrl(url: string, requireHttps: boolean): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundFetchError("is not an absolute URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new OutboundFetchError("is not an http(s) URL");
  }
  if (requireHttps && parsed.protocol !== "https:") {
    throw new OutboundFetchError("must be an https URL (strict mode fetches nothing over http)");
  }
}

/**
 * Sends the request and waits for the status line. A refused connection and a connection that
 * never answers get the same text: the error must not turn Gatehouse into a port scanner.
 */
async function connect(
  url: string,
  req: OutboundRequest & { client?: Deno.HttpClient },
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Response> {
  try {
    return await fetch(url, {
      method: req.method ?? "GET",
      headers: req.headers,
      body: req.body,
      redirect: "manual",
      signal,
      client: req.client,
    });
  } catch {
    throw new OutboundFetchError(
      `could not be reached: the connection failed or no answer came within ${seconds(timeoutMs)}`,
    );
  }
}

/** Reads the body, stopping at the cap: `Content-Length` first, then every chunk as it comes. */
async function readBounded(res: Response, maxBytes: number, timeoutMs: number) {
  const tooLarge = () =>
    new OutboundFetchError(`answered more than ${describeSize(maxBytes)}, the limit`);
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw tooLarge();
      chunks.push(value);
    }
  } catch (err) {
    await reader.cancel().catch(() => {});
    if (err instanceof OutboundFetchError) throw err;
    throw new OutboundFetchError(
      `broke off its answer, or did not finish it within ${seconds(timeoutMs)}`,
    );
  }
  return concat(chunks, size);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}

function describeSize(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}
