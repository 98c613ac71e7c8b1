import type { SigningKey } from "../crypto/keys.ts";
import type { CryptoMode } from "../crypto/signer.ts";
import type { TrustedIssuer } from "../protocol/trust/trusted_issuer.ts";
import type { Client, SigningAlg, User } from "../types.ts";
import { FLAGS, type FlagSpec, setField } from "./flags.ts";
import type { TenantsConfig } from "./tenants.ts";
import type { ResourceSpec } from "./values.ts";

/** Token and session lifetimes, in seconds. */
export interface Lifetimes {
  accessToken: number;
  idToken: number;
  refreshToken: number;
  refreshTokenAbsolute: number;
  code: number;
  /** RFC 8628 device code (and its user code). */
  deviceCode: number;
  session: number;
}

/** Fully validated configuration: what the rest of the program runs on. */
export interface Config {
  host: string;
  port: number;
  /** Null until the port is known (the default issuer is http://localhost:<port>). */
  issuer: string | null;
  /** Origin the back-channel endpoints are listed on (`--backchannel-url`); null: the issuer's. */
  backchannelUrl: string | null;
  /** List back-channel endpoints on the origin each discovery request came to. */
  backchannelDynamic: boolean;
  /** Honour X-Forwarded-Proto/-Host when taking a request's origin. */
  trustProxy: boolean;
  users: User[];
  /** Static clients (`--clients`), validated; seeded into storage at start-up and after a reset. */
  clients: Client[];
  /** DPoP proofs must carry a server nonce (RFC 9449 §8). */
  dpopNonce: boolean;
  /** External issuers whose JWTs the JWT bearer and token exchange grants accept. */
  trustedIssuers: TrustedIssuer[];
  /** Initial access token that `/register` requires (`--registration-token`); null: open. */
  registrationToken: string | null;
  requireRegistration: boolean;
  requireNonce: boolean;
  requirePkce: boolean;
  /** `--strict`: enforce every `reject` rule. */
  strict: boolean;
  /** `--strict=all`: enforce the `advice` rules too (implies `strict`). */
  strictAll: boolean;
  /** Where scope claims go when an access token is issued too (OIDC Core §5.4). */
  idTokenClaims: "default" | "minimal";
  /** Accept `grant_type=password` (RFC 6749 §4.3). */
  allowPasswordGrant: boolean;
  /** Null: show the login page. A string (possibly empty): sign in without it. */
  autoLogin: string | null;
  kv: string;
  signingKeys: SigningKey[] | null;
  alg: SigningAlg;
  /** `--crypto`: who signs — OpenSSL through FFI, WebCrypto, or `auto` (OpenSSL when usable). */
  crypto: CryptoMode;
  ttl: Lifetimes;
  adminToken: string | null;
  logFormat: "text" | "json";
  /** An IdP's endpoint paths and claim shapes (`--profile`, src/profiles/); null: Gatehouse's. */
  profile: string | null;
  /** `/{tenant}/…` issuers in this process (`--tenants`); null: the root issuer only. */
  tenants: TenantsConfig | null;
  /** Serve HTTPS (`--tls`). */
  tls: boolean;
  /** The local CA's directory; null: the per-user default. */
  tlsCaDir: string | null;
  /** More names the local CA's leaf covers. */
  tlsSan: string[];
  /** Your own certificate and key instead of the local CA's. */
  tlsCert: string | null;
  tlsKey: string | null;
  /** Protected resources (`--resource`) and their scopes; empty: any resource. */
  resources: ResourceSpec[];
}

/**
 * The defaults, from the flag table: each flag's `default` parsed, else its parser's `absent`.
 * The CLI and the library start from these.
 */
export function defaultConfig(): Config {
  const config = { ttl: {} } as Config;
  for (const f of FLAGS) if (f.field) setField(config, f.field, defaultValue(f));
  return config;
}

function defaultValue(f: FlagSpec): unknown {
  if (f.default === undefined) return structuredClone(f.parser.absent);
  const fail = (_: string, message: string) => {
    throw new Error(`flag table: --${f.name} default "${f.default}": ${message}`);
  };
  const setting = { value: f.default, source: "default", baseDir: "", kind: "file" } as const;
  const ctx = { add: fail, problems: [], pick: () => undefined, config: {} as Config };
  const value = f.parser.parse(setting, ctx);
  if (value === undefined || value instanceof Promise) fail("", "must parse synchronously");
  return value;
}
