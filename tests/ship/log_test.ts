import assert from "node:assert/strict";

const LOG = new URL("../../src/log.ts", import.meta.url).href;

/** Runs `code` (with `createLog` imported) in a fresh process; resolves to its stderr lines. */
async function stderrOf(code: string): Promise<string[]> {
  const script = `import { createLog } from "${LOG}";\n${code}`;
  const { code: exit, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--quiet", script],
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(exit, 0);
  return new TextDecoder().decode(stderr).split("\n").filter(Boolean);
}

Deno.test("log lines reach stderr in order, whole, also when the process exits at once", async () => {
  const lines = await stderrOf(`
    const log = createLog("text");
    log.info("request", { method: "GET", path: "/a b", status: 200, skipped: undefined });
    log.warn("careful", { n: 1 });
    log.info("last");
    Deno.exit(0);`);
  assert.deepEqual(lines, [
    'INFO request method=GET path="/a b" status=200',
    "WARN careful n=1",
    "INFO last",
  ]);
});

Deno.test("json log lines are one object each, also across turns of the event loop", async () => {
  const lines = await stderrOf(`
    const log = createLog("json");
    log.info("one", { a: 1 });
    await new Promise((r) => setTimeout(r, 5));
    log.info("two");`);
  const parsed = lines.map((l) => JSON.parse(l));
  assert.deepEqual(parsed.map((p) => [p.level, p.message, p.a]), [
    ["info", "one", 1],
    ["info", "two", undefined],
  ]);
});

Deno.test("a closed stderr does not stop the process", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      "--quiet",
      `import { createLog } from "${LOG}";
       const log = createLog("text");
       for (let i = 0; i < 50; i++) {
         log.info("line", { i });
         await new Promise((r) => setTimeout(r, 10));
       }
       console.log("still running");`,
    ],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // The reader of stderr goes away at once.
  await child.stderr.cancel();
  const out = await child.output();
  assert.equal(out.code, 0);
  assert.equal(new TextDecoder().decode(out.stdout).trim(), "still running");
});
