/** How a flag's value is read. */
export type FlagKind = "string" | "boolean" | "port" | "duration" | "list";

/** One command-line flag, with its env var and config file key (the flag name itself). */
export interface FlagSpec {
  name: string;
  kind: FlagKind;
  description: string;
  /** Shown in help; the value used when no source sets the flag. */
  default?: string;
  /** An alias name (`--user-claims-file` for `--users`). */
  alias?: string;
}

/** Every flag Gatehouse accepts. `--help`, the env vars and the README table come from here. */
export const FLAGS: FlagSpec[] = [
  { name: "host", kind: "string", default: "127.0.0.1", description: "Address to listen on" },
  {
    name: "port",
    kind: "port",
    default: "9400",
    description: "Port to listen on; 0 picks a free one and prints it",
  },
  {
    name: "issuer",
    kind: "string",
    description: "Issuer URL (default http://localhost:<port>); may carry a path",
  },
  {
    name: "backchannel-url",
    kind: "string",
    description: "Origin for back-channel endpoints in discovery (token, userinfo, JWKS, …)",
  },
  {
    name: "backchannel-dynamic",
    kind: "boolean",
    description: "List back-channel endpoints on the origin each discovery request came to",
  },
  {
    name: "trust-proxy",
    kind: "boolean",
    description: "Honour X-Forwarded-Proto/-Host for that origin (never for the issuer)",
  },
  {
    name: "users",
    alias: "user-claims-file",
    kind: "string",
    description: "Users file (YAML or JSON); the env var also takes inline YAML/JSON",
  },
  { name: "user", kind: "list", description: "Add a user with this sub (repeatable)" },
  {
    name: "user-claims",
    kind: "list",
    description: 'Add a user from a JSON claims object with "sub" (repeatable)',
  },
  {
    name: "clients",
    kind: "string",
    description: "Clients file (YAML or JSON); the env var also takes inline YAML/JSON",
  },
  { name: "require-registration", kind: "boolean", description: "Accept registered clients only" },
  { name: "require-nonce", kind: "boolean", description: "Require nonce on OpenID requests" },
  { name: "require-pkce", kind: "boolean", description: "Require PKCE on every code request" },
  { name: "strict", kind: "boolean", description: "Enforce every rule a production OP enforces" },
  {
    name: "allow-password-grant",
    kind: "boolean",
    description: "Enable the password grant (RFC 6749 §4.3); off by default",
  },
  {
    name: "auto-login",
    kind: "string",
    description: "Skip the login page: sign in login_hint, else SUB, else the first user",
  },
  {
    name: "kv",
    kind: "string",
    default: ":memory:",
    description: "Deno KV: :memory:, a file path, or a KV Connect URL",
  },
  {
    name: "signing-key",
    kind: "string",
    description: "Signing key file: PEM (PKCS#8), JWK or JWKS",
  },
  {
    name: "alg",
    kind: "string",
    default: "RS256",
    description: "Signing algorithm: RS256, PS256, ES256, ES384 or EdDSA",
  },
  { name: "access-token-ttl", kind: "duration", default: "1h", description: "Access token life" },
  { name: "id-token-ttl", kind: "duration", default: "1h", description: "ID token lifetime" },
  {
    name: "refresh-token-ttl",
    kind: "duration",
    default: "14d",
    description: "Refresh token lifetime (sliding: renewed on each use)",
  },
  {
    name: "refresh-token-absolute-ttl",
    kind: "duration",
    default: "30d",
    description: "Refresh grant lifetime from sign-in, however often it is used",
  },
  { name: "code-ttl", kind: "duration", default: "1m", description: "Authorization code life" },
  {
    name: "device-code-ttl",
    kind: "duration",
    default: "10m",
    description: "Device code and user code lifetime (RFC 8628)",
  },
  { name: "session-ttl", kind: "duration", default: "1d", description: "Login session lifetime" },
  { name: "admin-token", kind: "string", description: "Bearer token for /admin and /users" },
  {
    name: "registration-token",
    kind: "string",
    description: "Initial access token /register requires (RFC 7591 §3); default: open",
  },
  {
    name: "log-format",
    kind: "string",
    default: "text",
    description: "Request log format: text or json",
  },
  { name: "config", kind: "string", description: "Configuration file (YAML or JSON)" },
];

/** `--access-token-ttl` → `GATEHOUSE_ACCESS_TOKEN_TTL`. */
export function envName(flag: string): string {
  return `GATEHOUSE_${flag.toUpperCase().replaceAll("-", "_")}`;
}
