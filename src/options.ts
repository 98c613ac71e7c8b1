import type { CryptoMode } from "./crypto/signer.ts";
import { FLAGS } from "./config/flags.ts";
import { configFromValues } from "./config/load.ts";
import { ConfigError } from "./config/problems.ts";
import type { Config } from "./config/schema.ts";
import type { SigningAlg, User } from "./types.ts";

/** A duration in seconds, or text such as `"90s"`, `"15m"`, `"1h"`, `"7d"`. */
export type Duration = number | string;

/**
 * Library options: the command-line flags with camelCase names, users and clients as objects.
 * Every value is validated exactly as the flag's would be.
 */
export interface ProviderOptions {
  /** Address to listen on (`startProvider` only). Default `127.0.0.1`. */
  host?: string;
  /** Port (`startProvider` only). Default 0: a free port. */
  port?: number;
  /** Issuer URL; may carry a path. Default `http://localhost:<port>` (`http://localhost` in process). */
  issuer?: string;
  /** Origin discovery lists the back-channel endpoints on, such as `http://gatehouse:9400`. */
  backchannelUrl?: string;
  /** List back-channel endpoints on the origin each discovery request came to. */
  backchannelDynamic?: boolean;
  /** Honour `X-Forwarded-Proto`/`-Host` for that origin (never for the issuer). */
  trustProxy?: boolean;
  /** Users: claim objects with a `sub`, a map keyed by sub, or a file path / inline YAML. */
  users?: User[] | Record<string, Partial<User> | null> | string;
  /** Clients: client metadata objects (as in a clients file), or a file path / inline YAML. */
  clients?: Record<string, unknown>[] | Record<string, unknown> | string;
  /** Trusted issuers (`issuer`, `jwks` or `jwks_uri`, …), or a file path / inline YAML. */
  trustedIssuers?: Record<string, unknown>[] | string;
  /** Require DPoP proofs to carry a server nonce (RFC 9449 §8). Default false. */
  dpopNonce?: boolean;
  /** Accept registered clients only. */
  requireRegistration?: boolean;
  /** Require `nonce` on OpenID requests. */
  requireNonce?: boolean;
  /** Require PKCE on every code request. */
  requirePkce?: boolean;
  /** `true`: refuse what a production OP rejects; `"all"`: follow the recommendations too. */
  strict?: boolean | "all";
  /** The same as `strict: "all"`. */
  pedantic?: boolean;
  /** `"minimal"`: with an access token, scope claims only in userinfo (OIDC Core §5.4). */
  idTokenClaims?: "default" | "minimal";
  /** Accept `grant_type=password` (RFC 6749 §4.3). Default false. */
  allowPasswordGrant?: boolean;
  /** Skip the login page: `true` signs in login_hint or the first user, a string that sub. */
  autoLogin?: boolean | string;
  /** Deno KV: `:memory:` (default), a file path, or a KV Connect URL. */
  kv?: string;
  /** Path of a signing key file: PEM (PKCS#8), JWK or JWKS. */
  signingKey?: string;
  /** Signing algorithm. Default `RS256`. */
  alg?: SigningAlg;
  /** Who signs: `openssl` (needs `--allow-ffi`), `webcrypto`, or `auto` (default). */
  crypto?: CryptoMode;
  /** Access token lifetime. Default 1h. */
  accessTokenTtl?: Duration;
  /** ID token lifetime. Default 1h. */
  idTokenTtl?: Duration;
  /** Refresh token lifetime, renewed on each use. Default 14d. */
  refreshTokenTtl?: Duration;
  /** Refresh grant lifetime from sign-in. Default 30d. */
  refreshTokenAbsoluteTtl?: Duration;
  /** Authorization code lifetime. Default 1m. */
  codeTtl?: Duration;
  /** Device code (RFC 8628) lifetime. Default 10m. */
  deviceCodeTtl?: Duration;
  /** Login session lifetime. Default 1d. */
  sessionTtl?: Duration;
  /** Bearer token for `/admin` and `/users`. */
  adminToken?: string;
  /** Initial access token `/register` requires (RFC 7591 §3); open without it. */
  registrationToken?: string;
  /** Request log format. Default `text`. */
  logFormat?: "text" | "json";
  /** Reproduce an IdP's endpoint paths and claim shapes (src/profiles/). */
  profile?: "keycloak" | "entra" | "okta" | "auth0" | "cognito" | "google";
  /**
   * `/{tenant}/…` issuers in this process: `"auto"`, a list of names, or a map of name to that
   * tenant's settings (the flag names: `users`, `strict`, `alg`, `access-token-ttl`, …).
   */
  tenants?: "auto" | string | string[] | Record<string, Record<string, unknown> | null | boolean>;
  /**
   * Serve HTTPS with a certificate from the local CA (`startProvider` only); the issuer becomes
   * `https://localhost:<port>` and the provider's `caCert` is the PEM to trust.
   */
  tls?: boolean;
  /** The local CA's directory. Default a per-user data directory. */
  tlsCaDir?: string;
  /** More DNS names or IP addresses the certificate covers. */
  tlsSan?: string[];
  /** Your own certificate (PEM chain) instead of the local CA's; needs `tlsKey`. */
  tlsCert?: string;
  /** The private key (PEM file) of `tlsCert`. */
  tlsKey?: string;
  /** Protected resources (RFC 8707), each `URL` or `URL=scope1 scope2`. */
  resource?: string[];
  /**
   * The request log, off by default (warnings still go to stderr): `true` writes every line to
   * stderr, a function receives every line, `false` silences warnings too. Library only.
   */
  log?: ((line: string) => void) | boolean;
}

/** Option names that are not flags: handled by the library itself. */
export const LIBRARY_ONLY = new Set(["log"]);

/**
 * Validates options through the same loader as flags; problems name `<caller> options.<name>`.
 * Throws ConfigError listing every problem.
 */
export async function configFromOptions(
  options: ProviderOptions,
  caller: string,
): Promise<Config> {
  const flags = new Map(FLAGS.flatMap((f) => f.option ? [[f.option, f.name] as const] : []));
  const unknown = Object.keys(options).filter((k) => !flags.has(k) && !LIBRARY_ONLY.has(k))
    .map((k) => ({
      source: `${caller} options.${k}`,
      message: `unknown option; expected one of ${[...flags.keys()].join(", ")}`,
    }));
  const values = [...flags].map(([name, flag]) => ({
    flag,
    // `autoLogin: false` is the default; the loader reads only strings and `true`.
    value: name === "autoLogin" && options.autoLogin === false
      ? undefined
      : options[name as keyof ProviderOptions],
    source: `${caller} options.${name}`,
  }));
  try {
    const config = await configFromValues(values);
    if (unknown.length > 0) throw new ConfigError(unknown);
    return config;
  } catch (err) {
    if (!(err instanceof ConfigError) || unknown.length === 0) throw err;
    throw new ConfigError([...unknown, ...err.problems.filter((p) => !unknown.includes(p))]);
  }
}
