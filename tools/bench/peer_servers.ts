/** The two providers of the side-by-side bench, each started as a real process on loopback. */
import { join } from "node:path";
import type { Endpoints } from "./peer_flows.ts";
import { firstOk, freePort, spawnProvider } from "./process.ts";

/** A started provider. */
export interface Running {
  url: string;
  pid: number;
  endpoints: Endpoints;
  stop(): Promise<void>;
}

/** A provider the bench can start, with `seed` refresh tokens already stored. */
export interface Contender {
  name: string;
  start(seed: number): Promise<Running>;
}

/** The bench client and users, as Gatehouse reads them. */
const CLIENTS = `- client_id: bench
  client_secret: bench-secret
  grant_types: [client_credentials, authorization_code, refresh_token]
  redirect_uris: ["http://localhost:3000/callback"]
`;
const USERS = [
  '{"sub":"alice","name":"Alice Adams","email":"alice@example.com","email_verified":true}',
  '{"sub":"bob","name":"Bob Brown","email":"bob@example.com"}',
];

function endpoints(url: string, paths: Record<keyof Endpoints, string>): Endpoints {
  const e = {} as Endpoints;
  for (const [k, p] of Object.entries(paths)) e[k as keyof Endpoints] = url + p;
  return e;
}

/** Gatehouse with `command`; seeded runs use a KV file that `kvFor(seed)` prepared. */
export async function gatehouse(
  command: string[],
  cwd: string,
  kvFor: (seed: number) => Promise<string>,
): Promise<Contender> {
  const dir = await Deno.makeTempDir({ prefix: "gatehouse_peer_" });
  const clients = join(dir, "clients.yaml");
  await Deno.writeTextFile(clients, CLIENTS);
  return {
    name: "Gatehouse",
    async start(seed) {
      const kv = seed > 0 ? await kvFor(seed) : ":memory:";
      const users = USERS.flatMap((u) => ["--user-claims", u]);
      const op = spawnProvider(command, cwd, ["--clients", clients, "--kv", kv, ...users]);
      await firstOk(`${op.url}/jwks`, 60_000);
      return {
        url: op.url,
        pid: op.pid,
        stop: op.stop,
        endpoints: endpoints(op.url, {
          authorize: "/authorize",
          token: "/token",
          userinfo: "/userinfo",
          jwks: "/jwks",
          discovery: "/.well-known/openid-configuration",
        }),
      };
    },
  };
}

export const PEER_DIR = new URL("./peer/", import.meta.url).pathname;

/** panva's oidc-provider under Node (tools/bench/peer/server.mjs), installed by `npm ci`. */
export async function oidcProvider(): Promise<Contender> {
  try {
    await Deno.stat(join(PEER_DIR, "node_modules", "oidc-provider"));
  } catch {
    console.log("installing oidc-provider into tools/bench/peer (npm ci)");
    const npm = await new Deno.Command("npm", {
      args: ["ci", "--no-audit", "--no-fund"],
      cwd: PEER_DIR,
      stdout: "null",
    }).output();
    if (!npm.success) throw new Error("npm ci in tools/bench/peer failed");
  }
  return {
    name: "oidc-provider",
    async start(seed) {
      const port = freePort();
      const child = new Deno.Command("node", {
        args: ["server.mjs", String(port), String(seed)],
        cwd: PEER_DIR,
        env: { NODE_ENV: "production" },
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn();
      const url = `http://127.0.0.1:${port}`;
      await firstOk(`${url}/jwks`, 120_000);
      return {
        url,
        pid: child.pid,
        async stop() {
          try {
            child.kill("SIGTERM");
          } catch { /* already gone */ }
          await child.status;
        },
        endpoints: endpoints(url, {
          authorize: "/auth",
          token: "/token",
          userinfo: "/me",
          jwks: "/jwks",
          discovery: "/.well-known/openid-configuration",
        }),
      };
    },
  };
}
