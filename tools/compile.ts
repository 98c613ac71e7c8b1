/**
 * `deno task compile [TARGET…] [--checksums] [--dry-run]`: builds one self-contained
 * `gatehouse` executable per platform into `dist/`, named `gatehouse-<target>` (`.exe` on
 * Windows). With no target it builds all of them; `--checksums` then writes `dist/SHA256SUMS`.
 *
 * `deno compile` downloads each platform's runtime (denort) from dl.deno.land; where that host
 * cannot be reached it fails, and this script says so (set `DENORT_BIN` to a local runtime).
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Every platform a release ships, as `deno compile --target` names them. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;
export type Target = typeof TARGETS[number];

/**
 * Exactly what the program needs: listen and call out (net), read users/clients/key files and
 * KV (read), write KV files (write), read `GATEHOUSE_*` variables (env), and sign with the
 * system's OpenSSL (ffi; `--crypto auto` falls back to WebCrypto without it). Nothing else.
 */
export const PERMISSIONS = [
  "--allow-net",
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-ffi",
];

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** `gatehouse-x86_64-pc-windows-msvc.exe`, `gatehouse-aarch64-apple-darwin`, … */
export function outputName(target: Target): string {
  return `gatehouse-${target}${target.includes("windows") ? ".exe" : ""}`;
}

/** The `deno` arguments that build `target` into `outDir` (relative to the repository root). */
export function compileArgs(target: Target, outDir = "dist"): string[] {
  return [
    "compile",
    "--target",
    target,
    "--output",
    `${outDir}/${outputName(target)}`,
    ...PERMISSIONS,
    "--unstable-kv",
    // Only what main.ts reaches goes into the binary.
    "--exclude-unused-npm",
    "main.ts",
  ];
}

/** One line explaining a failed build, naming the cause when it is the runtime download. */
export function explainFailure(target: Target, stderr: string): string {
  if (/Setting up base binary|dl\.deno\.land|denort/i.test(stderr)) {
    return `Cannot build ${outputName(target)}: deno compile could not download the Deno ` +
      `runtime for ${target} from dl.deno.land (this machine cannot reach it). Build on a ` +
      "machine with internet access (the release workflow does), or set DENORT_BIN to a " +
      "local denort binary for that target.";
  }
  const detail = stderr.trim().split("\n").filter((l) => /error/i.test(l))[0] ?? stderr.trim();
  return `Cannot build ${outputName(target)}: ${detail}`;
}

/** `sha256sum` format: `<hex>  <file name>` per line, in the order given. */
export async function sha256sums(dir: string, names: string[]): Promise<string> {
  const lines = [];
  for (const name of names) {
    const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(join(dir, name)));
    const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0"));
    lines.push(`${hex.join("")}  ${name}\n`);
  }
  return lines.join("");
}

/** What the command line asked for, or why it cannot be done. */
export function parseCommand(
  args: string[],
): { targets: Target[]; checksums: boolean; dryRun: boolean } | { error: string } {
  const options = args.filter((a) => a.startsWith("-"));
  const unknownOption = options.find((o) => o !== "--checksums" && o !== "--dry-run");
  if (unknownOption) return { error: `unknown option "${unknownOption}"` };
  const names = args.filter((a) => !a.startsWith("-"));
  const unknown = names.find((n) => !(TARGETS as readonly string[]).includes(n));
  if (unknown) return { error: `unknown target "${unknown}"` };
  return {
    targets: names.length > 0 ? names as Target[] : [...TARGETS],
    checksums: options.includes("--checksums"),
    dryRun: options.includes("--dry-run"),
  };
}

async function build(target: Target): Promise<string | null> {
  await Deno.mkdir(join(ROOT, "dist"), { recursive: true });
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: compileArgs(target),
    cwd: ROOT,
    stdout: "inherit",
    stderr: "piped",
  }).output();
  if (code === 0) return null;
  const text = new TextDecoder().decode(stderr);
  console.error(text.trimEnd());
  return explainFailure(target, text);
}

async function main(args: string[]): Promise<number> {
  const command = parseCommand(args);
  if ("error" in command) {
    console.error(`compile: ${command.error}\nTargets: ${TARGETS.join(", ")}`);
    console.error("Usage: deno task compile [TARGET…] [--checksums] [--dry-run]");
    return 2;
  }
  const failures: string[] = [];
  const built: string[] = [];
  for (const target of command.targets) {
    console.log(`deno ${compileArgs(target).join(" ")}`);
    if (command.dryRun) continue;
    const failure = await build(target);
    if (failure) failures.push(failure);
    else built.push(outputName(target));
  }
  if (command.checksums && built.length > 0) {
    await Deno.writeTextFile(
      join(ROOT, "dist", "SHA256SUMS"),
      await sha256sums(join(ROOT, "dist"), built),
    );
    console.log(`wrote dist/SHA256SUMS (${built.length} files)`);
  }
  if (!command.dryRun) console.log(`built ${built.length} of ${command.targets.length} targets`);
  failures.forEach((f) => console.error(f));
  return failures.length > 0 ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
