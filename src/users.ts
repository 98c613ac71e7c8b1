import type { Store } from "./store/store.ts";
import type { User } from "./types.ts";

/** Users from configuration overlaid with run-time users kept in the store. */
export interface UserDirectory {
  list(): Promise<User[]>;
  get(sub: string): Promise<User | null>;
}

/** Combines start-up users (fixed) with the store's run-time users (which win on the same sub). */
export function createUserDirectory(configured: User[], store: Store): UserDirectory {
  return {
    async list() {
      const runtime = await store.listUsers();
      const bySub = new Map<string, User>(configured.map((u) => [u.sub, u]));
      for (const u of runtime) bySub.set(u.sub, u);
      return [...bySub.values()];
    },
    async get(sub) {
      return (await store.getUser(sub)) ?? configured.find((u) => u.sub === sub) ?? null;
    },
  };
}

/** A user's claims as released: everything but the `password` credential. */
export function claimsOf(user: User): Record<string, unknown> {
  const { password: _password, ...claims } = user;
  return claims;
}

/** The name to show for a user: `name`, else given + family name, else `preferred_username`. */
export function displayName(user: Record<string, unknown>): string {
  if (typeof user.name === "string" && user.name) return user.name;
  const parts = [user.given_name, user.family_name].filter((p) => typeof p === "string" && p);
  if (parts.length) return parts.join(" ");
  if (typeof user.preferred_username === "string") return user.preferred_username;
  return String(user.sub);
}
