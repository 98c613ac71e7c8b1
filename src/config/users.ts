import type { User } from "../types.ts";
import { type ConfigProblem, typeName } from "./problems.ts";

/**
 * Reads users from a parsed document: a list of claim objects, or a map keyed by sub whose values
 * are claim objects (or empty). `root` names the document in error paths (`users[2].sub`).
 */
export function usersFromDocument(
  doc: unknown,
  source: string,
  root = "users",
): { users: User[]; paths: string[]; problems: ConfigProblem[] } {
  const users: User[] = [];
  // Where each user sits in the document (`users[3]`), for messages about it.
  const paths: string[] = [];
  const problems: ConfigProblem[] = [];
  const problem = (message: string) => problems.push({ source, message });
  const add = (user: User | null, path: string) => {
    if (!user) return;
    users.push(user);
    paths.push(path);
  };
  if (doc === null || doc === undefined) return { users, paths, problems };
  if (Array.isArray(doc)) {
    doc.forEach((claims, i) => {
      const path = `${root}[${i}]`;
      add(userFrom(claims, path, problem), path);
    });
  } else if (typeof doc === "object") {
    for (const [sub, claims] of Object.entries(doc as Record<string, unknown>)) {
      const path = `${root}.${sub}`;
      if (claims === null || claims === undefined) {
        add({ sub }, path);
        continue;
      }
      const given = (claims as Record<string, unknown>).sub;
      if (isObject(claims) && given !== undefined && given !== sub) {
        problem(`${path}.sub is "${given}", but the user is keyed by "${sub}"`);
        continue;
      }
      add(userFrom(isObject(claims) ? { ...claims, sub } : claims, path, problem), path);
    }
  } else {
    problem(`${root}: expected a list of users or a map keyed by sub, got ${typeName(doc)}`);
  }
  return { users, paths, problems };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function userFrom(claims: unknown, path: string, problem: (m: string) => void): User | null {
  if (!isObject(claims)) {
    problem(`${path}: expected an object of claims, got ${typeName(claims)}`);
    return null;
  }
  const user = claims as Record<string, unknown>;
  if (user.sub === undefined || user.sub === null || user.sub === "") {
    problem(`${path}.sub is missing`);
    return null;
  }
  if (typeof user.sub !== "string") {
    problem(`${path}.sub: expected a string, got ${typeName(user.sub)}`);
    return null;
  }
  if (user.password !== undefined && typeof user.password !== "string") {
    problem(`${path}.password: expected a string, got ${typeName(user.password)}`);
    return null;
  }
  return user as User;
}

/** Where a user was defined: a file, flag or env var, and the path inside a document. */
export interface UserOrigin {
  source: string;
  path?: string;
}

/**
 * Reports every sub that occurs more than once, naming both places:
 * `users[3].sub: duplicate sub "alice" (also users[0])`.
 */
export function duplicateSubs(entries: ({ user: User } & UserOrigin)[]): ConfigProblem[] {
  const seen = new Map<string, UserOrigin>();
  const problems: ConfigProblem[] = [];
  for (const { user, source, path } of entries) {
    const first = seen.get(user.sub);
    if (!first) {
      seen.set(user.sub, { source, path });
      continue;
    }
    const also = first.source !== source
      ? `also ${[first.source, first.path].filter(Boolean).join(" ")}`
      : first.path
      ? `also ${first.path}`
      : "given more than once";
    const at = path ? `${path}.sub: ` : "";
    problems.push({ source, message: `${at}duplicate sub "${user.sub}" (${also})` });
  }
  return problems;
}
