/** The official MCP SDK's client with an in-memory `OAuthClientProvider`, as an MCP host has. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";

/** Keeps everything in memory; `authorizationUrl` is where the host would send the user. */
export class MemoryOAuthProvider implements OAuthClientProvider {
  authorizationUrl: URL | null = null;
  saved: OAuthTokens | undefined;
  private info: OAuthClientInformationMixed | undefined;
  private verifier = "";

  constructor(
    readonly redirectUrl: string,
    readonly clientMetadataUrl?: string,
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "Gatehouse MCP test host",
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** A connected SDK client; `close()` ends it. */
export async function connectClient(
  url: string,
  provider: OAuthClientProvider,
  fetchFn: typeof fetch,
): Promise<Client> {
  const client = new Client({ name: "gatehouse-mcp-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    authProvider: provider,
    fetch: fetchFn,
  });
  await client.connect(transport);
  return client;
}

/**
 * The SDK's authorization: connecting without a token is refused, the provider is sent to the
 * authorization URL; `signIn` turns that URL into the code the redirect URI received, and the
 * transport finishes the flow (code for tokens).
 */
export async function authorize(
  url: string,
  provider: MemoryOAuthProvider,
  fetchFn: typeof fetch,
  signIn: (authorizationUrl: URL) => Promise<string>,
): Promise<void> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    authProvider: provider,
    fetch: fetchFn,
  });
  const client = new Client({ name: "gatehouse-mcp-test", version: "1.0.0" });
  try {
    await client.connect(transport);
    throw new Error("the MCP server accepted a connection without a token");
  } catch (err) {
    if (!(err instanceof UnauthorizedError)) throw err;
  }
  if (!provider.authorizationUrl) throw new Error("the SDK did not start an authorization");
  await transport.finishAuth(await signIn(provider.authorizationUrl));
  await transport.close();
}

/** The text of the `whoami` tool's answer. */
export async function whoami(client: Client): Promise<string> {
  const result = await client.callTool({ name: "whoami", arguments: {} });
  const content = result.content as { type: string; text: string }[];
  return content[0].text;
}
