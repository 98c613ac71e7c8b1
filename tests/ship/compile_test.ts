import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  compileArgs,
  explainFailure,
  outputName,
  parseCommand,
  sha256sums,
  TARGETS,
} from "../../tools/compile.ts";
import { startFlags } from "../../tools/bench.ts";

Deno.test("compile builds every release platform with exactly the permissions it needs", () => {
  assert.deepEqual([...TARGETS].sort(), [
    "aarch64-apple-darwin",
    "aarch64-unknown-linux-gnu",
    "x86_64-apple-darwin",
    "x86_64-pc-windows-msvc",
    "x86_64-unknown-linux-gnu",
  ]);
  for (const target of TARGETS) {
    const args = compileArgs(target);
    const flags = args.filter((a) => a.startsWith("--allow") || a.startsWith("--unstable"));
    assert.deepEqual(flags, [
      "--allow-net",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-ffi",
      "--unstable-kv",
    ]);
    assert.equal(args[args.indexOf("--target") + 1], target);
    assert.equal(args[args.indexOf("--output") + 1], `dist/${outputName(target)}`);
    assert.equal(args.at(-1), "main.ts");
  }
  assert.equal(outputName("x86_64-pc-windows-msvc"), "gatehouse-x86_64-pc-windows-msvc.exe");
  assert.equal(outputName("aarch64-apple-darwin"), "gatehouse-aarch64-apple-darwin");
});

Deno.test("compile takes an optional target and rejects unknown ones", () => {
  assert.deepEqual(parseCommand([]), { targets: [...TARGETS], checksums: false, dryRun: false });
  assert.deepEqual(parseCommand(["aarch64-apple-darwin", "--checksums"]), {
    targets: ["aarch64-apple-darwin"],
    checksums: true,
    dryRun: false,
  });
  assert.deepEqual(parseCommand(["linux"]), { error: 'unknown target "linux"' });
  assert.deepEqual(parseCommand(["--sign"]), { error: 'unknown option "--sign"' });
});

Deno.test("compile explains an unreachable runtime download in one line", () => {
  const stderr = [
    "error: Writing deno compile executable to temporary file 'dist/gatehouse.tmp'",
    "Caused by:",
    "    0: Setting up base binary.",
    "    1: error sending request for url (https://dl.deno.land/release/v2.9.6/denort.zip)",
  ].join("\n");
  const line = explainFailure("x86_64-unknown-linux-gnu", stderr);
  assert.match(line, /^Cannot build gatehouse-x86_64-unknown-linux-gnu: deno compile could not/);
  assert.match(line, /dl\.deno\.land/);
  assert.match(line, /DENORT_BIN/);
  assert.equal(
    explainFailure("x86_64-unknown-linux-gnu", "Check main.ts\nerror: TS2304 oops\n"),
    "Cannot build gatehouse-x86_64-unknown-linux-gnu: error: TS2304 oops",
  );
});

Deno.test("compile writes SHA256SUMS in sha256sum's format", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "gatehouse-a"), "abc");
    await Deno.writeTextFile(join(dir, "gatehouse-b.exe"), "");
    assert.equal(
      await sha256sums(dir, ["gatehouse-a", "gatehouse-b.exe"]),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  gatehouse-a\n" +
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  gatehouse-b.exe\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task compile --dry-run prints one command per target and exits 0", async () => {
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "compile", "--dry-run"],
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(code, 0);
  const lines = new TextDecoder().decode(stdout).trim().split("\n");
  assert.deepEqual(lines, TARGETS.map((t) => `deno ${compileArgs(t).join(" ")}`));
});

Deno.test("the tasks load dynamic imports lazily and run without V8 flags; the bench runs as the start task", async () => {
  // A V8 flag changes the hash Deno's code cache is checked against: start-up would compile
  // every module again (measured: +10 ms to the first discovery answer).
  const deno = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  for (const task of ["start", "dev"]) assert.ok(!deno.tasks[task].includes("--v8-flags"), task);
  for (const target of TARGETS) {
    assert.ok(!compileArgs(target).some((a) => a.startsWith("--v8-flags")), target);
  }
  // The app, storage and keys load after listening, through import("./app.ts"): without this
  // flag Deno loads that whole graph before running main.ts (measured: +18 ms to discovery).
  for (const task of ["start", "dev"]) {
    assert.ok(deno.tasks[task].includes("--unstable-lazy-dynamic-imports"), task);
  }
  const words = deno.tasks.start.split(" ");
  assert.deepEqual(startFlags(), words.slice(words.indexOf("run") + 1, words.indexOf("main.ts")));
  assert.ok(startFlags().includes("--allow-ffi"));
});
