import { hashPassword, verifyPassword } from "./crypto/password.ts";
import type { Store } from "./store/store.ts";
import type { User } from "./types.ts";

/** Users from configuration overlaid with run-time users kept in the store. */
export interface UserDirectory {
  list(): Promise<User[]>;
  get(sub: string): Promise<User | null>;
  /** Sets a run-time user, replacing every claim it had (`PUT /users/{sub}`). */
  put(user: User): Promise<void>;
  /** Removes a user, configured ones too (until a reset); false when there was none. */
  remove(sub: string): Promise<boolean>;
}

/**
 * Marks a run-time record that hides the configured user of the same sub: configuration is
 * fixed for the process, so deleting such a user stores this tombstone instead.
 */
const DELETED = "gatehouse:deleted";

/** The user with its `password` (if any) replaced by a salted hash (src/crypto/password.ts). */
async function withHashedPassword(user: User): Promise<User> {
  if (typeof user.password !== "string") return user;
  return { ...user, password: await hashPassword(user.password) };
}

/**
 * Whether `given` is the user's password. The one place a password is checked (password grant,
 * any login form): users hold only hashes.
 */
export async function passwordMatches(user: User, given: string): Promise<boolean> {
  return typeof user.password === "string" && await verifyPassword(user.password, given);
}

/**
 * Combines start-up users (fixed) with the store's run-time users (which win on the same sub).
 * Passwords are hashed: the configured ones once, in memory; run-time ones before they are stored.
 */
export function createUserDirectory(plain: User[], store: Store): UserDirectory {
  let hashed: Promise<User[]> | undefined;
  const configuredUsers = () => hashed ??= Promise.all(plain.map(withHashedPassword));
  const dir: UserDirectory = {
    async list() {
      const [configured, runtime] = await Promise.all([configuredUsers(), store.listUsers()]);
      const bySub = new Map<string, User>(configured.map((u) => [u.sub, u]));
      for (const u of runtime) {
        if (u[DELETED] === true) bySub.delete(u.sub);
        else bySub.set(u.sub, u);
      }
      return [...bySub.values()];
    },
    async get(sub) {
      const stored = await store.getUser(sub);
      if (stored) return stored[DELETED] === true ? null : stored;
      return (await configuredUsers()).find((u) => u.sub === sub) ?? null;
    },
    put: async (user) => await store.putUser(await withHashedPassword(user)),
    async remove(sub) {
      const existed = (await dir.get(sub)) !== null;
      if (plain.some((u) => u.sub === sub)) await store.putUser({ sub, [DELETED]: true });
      else await store.deleteUser(sub);
      return existed;
    },
  };
  return dir;
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
