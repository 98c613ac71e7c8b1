import type { Config } from "./schema.ts";
import type { ParseContext, Parser } from "./values.ts";
import type { Setting } from "./sources.ts";
import { typeName } from "./problems.ts";

/** A tenant's name: its first path segment under the root issuer. */
export const TENANT_NAME = /^[a-z0-9-]{1,63}$/;

/**
 * First path segments of the root issuer's own endpoints, which no tenant may take ("auto" is
 * the mode). tests/http/tenant_names_test.ts checks this against the app's routes.
 */
export const ROOT_SEGMENTS: readonly string[] = [
  "admin",
  "authorize",
  "auto",
  "device",
  "device_authorization",
  "health",
  "inspector",
  "introspect",
  "jwks",
  "jwks.json",
  "logout",
  "metrics",
  "oauth2",
  "par",
  "register",
  "revoke",
  "token",
  "userinfo",
  "users",
];

/** Flags a tenant may set for itself; everything else it shares with the root issuer. */
export const TENANT_FLAGS: readonly string[] = [
  "users",
  "clients",
  "registration-token",
  "require-registration",
  "require-nonce",
  "require-pkce",
  "strict",
  "allow-password-grant",
  "auto-login",
  "alg",
  "signing-key",
  "access-token-ttl",
  "id-token-ttl",
  "refresh-token-ttl",
  "refresh-token-absolute-ttl",
  "code-ttl",
  "device-code-ttl",
  "session-ttl",
  "admin-token",
  "profile",
];

/** A tenant's own settings, over the root issuer's. */
export type TenantSettings = Partial<Omit<Config, "ttl">> & { ttl?: Partial<Config["ttl"]> };

/** `--tenants` and the config file's `tenants:` section. */
export interface TenantsConfig {
  /** Any valid name that is not a root route becomes a tenant on first use (navikt-style). */
  auto: boolean;
  /** Configured tenants, each with its settings over the root issuer's. */
  configured: Record<string, TenantSettings>;
}

/** Why `name` cannot be a configured tenant, or null. */
export function badTenantName(name: string): string | null {
  if (!TENANT_NAME.test(name)) return `"${name}" is not a tenant name: 1 to 63 of a-z, 0-9, "-"`;
  if (ROOT_SEGMENTS.includes(name)) return `"${name}" is a root endpoint and cannot be a tenant`;
  return null;
}

/**
 * `--tenants auto`, `--tenants a,b` (or a YAML list), or in the config file a map of tenant name
 * to its settings (`auto: true` among them turns on auto mode).
 */
export const tenantsParser: Parser<TenantsConfig | null> = {
  arg: "value",
  absent: null,
  async parse(s, ctx) {
    const v = s.value;
    const names = typeof v === "string" ? v.split(",").map((n) => n.trim()).filter(Boolean) : v;
    if (Array.isArray(names)) {
      const out: TenantsConfig = { auto: false, configured: {} };
      for (const name of names) {
        if (name === "auto") out.auto = true;
        else if (check(String(name), s.source, ctx)) out.configured[String(name)] = {};
      }
      return out;
    }
    if (!isMap(v)) {
      ctx.add(s.source, `expected "auto", a list of names or a map of them, got ${typeName(v)}`);
      return undefined;
    }
    const out: TenantsConfig = { auto: v.auto === true, configured: {} };
    for (const [name, section] of Object.entries(v)) {
      if (name === "auto" && typeof section === "boolean") continue;
      if (!check(name, s.source, ctx)) continue;
      const settings = await tenantSettings(name, section ?? {}, s, ctx);
      if (settings) out.configured[name] = settings;
    }
    return out;
  },
};

function check(name: string, source: string, ctx: ParseContext): boolean {
  const bad = badTenantName(name);
  if (bad) ctx.add(source, bad);
  return !bad;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One tenant's section, each setting read by its flag's own parser. */
async function tenantSettings(
  name: string,
  section: unknown,
  s: Setting,
  ctx: ParseContext,
): Promise<TenantSettings | undefined> {
  const where = `${s.source}.${name}`;
  if (!isMap(section)) {
    ctx.add(where, `expected a map of settings, got ${typeName(section)}`);
    return undefined;
  }
  for (const key of Object.keys(section).filter((k) => !TENANT_FLAGS.includes(k))) {
    ctx.add(
      `${where}.${key}`,
      `not a per-tenant setting; a tenant may set ${TENANT_FLAGS.join(", ")}`,
    );
  }
  // Imported here: the flag table imports this parser.
  const { FLAGS, setField } = await import("./flags.ts");
  const config: Config = { ...ctx.config, ttl: { ...ctx.config.ttl }, signingKeys: null };
  const settings = { ttl: {} } as unknown as Config;
  const pick = (flag: string): Setting | undefined =>
    flag in section
      ? { value: section[flag], source: `${where}.${flag}`, baseDir: s.baseDir, kind: s.kind }
      : undefined;
  for (const f of FLAGS) {
    const own = pick(f.name);
    if (!f.field || !own || !TENANT_FLAGS.includes(f.name)) continue;
    const value = await f.parser.parse(own, { ...ctx, pick, config });
    if (value === undefined) continue;
    setField(config, f.field, value);
    setField(settings, f.field, value);
  }
  if (Object.keys(settings.ttl).length === 0) delete (settings as TenantSettings).ttl;
  return settings;
}
