/**
 * An MCP server as MCP developers write one with the official SDK: Streamable HTTP over https,
 * RFC 9728 protected resource metadata naming Gatehouse, and bearer tokens verified against
 * Gatehouse's JWKS with `aud` = the server's URL.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { createLocalJWKSet, jwtVerify } from "jose";

/** A running MCP server: its URL (the resource), and what it accepted. */
export interface McpResourceServer extends AsyncDisposable {
  /** The MCP endpoint, which is also the resource indicator: `https://localhost:<port>/mcp`. */
  url: string;
  /** The `sub` of each verified token, in order. */
  subjects: string[];
  /** How many requests were refused with 401. */
  refused(): number;
}

/** Starts the server with the certificate and key of the local CA's leaf. */
export function startMcpServer(
  opts: { issuer: string; cert: string; key: string; fetch: typeof fetch; scopes: string[] },
): McpResourceServer {
  const subjects: string[] = [];
  let refused = 0;
  let url = "";
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, cert: opts.cert, key: opts.key, onListen() {} },
    async (req) => {
      const path = new URL(req.url).pathname;
      if (path.startsWith("/.well-known/oauth-protected-resource")) {
        return Response.json({
          resource: url,
          authorization_servers: [opts.issuer],
          scopes_supported: opts.scopes,
          bearer_methods_supported: ["header"],
        });
      }
      if (path !== "/mcp") return new Response("not found", { status: 404 });
      const sub = await verifiedSubject(req, opts, url);
      if (!sub) {
        refused++;
        const metadata = `${new URL(url).origin}/.well-known/oauth-protected-resource/mcp`;
        return new Response(JSON.stringify({ error: "invalid_token" }), {
          status: 401,
          headers: {
            "Content-Type": "application/json",
            "WWW-Authenticate": `Bearer error="invalid_token", resource_metadata="${metadata}"`,
          },
        });
      }
      subjects.push(sub);
      return await handleMcp(req, sub);
    },
  );
  url = `https://localhost:${server.addr.port}/mcp`;
  return {
    url,
    subjects,
    refused: () => refused,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

/** The token's `sub` when it verifies against Gatehouse's keys for this resource; else null. */
async function verifiedSubject(
  req: Request,
  opts: { issuer: string; fetch: typeof fetch },
  resource: string,
): Promise<string | null> {
  const header = req.headers.get("authorization") ?? "";
  if (!header.startsWith("Bearer ")) return null;
  const discovery = await (await opts.fetch(`${opts.issuer}/.well-known/openid-configuration`))
    .json();
  const jwks = await (await opts.fetch(discovery.jwks_uri)).json();
  try {
    const { payload } = await jwtVerify(header.slice(7), createLocalJWKSet(jwks), {
      issuer: opts.issuer,
      audience: resource,
    });
    return String(payload.sub);
  } catch {
    return null;
  }
}

/** One stateless MCP exchange with a `whoami` tool that answers the token's subject. */
async function handleMcp(req: Request, sub: string): Promise<Response> {
  const mcp = new McpServer({ name: "gatehouse-test-mcp", version: "1.0.0" });
  mcp.registerTool(
    "whoami",
    { description: "Says who the bearer token names" },
    () => ({ content: [{ type: "text", text: `you are ${sub}` }] }),
  );
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await mcp.connect(transport);
  return await transport.handleRequest(req);
}
