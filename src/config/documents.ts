import type { SigningKey } from "../crypto/keys.ts";
import type { Client, SigningAlg, User } from "../types.ts";
import { type ConfigProblem, loadYamlParser, parseDocument, typeName } from "./problems.ts";
import type { Parser } from "./values.ts";
import type { Config } from "./schema.ts";
import { readText, resolvePath } from "./files.ts";
import type { Pick, Setting } from "./sources.ts";
import { duplicateSubs, usersFromDocument } from "./users.ts";
import { trustedIssuersFromDocument } from "./trusted_issuers.ts";
import type { TrustedIssuer } from "../protocol/trust/trusted_issuer.ts";

/**
 * A file path, or inline YAML/JSON (from an env var or the config file), parsed to a document.
 */
export function loadDocument(
  s: Setting | undefined,
  problems: ConfigProblem[],
): { doc: unknown; source: string } | null {
  if (!s) return null;
  if (typeof s.value !== "string") return { doc: s.value, source: s.source };
  const inline = s.kind !== "flag" && /^\s*[[{-]|\n/.test(s.value);
  const source = inline ? s.source : String(s.value);
  const text = inline ? s.value : readText(resolvePath(s.value, s.baseDir), s.source, problems);
  if (text === null) return null;
  const parsed = parseDocument(text);
  if (!parsed.ok) {
    problems.push({ source, message: parsed.error });
    return null;
  }
  return { doc: parsed.value, source };
}

/** Static clients from `--clients`, validated like registrations. */
export async function loadClients(
  s: Setting | undefined,
  config: Config,
  problems: ConfigProblem[],
) {
  const loaded = loadDocument(s, problems);
  if (!loaded) return [];
  // Client validation shares the registration code, and with it the grants and jose: load it
  // only when there are clients to read.
  const { clientsFromDocument } = await import("./clients.ts");
  const result = await clientsFromDocument(loaded.doc, loaded.source, config);
  problems.push(...result.problems);
  return result.clients;
}

/** External issuers from `--trusted-issuers`, validated. */
export function loadTrustedIssuers(
  s: Setting | undefined,
  strict: boolean,
  problems: ConfigProblem[],
): TrustedIssuer[] {
  const loaded = loadDocument(s, problems);
  if (!loaded) return [];
  const result = trustedIssuersFromDocument(loaded.doc, loaded.source, strict);
  problems.push(...result.problems);
  return result.issuers;
}

/** Users from `--users`, `--user` and `--user-claims`, with duplicate subs reported. */
export function loadUsers(pick: Pick, problems: ConfigProblem[]): User[] {
  const entries: { user: User; source: string; path?: string }[] = [];
  const fromDoc = loadDocument(pick("users"), problems);
  if (fromDoc) {
    const { users, paths, problems: p } = usersFromDocument(fromDoc.doc, fromDoc.source);
    problems.push(...p);
    users.forEach((user, i) => entries.push({ user, source: fromDoc.source, path: paths[i] }));
  }
  for (const sub of listValues(pick("user"))) {
    entries.push({ user: { sub: sub.value }, source: sub.source });
  }
  for (const item of listValues(pick("user-claims"))) {
    const parsed = parseDocument(item.value);
    const doc = parsed.ok ? parsed.value : undefined;
    if (!parsed.ok || typeof doc !== "object" || doc === null) {
      const why = parsed.ok ? `got ${typeName(doc)}` : parsed.error;
      problems.push({ source: item.source, message: `expected a JSON object of claims: ${why}` });
      continue;
    }
    const list = Array.isArray(doc) ? doc : [doc];
    const { users, problems: p } = usersFromDocument(list, item.source, "user-claims");
    problems.push(...p);
    users.forEach((user) => entries.push({ user, source: item.source }));
  }
  problems.push(...duplicateSubs(entries));
  return entries.map((e) => e.user);
}

/** A repeatable setting's values (an env var takes a comma-separated list). */
export function listValues(s: Setting | undefined): { value: string; source: string }[] {
  if (!s) return [];
  const values = Array.isArray(s.value)
    ? s.value
    : s.kind === "env" && typeof s.value === "string" && !/^[[{]/.test(s.value.trim())
    ? s.value.split(",").map((v) => v.trim()).filter(Boolean)
    : [s.value];
  return values.map((v) => ({
    value: typeof v === "string" ? v : JSON.stringify(v),
    source: s.source,
  }));
}

/** The keys of `--signing-key` (PEM, JWK or JWKS), checked against `--alg`. */
export async function loadSigningKeys(s: Setting, alg: SigningAlg, problems: ConfigProblem[]) {
  const path = resolvePath(String(s.value), s.baseDir);
  const text = readText(path, s.source, problems);
  if (text === null) return null;
  try {
    const { parseSigningKeys } = await import("../crypto/key_file.ts");
    const keys = await parseSigningKeys(text, alg);
    // Without a key for the configured alg nothing could be signed; say so before listening.
    if (!keys.some((k) => k.alg === alg)) {
      const held = [...new Set(keys.map((k) => k.alg))].join(", ");
      const message = `holds no ${alg} key (it holds ${held}); set --alg to match`;
      problems.push({ source: String(s.value), message });
      return null;
    }
    return keys;
  } catch (err) {
    problems.push({ source: String(s.value), message: (err as Error).message });
    return null;
  }
}

/** `--users`: the users file, with `--user` and `--user-claims` added (it reads both itself). */
export const usersFile: Parser<User[]> = {
  arg: "value",
  absent: [],
  always: true,
  async parse(_s, ctx) {
    if (ctx.pick("users") || ctx.pick("user-claims")) await loadYamlParser();
    return loadUsers(ctx.pick, ctx.problems);
  },
};

/** `--clients`: static clients. Needs `alg` and the signing keys, so it comes after them. */
export const clientsFile: Parser<Client[]> = {
  arg: "value",
  absent: [],
  async parse(s, ctx) {
    await loadYamlParser();
    return await loadClients(s, ctx.config, ctx.problems);
  },
};

/** `--signing-key`: a key file checked against `alg`, so it comes after it. */
export const signingKeyFile: Parser<SigningKey[] | null> = {
  arg: "value",
  absent: null,
  async parse(s, ctx) {
    return await loadSigningKeys(s, ctx.config.alg, ctx.problems) ?? undefined;
  },
};

/** `--trusted-issuers`: external issuers and their keys. Reads `strict`, so it comes after it. */
export const trustedIssuersFile: Parser<TrustedIssuer[]> = {
  arg: "value",
  absent: [],
  async parse(s, ctx) {
    await loadYamlParser();
    return loadTrustedIssuers(s, ctx.config.strict, ctx.problems);
  },
};
