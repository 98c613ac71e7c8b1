import { firstOk, rssMb, spawnProvider } from "./process.ts";
import type { BenchOptions, BenchRow, BenchSection } from "./types.ts";

/** Tenants created per run, after a first one has warmed the code paths. */
const TENANTS = 20;

/** Makes tenant `name` exist (discovery) and generate its signing key (JWKS). */
async function touch(url: string, name: string): Promise<void> {
  await firstOk(`${url}/${name}/.well-known/openid-configuration`);
  await firstOk(`${url}/${name}/jwks`);
}

/** `--tenants auto`: the memory each further tenant costs once it has answered and has its key. */
export const tenants: BenchSection = {
  name: "tenants",
  description: `--tenants auto, RS256: VmRSS growth over ${TENANTS} tenants, per tenant`,
  async run({ runs, command, cwd }: BenchOptions): Promise<BenchRow[]> {
    const perTenant: number[] = [];
    const startup: number[] = [];
    for (let i = 0; i < Math.min(runs, 5); i++) {
      const op = spawnProvider(command, cwd, ["--tenants", "auto"]);
      try {
        startup.push(await firstOk(`${op.url}/.well-known/openid-configuration`) - op.spawnedAt);
        await firstOk(`${op.url}/jwks`);
        await touch(op.url, "warm-up");
        const before = rssMb(op.pid);
        for (let t = 0; t < TENANTS; t++) await touch(op.url, `t${t}`);
        const after = rssMb(op.pid);
        if (before !== null && after !== null) perTenant.push((after - before) / TENANTS);
      } finally {
        await op.stop();
      }
    }
    return [
      {
        metric: "spawn → first 200 on discovery (--tenants auto)",
        samples: startup,
        unit: "ms",
      },
      { metric: "VmRSS per extra tenant", samples: perTenant, unit: "MB", target: { below: 5 } },
    ];
  },
};
