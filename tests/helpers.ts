import assert from "node:assert/strict";
/** Shared test fixtures: the real app over real in-memory Deno KV, with a controllable clock. */
import { createApp } from "../src/app.ts";
import { type ControllableClock, createClock } from "../src/clock.ts";
import { type Config, defaultConfig } from "../src/config/schema.ts";
import { createDeps, type Deps } from "../src/deps.ts";
import { createLog } from "../src/log.ts";
import { openKvStore } from "../src/store/kv_store.ts";
import type { User } from "../src/types.ts";
import type { CryptoMode } from "../src/crypto/signer.ts";
import { generatePrivateJwk, importSigningKey, type SigningKey } from "../src/crypto/keys.ts";

/** Users most tests sign in as. */
export const ALICE: User = {
  sub: "alice",
  name: "Alice Adams",
  given_name: "Alice",
  family_name: "Adams",
  email: "alice@example.com",
  email_verified: true,
  phone_number: "+1 555 0100",
  groups: ["admins", "staff"],
};
export const BOB: User = { sub: "bob", name: "Bob Brown", email: "bob@example.com" };

let sharedKey: Promise<SigningKey[]> | null = null;

/**
 * One RS256 key generated per test process: RSA generation dominates a test's set-up. Tests of
 * key generation or rotation pass `signingKeys: null` to get the real generate-and-store path.
 */
function sharedSigningKeys(): Promise<SigningKey[]> {
  sharedKey ??= generatePrivateJwk("RS256").then(async (jwk) => [
    await importSigningKey(jwk, "RS256"),
  ]);
  return sharedKey;
}

/** A running in-process provider: `request()` goes through the real Hono app. */
export interface TestProvider extends AsyncDisposable {
  deps: Deps;
  clock: ControllableClock;
  /** Log lines written by the provider. */
  logs: string[];
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** Builds the app over `:memory:` KV; the issuer defaults to http://localhost:9400. */
export async function testProvider(
  overrides: Partial<Config> & { trustedCaPem?: string } = {},
): Promise<TestProvider> {
  const useShared = !("signingKeys" in overrides) && (overrides.alg ?? "RS256") === "RS256";
  const config = {
    ...defaultConfig(),
    users: [ALICE, BOB],
    signingKeys: useShared ? await sharedSigningKeys() : null,
    // The suite runs with either backend: GATEHOUSE_CRYPTO=webcrypto|openssl|auto.
    crypto: (Deno.env.get("GATEHOUSE_CRYPTO") ?? "auto") as CryptoMode,
    ...overrides,
    issuer: overrides.issuer ?? "http://localhost:9400",
  };
  const logs: string[] = [];
  const clock = createClock();
  const deps = await createDeps(config, {
    store: await openKvStore(":memory:"),
    clock,
    log: createLog(config.logFormat, (l) => logs.push(l)),
  });
  await deps.keys.ready();
  const app = createApp(deps);
  // Keys for the other advertised algs are generated in the background; let them land first.
  const close = async () => {
    await deps.keys.allReady().catch(() => {});
    deps.store.close();
  };
  return {
    deps,
    clock,
    logs,
    request: async (path, init) => await app.request(new URL(path, config.issuer + "/").href, init),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** A log that keeps its lines instead of printing them. */
export function captureLog(): { log: ReturnType<typeof createLog>; lines: string[] } {
  const lines: string[] = [];
  return { log: createLog("text", (l) => lines.push(l)), lines };
}

/**
 * Asserts an RFC 6749 §5.2 error response whole: status, JSON, `Cache-Control: no-store`, and
 * exactly `body`.
 */
export async function assertOAuthError(
  res: Response,
  status: number,
  body: Record<string, unknown>,
): Promise<void> {
  assert.equal(res.status, status);
  assert.equal(res.headers.get("content-type"), "application/json");
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.deepEqual(await res.json(), body);
}

/** A form-encoded POST body. */
export function form(params: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params).toString(),
  };
}
