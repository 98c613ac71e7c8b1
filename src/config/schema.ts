import type { SigningKey } from "../crypto/keys.ts";
import type { Client, SigningAlg, User } from "../types.ts";

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
  /** Initial access token that `/register` requires (`--registration-token`); null: open. */
  registrationToken: string | null;
  requireRegistration: boolean;
  requireNonce: boolean;
  requirePkce: boolean;
  strict: boolean;
  /** Accept `grant_type=password` (RFC 6749 §4.3). */
  allowPasswordGrant: boolean;
  /** Null: show the login page. A string (possibly empty): sign in without it. */
  autoLogin: string | null;
  kv: string;
  signingKeys: SigningKey[] | null;
  alg: SigningAlg;
  ttl: Lifetimes;
  adminToken: string | null;
  logFormat: "text" | "json";
}

/** Defaults for programmatic use (`createProvider`), matching the CLI's. */
export function defaultConfig(): Config {
  return {
    host: "127.0.0.1",
    port: 9400,
    issuer: null,
    backchannelUrl: null,
    backchannelDynamic: false,
    trustProxy: false,
    users: [],
    clients: [],
    registrationToken: null,
    requireRegistration: false,
    requireNonce: false,
    requirePkce: false,
    strict: false,
    allowPasswordGrant: false,
    autoLogin: null,
    kv: ":memory:",
    signingKeys: null,
    alg: "RS256",
    ttl: {
      accessToken: 3600,
      idToken: 3600,
      refreshToken: 14 * 86400,
      refreshTokenAbsolute: 30 * 86400,
      code: 60,
      deviceCode: 600,
      session: 86400,
    },
    adminToken: null,
    logFormat: "text",
  };
}
