/**
 * `deno task fuzz [--seed N] [--runs N] [--server-runs N]`: sends `runs` generated hostile
 * requests through the real app in process, then `server-runs` more to a real server, under an
 * issuer with a path; prints every class of 5xx or stack trace, then checks health and a full
 * sign-in. Exits 1 on any finding. CI runs a fixed seed with fewer runs (tests/fuzz).
 */
import { parseArgs } from "node:util";
import { fuzz, type FuzzReport } from "./fuzz/runner.ts";
import { assertHealthyAndSignIn } from "./fuzz/signin.ts";
import { inProcessTarget, serverTarget } from "./fuzz/targets.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seed: { type: "string", default: String(Date.now() % 2 ** 31) },
    runs: { type: "string", default: "20000" },
    "server-runs": { type: "string", default: "1000" },
  },
});
const seed = Number(values.seed);
const runs = Number(values.runs);
const serverRuns = Number(values["server-runs"]);

function print(where: string, r: FuzzReport): void {
  console.log(
    `${where}: seed ${r.seed}, ${r.sent} sent (${r.unsendable} unsendable) in ${r.ms} ms; ` +
      `statuses ${JSON.stringify(r.statuses)}; ${r.findings.length} finding classes`,
  );
  for (const f of r.findings) {
    console.log(`  ${f.count}× ${f.key}\n    e.g. ${f.example.method} ${f.example.path}`);
  }
}

let failed = false;
{
  await using target = await inProcessTarget();
  const report = await fuzz(target, {
    seed,
    runs,
    onProgress: (n) => Deno.stderr.writeSync(new TextEncoder().encode(`\r${n}/${runs}`)),
  });
  console.log();
  print("in process", report);
  await assertHealthyAndSignIn(target);
  failed ||= report.findings.length > 0;
}
if (serverRuns > 0) {
  await using target = await serverTarget();
  const report = await fuzz(target, { seed: seed + 1, runs: serverRuns });
  print("real server", report);
  await assertHealthyAndSignIn(target);
  failed ||= report.findings.length > 0;
}
console.log(failed ? "FAILED" : "health and a full sign-in OK after fuzzing");
Deno.exit(failed ? 1 : 0);
