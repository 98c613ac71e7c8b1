import { type ControllableClock, createClock } from "./clock.ts";
import type { Config } from "./config/schema.ts";
import { createKeyManager, type KeyManager } from "./crypto/keys.ts";
import { selectSigner, type Signer } from "./crypto/signer.ts";
import { ConfigError } from "./config/problems.ts";
import { idTokenAlgs } from "./protocol/capabilities.ts";
import type { SigningAlg } from "./types.ts";
import { createLog, type Log } from "./log.ts";
import { openKvStore } from "./store/kv_store.ts";
import type { Store } from "./store/store.ts";
import { createUserDirectory, type UserDirectory } from "./users.ts";
import { createWarningSink, type WarningSink } from "./protocol/rules.ts";
import { type ClientKeys, createClientKeys } from "./protocol/clients/keys.ts";
import { outboundPolicy } from "./protocol/outbound_fetch.ts";
import {
  type ClientDocuments,
  createClientDocuments,
} from "./protocol/clients/metadata_document.ts";
import { registrationOptions } from "./protocol/clients/registration.ts";
import { seedStaticClients } from "./protocol/clients/resolve.ts";
import { profileNamed } from "./profiles/index.ts";
import { withProfileClaims } from "./profiles/claims.ts";
import { createScenarios, type Scenarios } from "./control/scenarios.ts";
import { createRequestRing, type RequestRing } from "./control/requests.ts";
import { createMetrics, type Metrics } from "./control/metrics.ts";
import { type Background, createBackground } from "./background.ts";

/**
 * Configuration after start-up: the issuer is known, and under `--tls` the local CA's
 * certificate, which outbound fetches trust (loopback https documents, keys, notifications).
 */
export type ResolvedConfig = Config & { issuer: string; trustedCaPem?: string | null };

/** Everything a route or protocol function may use, passed in (no module-level state). */
export interface Deps {
  config: ResolvedConfig;
  store: Store;
  keys: KeyManager;
  clock: ControllableClock;
  users: UserDirectory;
  log: Log;
  /** Strictness warnings: logged, and the recent ones kept for the inspector. */
  warnings: WarningSink;
  /** Public keys of `private_key_jwt` clients (`jwks_uri` sets fetched once, then cached). */
  clientKeys: ClientKeys;
  /** Client ID Metadata Documents, fetched and cached (an https `client_id` with a path). */
  clientDocuments: ClientDocuments;
  /** Test-control rules (`/admin/scenarios`); token minting consults them before signing. */
  scenarios: Scenarios;
  /** The recent requests, in memory (the inspector, `GET /admin/requests`). */
  requests: RequestRing;
  /** Counters and latency for `/metrics`, in memory. */
  metrics: Metrics;
  /** Deliveries that must not hold up a response (back-channel logout); tests await `idle()`. */
  background: Background;
}

/** Opens storage and starts key loading; key generation runs in the background. */
export async function createDeps(
  config: ResolvedConfig,
  opts: { store?: Store; clock?: ControllableClock; log?: Log } = {},
): Promise<Deps> {
  const signer = await chooseSigner(config);
  const store = opts.store ?? await openKvStore(config.kv);
  const clock = opts.clock ?? createClock();
  const keys = createKeyManager({
    store,
    clock,
    alg: config.alg,
    fixedKeys: config.signingKeys ?? undefined,
    signer,
    algs: idTokenAlgs(config) as SigningAlg[],
  });
  // Start generating (or loading) the default key, then one per advertised alg, without making
  // start-up wait: discovery answers at once, /jwks waits for them.
  keys.ready().catch(() => {});
  keys.allReady().catch(() => {});
  const log = opts.log ?? createLog(config.logFormat);
  await seedStaticClients(store, config.clients);
  const deps: Deps = {
    config,
    store,
    keys,
    clock,
    users: createUserDirectory(config.users, store),
    log,
    warnings: createWarningSink(log, store),
    clientKeys: createClientKeys(outboundPolicy(config)),
    clientDocuments: createClientDocuments({
      fetch: outboundPolicy(config),
      metadata: () => registrationOptions(deps),
    }),
    scenarios: withProfileClaims(createScenarios(), profileNamed(config.profile)),
    requests: createRequestRing(),
    metrics: createMetrics({ backend: signer.name, library: signer.detail }),
    background: createBackground(),
  };
  return deps;
}

/** `--crypto openssl` without a usable OpenSSL is a configuration error (exit 2), not a crash. */
async function chooseSigner(config: ResolvedConfig): Promise<Signer> {
  try {
    return await selectSigner(config.crypto);
  } catch (err) {
    throw new ConfigError([{ source: "--crypto openssl", message: (err as Error).message }]);
  }
}
