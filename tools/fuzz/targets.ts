/** The provider under fuzzing: in process (for volume) or a real server (for a subset). */
import { defaultConfig } from "../../src/config/schema.ts";
import { createLog } from "../../src/log.ts";
import { startServer } from "../../src/server.ts";
import { ALICE, BOB, testProvider } from "../../tests/helpers.ts";
import type { FuzzTarget } from "./runner.ts";

/** The fuzzer's issuer carries a path: every endpoint lives under it. */
export const FUZZ_ISSUER_PATH = "/realms/dev";

/** The real Hono app over `:memory:` KV, called with `app.request`. */
export async function inProcessTarget(): Promise<FuzzTarget & AsyncDisposable> {
  const p = await testProvider({ issuer: `http://localhost:9400${FUZZ_ISSUER_PATH}` });
  return {
    issuer: p.deps.config.issuer,
    logs: p.logs,
    send: (url, init) => p.request(url, init),
    [Symbol.asyncDispose]: () => p.close(),
  };
}

/** A real server on 127.0.0.1 (port 0); requests go over TCP with a 10 s deadline each. */
export async function serverTarget(): Promise<FuzzTarget & AsyncDisposable> {
  const logs: string[] = [];
  const log = createLog("text", (l) => logs.push(l));
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const server = await startServer({
    ...defaultConfig(),
    port,
    users: [ALICE, BOB],
    issuer: `http://127.0.0.1:${port}${FUZZ_ISSUER_PATH}`,
  }, { deps: { log } });
  return {
    issuer: server.issuer,
    logs,
    send: (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(10_000) }),
    [Symbol.asyncDispose]: () => server.close(),
  };
}
