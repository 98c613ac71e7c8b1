import { createDeps, type Deps, type ResolvedConfig } from "../deps.ts";
import { TENANT_NAME, type TenantSettings } from "../config/tenants.ts";
import { tenantPrefix } from "../store/kv_prefix.ts";
import { labelMetrics } from "./metrics.ts";
import { profileNamed } from "../profiles/index.ts";

/** Most tenants `--tenants auto` creates: each costs memory, and any path segment creates one. */
export const MAX_AUTO_TENANTS = 100;

/** One `/{tenant}/…` issuer: its own dependencies and app. */
export interface Tenant {
  name: string;
  deps: Deps;
  fetch(req: Request): Response | Promise<Response>;
}

/** The tenants of one process, created on first use. */
export interface Tenants {
  /** Why `name` is not a tenant (a sentence), or null when it is one. */
  refusal(name: string): string | null;
  /** The tenant `name` (which `refusal` accepted), created on first use. */
  get(name: string): Promise<Tenant>;
  /** The tenants created so far, in order of creation. */
  created(): Tenant[];
}

/**
 * What a tenant's issuer runs on: the root's configuration, the tenant's settings over it. Its
 * issuer is `{root}/{name}`, followed by its profile's `issuerSuffix` (`/v2.0` under `entra`).
 */
export function tenantConfig(
  root: ResolvedConfig,
  name: string,
  settings: TenantSettings = {},
): ResolvedConfig {
  const suffix = profileNamed(settings.profile ?? root.profile)?.issuerSuffix ?? "";
  return {
    ...root,
    // Own signing keys unless the tenant names a key file of its own.
    signingKeys: null,
    ...settings,
    ttl: { ...root.ttl, ...settings.ttl },
    issuer: `${root.issuer}/${name}${suffix}`,
    tenants: null,
  };
}

/**
 * The tenants of the root issuer `root`. `reserved` holds the root's own first path segments,
 * which no tenant may take; `build` makes a tenant's app from its dependencies.
 */
export function createTenants(
  root: Deps,
  reserved: ReadonlySet<string>,
  build: (deps: Deps) => { fetch(req: Request): Response | Promise<Response> },
): Tenants {
  const settings = root.config.tenants ?? { auto: false, configured: {} };
  const configured = Object.keys(settings.configured);
  const pending = new Map<string, Promise<Tenant>>();
  const ready: Tenant[] = [];
  const create = async (name: string): Promise<Tenant> => {
    const config = tenantConfig(root.config, name, settings.configured[name]);
    const deps = await createDeps(config, {
      store: root.store.scoped(tenantPrefix(name)),
      // One process, one clock: the admin clock control moves every issuer's time together.
      clock: root.clock,
      log: root.log,
    });
    deps.metrics = labelMetrics(deps.metrics, name);
    const app = build(deps);
    const tenant = { name, deps, fetch: (req: Request) => app.fetch(req) };
    ready.push(tenant);
    return tenant;
  };
  return {
    refusal(name) {
      if (pending.has(name)) return null;
      if (!TENANT_NAME.test(name)) {
        return `"${name}" is not a tenant name: names are 1 to 63 of a-z, 0-9 and "-"`;
      }
      if (reserved.has(name)) return `"${name}" is an endpoint of the root issuer, not a tenant`;
      if (!settings.auto && !configured.includes(name)) {
        return `"${name}" is not a configured tenant; tenants: ${configured.join(", ")}`;
      }
      if (!configured.includes(name) && pending.size >= MAX_AUTO_TENANTS) {
        return `"${name}" would be tenant ${pending.size + 1}; --tenants auto creates at most ` +
          `${MAX_AUTO_TENANTS}`;
      }
      return null;
    },
    get(name) {
      let tenant = pending.get(name);
      if (!tenant) {
        tenant = create(name);
        pending.set(name, tenant);
        // A failed creation is retried by the next request rather than remembered.
        tenant.catch(() => pending.delete(name));
      }
      return tenant;
    },
    created: () => [...ready],
  };
}
