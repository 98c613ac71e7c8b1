/**
 * `deno task bench`: runs every section in tools/bench/sections.ts and prints medians against
 * their targets. A benchmark, not a test: it exits 0 whether or not targets are met.
 *
 * Usage: deno task bench [--runs N] [--only SECTION] [--bundle] [--peer oidc-provider]
 *   --runs N        repetitions per measurement (1 to 50, default 10)
 *   --only SECTION  run one section by name
 *   --bundle        measure dist/gatehouse.js (run `deno task bundle` first) instead of main.ts
 *   --peer NAME     instead of the sections: Gatehouse beside panva's oidc-provider on Node
 *                   (tools/bench/peer), alternating rounds (--runs, at most 5), with ratios
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { formatSection } from "./bench/report.ts";
import { SECTIONS } from "./bench/sections.ts";
import { peerBench } from "./bench/peer.ts";
import type { BenchOptions } from "./bench/types.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/**
 * The flags of `deno task start` (permissions, V8 settings): the bench measures what users run.
 */
export function startFlags(): string[] {
  const tasks = JSON.parse(Deno.readTextFileSync(new URL("../deno.json", import.meta.url))).tasks;
  const words: string[] = tasks.start.split(/\s+/);
  return words.slice(words.indexOf("run") + 1, words.indexOf("main.ts"));
}

function options(args: string[]): { opts: BenchOptions; only?: string; peer?: string } {
  const { values } = parseArgs({
    args: args[0] === "--" ? args.slice(1) : args,
    options: {
      runs: { type: "string" },
      only: { type: "string" },
      bundle: { type: "boolean" },
      peer: { type: "string" },
    },
  });
  const runs = Math.min(50, Math.max(1, Number(values.runs ?? 10) || 10));
  const script = values.bundle
    ? [
      "--allow-net",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-ffi",
      "--unstable-kv",
      "dist/gatehouse.js",
    ]
    : [...startFlags(), "main.ts"];
  return {
    opts: { runs, command: [Deno.execPath(), "run", ...script], cwd: ROOT },
    only: values.only,
    peer: values.peer,
  };
}

if (import.meta.main) {
  const { opts, only, peer } = options(Deno.args);
  if (peer !== undefined && peer !== "oidc-provider") {
    console.error(`No peer "${peer}"; the peer is oidc-provider`);
    Deno.exit(2);
  }
  if (peer) {
    await peerBench({ ...opts, rounds: Math.min(opts.runs, 5) });
    Deno.exit(0);
  }
  const sections = SECTIONS.filter((s) => !only || s.name === only);
  if (sections.length === 0) {
    console.error(`No section "${only}"; sections: ${SECTIONS.map((s) => s.name).join(", ")}`);
    Deno.exit(2);
  }
  const what = opts.command.slice(1).join(" ");
  console.log(
    `Gatehouse bench: ${opts.runs} runs each, deno ${Deno.version.deno}, ${Deno.build.os}/${Deno.build.arch}`,
  );
  console.log(`command: deno ${what}\n`);
  for (const section of sections) {
    console.log(formatSection(section, await section.run(opts)));
    console.log("");
  }
}
