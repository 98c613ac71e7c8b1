import type { TrustedIssuer } from "../protocol/trust/trusted_issuer.ts";
import { type ConfigProblem, typeName } from "./problems.ts";

const MEMBERS = new Set(["issuer", "jwks", "jwks_uri", "subjects", "audiences"]);

/** Members each key type needs to be a usable public key (RFC 7518 §6, RFC 8037 §2). */
const PUBLIC_MEMBERS: Record<string, string[]> = {
  RSA: ["n", "e"],
  EC: ["crv", "x", "y"],
  OKP: ["crv", "x"],
};

/** Members that only a private or secret key has: never part of a published key set. */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k"];

/**
 * Reads `--trusted-issuers`: a list of `{ issuer, jwks | jwks_uri, subjects?, audiences? }`. Every
 * problem names `source` and the path inside the document (`trusted-issuers[1].jwks_uri`).
 * Under `--strict` a `jwks_uri` must be https, as every outbound fetch then is.
 * @see RFC 7523 §3, RFC 8693 §2.1, RFC 7517 §5
 */
export function trustedIssuersFromDocument(
  doc: unknown,
  source: string,
  strict: boolean,
): { issuers: TrustedIssuer[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const problem = (message: string) => problems.push({ source, message });
  if (doc === null || doc === undefined) return { issuers: [], problems };
  if (!Array.isArray(doc)) {
    problem(`trusted-issuers: expected a list of trusted issuers, got ${typeName(doc)}`);
    return { issuers: [], problems };
  }
  const issuers: TrustedIssuer[] = [];
  const seen = new Map<string, string>();
  doc.forEach((value, i) => {
    const path = `trusted-issuers[${i}]`;
    const before = problems.length;
    const entry = issuerFrom(value, path, strict, problem);
    if (!entry || problems.length > before) return;
    const first = seen.get(entry.issuer);
    if (first) return problem(`${path}.issuer: duplicate issuer "${entry.issuer}" (also ${first})`);
    seen.set(entry.issuer, path);
    issuers.push(entry);
  });
  return { issuers, problems };
}

function issuerFrom(
  value: unknown,
  path: string,
  strict: boolean,
  problem: (m: string) => void,
): TrustedIssuer | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problem(`${path}: expected an object with issuer and jwks or jwks_uri, got ${typeName(value)}`);
    return null;
  }
  const doc = value as Record<string, unknown>;
  for (const name of Object.keys(doc)) {
    if (!MEMBERS.has(name)) {
      problem(`${path}.${name}: unknown member; use ${[...MEMBERS].join(", ")}`);
    }
  }
  const issuer = url(doc.issuer, `${path}.issuer`, false, problem);
  if (doc.jwks !== undefined && doc.jwks_uri !== undefined) {
    problem(`${path}: give jwks or jwks_uri, not both`);
  } else if (doc.jwks === undefined && doc.jwks_uri === undefined) {
    problem(`${path}: jwks or jwks_uri is missing; the issuer's signatures need its public keys`);
  }
  const jwks = doc.jwks === undefined ? undefined : keySet(doc.jwks, `${path}.jwks`, problem);
  const jwksUri = doc.jwks_uri === undefined
    ? undefined
    : url(doc.jwks_uri, `${path}.jwks_uri`, strict, problem);
  const subjects = strings(doc.subjects, `${path}.subjects`, problem);
  const audiences = strings(doc.audiences, `${path}.audiences`, problem);
  if (!issuer) return null;
  return {
    issuer,
    ...(jwks ? { jwks } : {}),
    ...(jwksUri ? { jwks_uri: jwksUri } : {}),
    ...(subjects ? { subjects } : {}),
    ...(audiences ? { audiences } : {}),
  };
}

function url(
  value: unknown,
  path: string,
  httpsOnly: boolean,
  problem: (m: string) => void,
): string | null {
  if (value === undefined || value === null || value === "") {
    problem(`${path} is missing`);
    return null;
  }
  if (typeof value !== "string") {
    problem(`${path}: expected a URL string, got ${typeName(value)}`);
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    problem(`${path}: expected an absolute http(s) URL, got "${value}"`);
    return null;
  }
  if (parsed.protocol !== "https:" && (httpsOnly || parsed.protocol !== "http:")) {
    problem(
      `${path}: expected an ${httpsOnly ? "https URL (--strict)" : "http(s) URL"}, got "${value}"`,
    );
    return null;
  }
  return value;
}

function strings(value: unknown, path: string, problem: (m: string) => void) {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    problem(`${path}: expected a non-empty list of strings, got ${typeName(value)}`);
    return undefined;
  }
  const bad = value.findIndex((v) => typeof v !== "string" || v === "");
  if (bad >= 0) {
    problem(`${path}[${bad}]: expected a non-empty string, got ${typeName(value[bad])}`);
    return undefined;
  }
  return value as string[];
}

function keySet(value: unknown, path: string, problem: (m: string) => void) {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (typeof value !== "object" || value === null || !Array.isArray(keys) || keys.length === 0) {
    problem(`${path}: expected a JWK Set ({"keys": [...]}) with at least one key`);
    return undefined;
  }
  let failed = false;
  const fail = (m: string) => {
    failed = true;
    problem(m);
  };
  keys.forEach((key, i) => checkKey(key, `${path}.keys[${i}]`, fail));
  return failed ? undefined : value as TrustedIssuer["jwks"];
}

function checkKey(key: unknown, path: string, problem: (m: string) => void): void {
  if (typeof key !== "object" || key === null || Array.isArray(key)) {
    return problem(`${path}: expected a JWK object, got ${typeName(key)}`);
  }
  const jwk = key as Record<string, unknown>;
  const needed = PUBLIC_MEMBERS[String(jwk.kty)];
  if (!needed) {
    return problem(`${path}.kty: expected RSA, EC or OKP, got ${JSON.stringify(jwk.kty)}`);
  }
  const missing = needed.filter((m) => typeof jwk[m] !== "string");
  if (missing.length) problem(`${path}: an ${jwk.kty} key needs ${missing.join(", ")}`);
  const secret = PRIVATE_MEMBERS.filter((m) => m in jwk);
  if (secret.length) {
    problem(`${path}: holds private key members (${secret.join(", ")}); give the public key only`);
  }
}
