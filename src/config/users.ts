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
): { users: User[]; problems: ConfigProblem[] } {
  const users: User[] = [];
  const problems: ConfigProblem[] = [];
  const problem = (message: string) => problems.push({ source, message });
  if (doc === null || doc === undefined) return { users, problems };
  if (Array.isArray(doc)) {
    doc.forEach((claims, i) => {
      const path = `${root}[${i}]`;
      const user = userFrom(claims, path, problem);
      if (user) users.push(user);
    });
  } else if (typeof doc === "object") {
    for (const [sub, claims] of Object.entries(doc as Record<string, unknown>)) {
      const path = `${root}.${sub}`;
      if (claims === null || claims === undefined) {
        users.push({ sub });
        continue;
      }
      const given = (claims as Record<string, unknown>).sub;
      if (isObject(claims) && given !== undefined && given !== sub) {
        problem(`${path}.sub is "${given}", but the user is keyed by "${sub}"`);
        continue;
      }
      const user = userFrom(isObject(claims) ? { ...claims, sub } : claims, path, problem);
      if (user) users.push(user);
    }
  } else {
    problem(`${root}: expected a list of users or a map keyed by sub, got ${typeName(doc)}`);
  }
  return { users, problems };
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

/** Reports every sub that occurs more than once, naming both places. */
export function duplicateSubs(
  entries: { user: User; source: string }[],
): ConfigProblem[] {
  const seen = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  for (const { user, source } of entries) {
    const first = seen.get(user.sub);
    if (first) {
      problems.push({
        source,
        message: `duplicate sub "${user.sub}" (already defined in ${first})`,
      });
    } else seen.set(user.sub, source);
  }
  return problems;
}
