import { runLoad } from "./load.ts";
import { firstOk, spawnProvider } from "./process.ts";
import type { BenchOptions, BenchRow, BenchSection } from "./types.ts";

const REDIRECT = "http://localhost:3000/callback";
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/** One whole sign-in over HTTP: authorize (auto-login) → code → token → userinfo. */
async function flow(base: string): Promise<void> {
  const auth = await fetch(
    `${base}/authorize?${new URLSearchParams({
      client_id: "bench",
      redirect_uri: REDIRECT,
      response_type: "code",
      scope: "openid profile email",
      state: "s",
      nonce: "n",
      code_challenge: CHALLENGE,
      code_challenge_method: "S256",
    })}`,
    { redirect: "manual" },
  );
  await auth.body?.cancel();
  const code = new URL(auth.headers.get("location") ?? "").searchParams.get("code");
  if (!code) throw new Error(`no code: ${auth.status}`);
  const token = await fetch(`${base}/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      client_id: "bench",
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
    }),
  });
  const { access_token } = await token.json();
  if (!access_token) throw new Error(`no token: ${token.status}`);
  const info = await fetch(`${base}/userinfo`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  await info.body?.cancel();
  if (info.status !== 200) throw new Error(`userinfo ${info.status}`);
}

/** The full code flow over HTTP against a real process: flows per second and latency. */
export const fullFlow: BenchSection = {
  name: "full_flow",
  description: "authorize (--auto-login) → code → token → userinfo over HTTP, 8 in flight, RS256",
  async run({ runs, command, cwd }: BenchOptions): Promise<BenchRow[]> {
    const op = spawnProvider(command, cwd, ["--auto-login", "alice", "--user", "alice"]);
    try {
      await firstOk(`${op.url}/jwks`);
      for (let i = 0; i < 20; i++) await flow(op.url);
      const rates: number[] = [];
      const p50: number[] = [];
      const p99: number[] = [];
      let errors = 0;
      for (let i = 0; i < Math.min(runs, 5); i++) {
        const r = await runLoad(() => flow(op.url), { total: 300, concurrency: 8 });
        rates.push(r.perSecond);
        p50.push(r.p50);
        p99.push(r.p99);
        errors += r.errors;
      }
      if (errors) console.error(`full_flow: ${errors} flows failed`);
      return [
        { metric: "flows per second (8 in flight)", samples: rates, unit: "req/s" },
        { metric: "flow latency p50", samples: p50, unit: "ms" },
        { metric: "flow latency p99", samples: p99, unit: "ms" },
      ];
    } finally {
      await op.stop();
    }
  },
};
