/**
 * THE FLAG TABLE: every setting Gatehouse has, one entry each. From it come the command-line
 * parser, the `GATEHOUSE_*` env vars, the config file keys, the defaults (`defaultConfig()`),
 * `buildConfig`, `--help`, the library's options (`configFromOptions`) and the README's flags
 * table (`deno task readme-flags` rewrites it; tests/docs/readme_test.ts checks it).
 *
 * To add a flag:
 * 1. Add an entry below with `flag({...})`: `name` (also the config file key), `parser` (from
 *    ./values.ts — `text`, `bool`, `port`, `duration`, `path()`, `oneOf([...])`, `issuerUrl`,
 *    `origin` — or a new `Parser` there), `placeholder` for `--help` (`FILE`, `URL`, `N`, `D`,
 *    `[SUB]` for an optional value; none for a `bool`), `default` as the user types it (parsed
 *    by the parser; omit it and the parser's `absent` value is the default), a one-line `doc`
 *    (Markdown backticks allowed: `--help` drops them), and `field`, the `Config` property the
 *    parsed value goes to (`"ttl.code"` for a nested one). Entries are parsed in table order, so
 *    a parser may read `ctx.config` fields of entries above it.
 * 2. Add the field to `Config` in ./schema.ts (the type only; its default comes from here).
 * 3. Add the camelCase option with TSDoc to `ProviderOptions` in ../options.ts (or give the entry
 *    `option: null` when the library has another way); tests/ship/options_test.ts checks it.
 * 4. Run `deno task readme-flags` to rewrite the README's flags table, then `deno fmt README.md`.
 * `env` (default `GATEHOUSE_<NAME>`), `key` (null: not allowed in the config file) and `alias`
 * are optional.
 */
import { clientsFile, signingKeyFile, trustedIssuersFile, usersFile } from "./documents.ts";
import type { Config, Lifetimes } from "./schema.ts";
import { SIGNING_ALGS } from "../types.ts";
import { tenantsParser } from "./tenants.ts";
import { PROFILE_NAMES } from "../profiles/index.ts";
import { CRYPTO_MODES } from "../crypto/signer.ts";
import {
  bool,
  boolUnless,
  duration,
  issuerUrl,
  list,
  oneOf,
  optionalText,
  origin,
  type Parser,
  path,
  pedantic,
  port,
  resourceList,
  strictLevel,
  text,
  textList,
} from "./values.ts";

/** Where a flag's parsed value goes in `Config`. */
export type ConfigField = keyof Config | `ttl.${keyof Lifetimes}`;

/** One flag: command line, env var, config file key, library option, default and docs. */
export interface FlagSpec {
  /** `--name`, without the dashes. */
  name: string;
  /** The env var: `GATEHOUSE_<NAME>` unless given. */
  env: string;
  /** The config file key (the name); null: not allowed in the config file. */
  key: string | null;
  /** Another accepted name (`--user-claims-file` for `--users`). */
  alias?: string;
  // deno-lint-ignore no-explicit-any
  parser: Parser<any>;
  /** The default as a user would type it; parsed by `parser`. */
  default?: string;
  /** Shown as the default when it is computed, not a literal (`http://localhost:<port>`). */
  defaultText?: string;
  /** The value's placeholder in `--help` and the README: `FILE`, `URL`, `N`, `D`, `[SUB]`. */
  placeholder: string;
  /** One line; Markdown backticks allowed. */
  doc: string;
  /** The `Config` property the value goes to; null when another flag's parser reads it. */
  field: ConfigField | null;
  /** The `ProviderOptions` name (camelCase of `name`); null: not a library option. */
  option: string | null;
}

type FlagInput = Omit<FlagSpec, "env" | "key" | "option" | "placeholder"> & Partial<FlagSpec>;

function flag(f: FlagInput): FlagSpec {
  return {
    env: envName(f.name),
    key: f.name,
    option: camelName(f.name),
    placeholder: "",
    ...f,
  };
}

const isMemoryOrUrl = (v: string) => v === ":memory:" || /^https?:\/\//.test(v);

/** Every flag Gatehouse accepts, in the order `--help` and the README list them. */
export const FLAGS: FlagSpec[] = [
  flag({
    name: "host",
    parser: text,
    placeholder: "HOST",
    default: "127.0.0.1",
    field: "host",
    doc: "address to listen on (`0.0.0.0` in a container)",
  }),
  flag({
    name: "port",
    parser: port,
    placeholder: "N",
    default: "9400",
    field: "port",
    doc: "port to listen on; `0` picks a free one and prints it",
  }),
  flag({
    name: "issuer",
    parser: issuerUrl,
    placeholder: "URL",
    field: "issuer",
    defaultText: "http://localhost:<port>",
    doc: "issuer; may carry a path (`/realms/dev`), and then every endpoint lives under it",
  }),
  flag({
    name: "backchannel-url",
    parser: origin,
    placeholder: "URL",
    field: "backchannelUrl",
    doc: "origin discovery lists the back-channel endpoints (token, userinfo, JWKS, …) on",
  }),
  flag({
    name: "backchannel-dynamic",
    field: "backchannelDynamic",
    parser: boolUnless("backchannelUrl", "--backchannel-url"),
    doc: "list back-channel endpoints on the origin each discovery request came to",
  }),
  flag({
    name: "trust-proxy",
    parser: bool,
    field: "trustProxy",
    doc: "honour `X-Forwarded-Proto`/`-Host` for that origin (never for the issuer)",
  }),
  flag({
    name: "users",
    alias: "user-claims-file",
    parser: usersFile,
    placeholder: "FILE",
    field: "users",
    doc: "users file, YAML or JSON; the env var also takes the users inline",
  }),
  flag({
    name: "user",
    parser: list,
    placeholder: "SUB",
    field: null,
    option: null,
    doc: "add a user with only a `sub`; the env var takes a comma-separated list",
  }),
  flag({
    name: "user-claims",
    parser: list,
    placeholder: "JSON",
    field: null,
    option: null,
    doc: "add a user from a JSON claims object with `sub` (or a JSON list of them)",
  }),
  flag({
    name: "require-registration",
    parser: bool,
    field: "requireRegistration",
    doc: "accept registered clients only",
  }),
  flag({
    name: "require-nonce",
    parser: bool,
    field: "requireNonce",
    doc: "require `nonce` on OpenID requests",
  }),
  flag({
    name: "require-pkce",
    parser: bool,
    field: "requirePkce",
    doc: "require PKCE on every code request",
  }),
  flag({
    name: "pedantic",
    parser: pedantic,
    field: "strictAll",
    doc: "the same as `--strict=all`",
  }),
  flag({
    name: "strict",
    parser: strictLevel,
    placeholder: "[all]",
    defaultText: "off",
    field: "strict",
    doc: "refuse what a production provider rejects; `all`: follow the recommendations too",
  }),
  flag({
    name: "id-token-claims",
    parser: oneOf(["default", "minimal"] as const),
    placeholder: "WHICH",
    default: "default",
    field: "idTokenClaims",
    doc: "`minimal`: with an access token, scope claims only in userinfo (OIDC Core §5.4)",
  }),
  flag({
    name: "trusted-issuers",
    parser: trustedIssuersFile,
    placeholder: "FILE",
    field: "trustedIssuers",
    doc:
      "external issuers (issuer + JWKS) whose JWTs the JWT bearer and token exchange grants accept",
  }),
  flag({
    name: "dpop-nonce",
    parser: bool,
    field: "dpopNonce",
    doc:
      "require DPoP proofs to carry a server nonce (`use_dpop_nonce`, `DPoP-Nonce`; RFC 9449 §8)",
  }),
  flag({
    name: "allow-password-grant",
    parser: bool,
    field: "allowPasswordGrant",
    doc: "enable the password grant (RFC 6749 §4.3)",
  }),
  flag({
    name: "auto-login",
    placeholder: "[SUB]",
    field: "autoLogin",
    parser: optionalText,
    doc: "skip the login page: sign in `login_hint`, else SUB, else the first user",
  }),
  flag({
    name: "kv",
    parser: path(isMemoryOrUrl),
    placeholder: "PATH",
    default: ":memory:",
    field: "kv",
    doc: "Deno KV: `:memory:`, a file path (kept across restarts), or a KV Connect URL",
  }),
  flag({
    name: "alg",
    parser: oneOf(SIGNING_ALGS),
    placeholder: "ALG",
    default: "RS256",
    field: "alg",
    doc: "signing algorithm: `RS256`, `PS256`, `ES256`, `ES384` or `EdDSA`",
  }),
  flag({
    name: "crypto",
    parser: oneOf(CRYPTO_MODES),
    placeholder: "MODE",
    default: "auto",
    field: "crypto",
    doc: "who signs: `auto` (OpenSSL if usable, else WebCrypto), `openssl` or `webcrypto`",
  }),
  flag({
    name: "signing-key",
    parser: signingKeyFile,
    placeholder: "FILE",
    field: "signingKeys",
    doc: "signing key: PEM (PKCS#8), a private JWK, or a JWK Set; else one is generated",
  }),
  flag({
    name: "clients",
    parser: clientsFile,
    placeholder: "FILE",
    field: "clients",
    doc: "clients file, YAML or JSON; the env var also takes the clients inline",
  }),
  flag({
    name: "access-token-ttl",
    parser: duration,
    placeholder: "D",
    default: "1h",
    field: "ttl.accessToken",
    doc: "access token lifetime",
  }),
  flag({
    name: "id-token-ttl",
    parser: duration,
    placeholder: "D",
    default: "1h",
    field: "ttl.idToken",
    doc: "ID token lifetime",
  }),
  flag({
    name: "refresh-token-ttl",
    parser: duration,
    placeholder: "D",
    default: "14d",
    field: "ttl.refreshToken",
    doc: "refresh token lifetime (sliding: renewed on each use)",
  }),
  flag({
    name: "refresh-token-absolute-ttl",
    parser: duration,
    placeholder: "D",
    default: "30d",
    field: "ttl.refreshTokenAbsolute",
    doc: "refresh grant lifetime from sign-in, however often it is used",
  }),
  flag({
    name: "code-ttl",
    parser: duration,
    placeholder: "D",
    default: "1m",
    field: "ttl.code",
    doc: "authorization code lifetime",
  }),
  flag({
    name: "device-code-ttl",
    parser: duration,
    placeholder: "D",
    default: "10m",
    field: "ttl.deviceCode",
    doc: "device code and user code lifetime (RFC 8628)",
  }),
  flag({
    name: "session-ttl",
    parser: duration,
    placeholder: "D",
    default: "1d",
    field: "ttl.session",
    doc: "login session lifetime",
  }),
  flag({
    name: "admin-token",
    parser: text,
    placeholder: "TOKEN",
    field: "adminToken",
    doc: "bearer token required by `/admin`, `/users`, the inspector and `/metrics`",
  }),
  flag({
    name: "registration-token",
    parser: text,
    placeholder: "TOKEN",
    field: "registrationToken",
    doc: "initial access token `/register` requires (RFC 7591 §3); without it registration is open",
  }),
  flag({
    name: "log-format",
    parser: oneOf(["text", "json"] as const),
    placeholder: "FORMAT",
    default: "text",
    field: "logFormat",
    doc: "request log format: `text` or `json`",
  }),
  flag({
    name: "profile",
    parser: oneOf(PROFILE_NAMES),
    placeholder: "IDP",
    field: "profile",
    doc: `an IdP's URLs, token claims, error bodies: ${
      PROFILE_NAMES.map((n) => `\`${n}\``).join(", ")
    }`,
  }),
  flag({
    name: "tenants",
    parser: tenantsParser,
    placeholder: "LIST",
    field: "tenants",
    doc: "`/{tenant}/…` issuers in this process: `auto` (any name, on first use) or `a,b`",
  }),
  flag({
    name: "tls",
    parser: bool,
    field: "tls",
    doc: "serve HTTPS with a certificate from the local CA; the default issuer is https",
  }),
  flag({
    name: "tls-ca-dir",
    parser: path(),
    placeholder: "DIR",
    field: "tlsCaDir",
    defaultText: "per-user data dir",
    doc: "where the local CA is made once and kept, to be trusted once (`gatehouse ca`)",
  }),
  flag({
    name: "tls-san",
    parser: textList,
    placeholder: "NAME",
    field: "tlsSan",
    doc: "another DNS name or IP address the local CA's certificate covers",
  }),
  flag({
    name: "tls-cert",
    parser: path(),
    placeholder: "FILE",
    field: "tlsCert",
    doc: "serve HTTPS with this certificate (PEM) instead of the local CA's; needs `--tls-key`",
  }),
  flag({
    name: "tls-key",
    parser: path(),
    placeholder: "FILE",
    field: "tlsKey",
    doc: "the private key (PEM) of `--tls-cert`",
  }),
  flag({
    name: "resource",
    parser: resourceList,
    placeholder: "URL[=SCOPES]",
    field: "resources",
    doc: "a protected resource (an MCP server) and its scopes, space-separated",
  }),
  flag({
    name: "config",
    parser: text,
    placeholder: "FILE",
    field: null,
    key: null,
    option: null,
    doc: "configuration file, YAML or JSON",
  }),
];

/** `--access-token-ttl` → `GATEHOUSE_ACCESS_TOKEN_TTL`. */
export function envName(flag: string): string {
  return `GATEHOUSE_${flag.toUpperCase().replaceAll("-", "_")}`;
}

/** `access-token-ttl` → `accessTokenTtl`. */
export function camelName(flag: string): string {
  return flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

/** Puts a parsed value at a flag's `field` (`"ttl.code"` → `config.ttl.code`). */
export function setField(config: Config, field: ConfigField, value: unknown): void {
  const [head, sub] = field.split(".");
  // deno-lint-ignore no-explicit-any
  if (sub) (config as any)[head][sub] = value;
  // deno-lint-ignore no-explicit-any
  else (config as any)[head] = value;
}
