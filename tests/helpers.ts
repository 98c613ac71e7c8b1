/** Shared test fixtures: the real app over real in-memory Deno KV, with a controllable clock. */
import { createApp } from "../src/app.ts";
import { type ControllableClock, createClock } from "../src/clock.ts";
import { type Config, defaultConfig } from "../src/config/schema.ts";
import { createDeps, type Deps } from "../src/deps.ts";
import { createLog } from "../src/log.ts";
import { openKvStore } from "../src/store/kv_store.ts";
import type { User } from "../src/types.ts";

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
export async function testProvider(overrides: Partial<Config> = {}): Promise<TestProvider> {
  const config = {
    ...defaultConfig(),
    users: [ALICE, BOB],
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
  const close = () => Promise.resolve(deps.store.close());
  return {
    deps,
    clock,
    logs,
    request: async (path, init) => await app.request(new URL(path, config.issuer + "/").href, init),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** A form-encoded POST body. */
export function form(params: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params).toString(),
  };
}
