import { keepsSecret } from "../protocol/clients/request_metadata.ts";
import { sha256 } from "../crypto/hash.ts";
import {
  idTokenAlgs,
  KNOWN_MEMBERS,
  SECRET_METHODS,
  validateClientMetadata,
} from "../protocol/clients/metadata.ts";
import { registrableGrantTypes } from "../protocol/clients/registration.ts";
import type { Client } from "../types.ts";
import { durationSeconds } from "./duration.ts";
import { type ConfigProblem, typeName } from "./problems.ts";
import type { Config } from "./schema.ts";

/** One client as written in the document, and where. */
interface Entry {
  path: string;
  value: unknown;
  /** The client_id a map entry is keyed by. */
  key?: string;
}

function entriesOf(doc: unknown, problem: (m: string) => void): Entry[] {
  if (doc === null || doc === undefined) return [];
  if (Array.isArray(doc)) return doc.map((value, i) => ({ path: `clients[${i}]`, value }));
  if (typeof doc === "object") {
    return Object.entries(doc as Record<string, unknown>).map(([key, value]) => ({
      path: `clients.${key}`,
      value: value ?? {},
      key,
    }));
  }
  problem(`clients: expected a list of clients or a map keyed by client_id, got ${typeName(doc)}`);
  return [];
}

/**
 * Reads static clients from a parsed clients document (a list of client metadata objects, or a
 * map keyed by client_id), validated like a registration. Every problem names `source` and the
 * path inside the document (`clients[1].redirect_uris[0]`).
 * @see RFC 7591 §2
 */
export async function clientsFromDocument(
  doc: unknown,
  source: string,
  config: Pick<Config, "strict" | "alg" | "signingKeys">,
): Promise<{ clients: Client[]; problems: ConfigProblem[] }> {
  const problems: ConfigProblem[] = [];
  const problem = (message: string) => problems.push({ source, message });
  const clients: Client[] = [];
  const seen = new Map<string, string>();
  for (const entry of entriesOf(doc, problem)) {
    const client = await clientFrom(entry, config, problem);
    if (!client) continue;
    const first = seen.get(client.client_id);
    if (first) {
      problem(`${entry.path}.client_id: duplicate client_id "${client.client_id}" (also ${first})`);
      continue;
    }
    seen.set(client.client_id, entry.path);
    clients.push(client);
  }
  return { clients, problems };
}

async function clientFrom(
  { path, value, key }: Entry,
  config: Pick<Config, "strict" | "alg" | "signingKeys">,
  report: (m: string) => void,
): Promise<Client | null> {
  let failed = false;
  const problem = (m: string) => {
    failed = true;
    report(m);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problem(`${path}: expected an object of client metadata, got ${typeName(value)}`);
    return null;
  }
  const doc = value as Record<string, unknown>;
  const clientId = readId(doc, path, key, problem);
  const secret = doc.client_secret;
  unknownMembers(doc, path, problem);
  const { metadata, problems } = validateClientMetadata(doc, {
    root: `${path}.`,
    grantTypes: registrableGrantTypes(),
    idTokenAlgs: idTokenAlgs(config),
    defaultAlg: config.alg,
    defaultAuthMethod: typeof secret === "string" ? "client_secret_basic" : "none",
    allowInsecureRedirect: () => !config.strict,
    duration: durationSeconds,
  });
  problems.forEach((p) => problem(p.message));
  const method = metadata.token_endpoint_auth_method;
  checkSecret(`${path}.client_secret`, secret, method, problem);
  if (clientId === null || failed) return null;
  const secrets = typeof secret === "string"
    ? {
      client_secret_hash: await sha256(secret),
      ...(keepsSecret(metadata) ? { client_secret: secret } : {}),
    }
    : {};
  return { ...metadata, ...secrets, client_id: clientId, origin: "static" };
}

/** A secret exactly when the method uses one (RFC 7591 §2). */
function checkSecret(path: string, secret: unknown, method: string, problem: (m: string) => void) {
  const needsSecret = SECRET_METHODS.includes(method);
  if (secret !== undefined && typeof secret !== "string") {
    problem(`${path}: expected a string, got ${typeName(secret)}`);
  } else if (needsSecret && secret === undefined) {
    problem(`${path} is missing; token_endpoint_auth_method ${method} needs one`);
  } else if (!needsSecret && secret !== undefined) {
    problem(`${path} is given, but token_endpoint_auth_method ${method} takes no secret`);
  }
}

function readId(
  doc: Record<string, unknown>,
  path: string,
  key: string | undefined,
  problem: (m: string) => void,
): string | null {
  const id = doc.client_id ?? key;
  if (id === undefined || id === null || id === "") {
    problem(`${path}.client_id is missing`);
    return null;
  }
  if (typeof id !== "string") {
    problem(`${path}.client_id: expected a string, got ${typeName(id)}`);
    return null;
  }
  if (key !== undefined && id !== key) {
    problem(`${path}.client_id is "${id}", but the client is keyed by "${key}"`);
    return null;
  }
  return id;
}

/** A member the validator does not read is a typo in a file (a registration ignores them). */
function unknownMembers(doc: Record<string, unknown>, path: string, problem: (m: string) => void) {
  for (const name of Object.keys(doc)) {
    if (name === "client_id" || name === "client_secret" || KNOWN_MEMBERS.has(name)) continue;
    const near = [`${name}s`, name.replace(/s$/, "")].find((n) =>
      n !== name && KNOWN_MEMBERS.has(n)
    );
    problem(`${path}.${name}: unknown client metadata${near ? `; did you mean ${near}?` : ""}`);
  }
}
