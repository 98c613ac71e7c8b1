import assert from "node:assert/strict";
import { TEST_CONFIG } from "../fixtures/test_config.ts";

const ROOT = new URL("../../", import.meta.url);
const BROWSER_TEST = "tests/browser/signin_test.ts";

async function runBrowserTest(env: Record<string, string>) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["test", "--config", TEST_CONFIG, "-A", "--no-check", BROWSER_TEST],
    cwd: ROOT,
    env: { NO_COLOR: "1", REQUIRE_CHROMIUM: "", ...env },
    stdin: "null",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code, out: text(stdout) + text(stderr) };
}

Deno.test("without Chromium the browser tests are skipped with one line saying how to run them", async () => {
  const { code, out } = await runBrowserTest({ CHROMIUM_PATH: "/nonexistent/chromium" });
  assert.equal(code, 0, out);
  const lines = out.split("\n").filter((l) => l.startsWith("browser tests skipped"));
  assert.deepEqual(lines, [
    "browser tests skipped: no Chromium at /nonexistent/chromium: install it (Debian: apt-get " +
    "install chromium) or set CHROMIUM_PATH; they run once it is found",
  ]);
  assert.match(out, /ok \| 0 passed \| 0 failed \| 1 ignored/);
});

Deno.test("REQUIRE_CHROMIUM=1 turns a missing Chromium into a failure", async () => {
  const env = { CHROMIUM_PATH: "/nonexistent/chromium", REQUIRE_CHROMIUM: "1" };
  const { code, out } = await runBrowserTest(env);
  assert.equal(code, 1, out);
  assert.match(out, /REQUIRE_CHROMIUM=1 forbids skipping the browser tests/);
});

Deno.test(".ci/run installs Debian's Chromium and forbids skipping the browser tests", async () => {
  const script = await Deno.readTextFile(new URL(".ci/run", ROOT));
  assert.match(script, /apt-get install -y --no-install-recommends chromium/);
  assert.match(script, /^export REQUIRE_CHROMIUM=1$/m);
});

/** Every `_test.ts` file below `dir`, as paths relative to the repository. */
async function testFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(new URL(dir, ROOT))) {
    if (e.isDirectory) out.push(...await testFiles(`${dir}${e.name}/`));
    else if (e.name.endsWith("_test.ts")) out.push(`${dir}${e.name}`);
  }
  return out;
}

Deno.test("every browser test goes through browserTest, so it can be skipped", async () => {
  const direct: string[] = [];
  // This file names Chromium in its tests but starts none.
  const files = (await testFiles("tests/")).filter((f) => f !== "tests/ship/browser_skip_test.ts");
  for (const file of files) {
    const text = await Deno.readTextFile(new URL(file, ROOT));
    // The browser and interop suites drive Chromium in every test; elsewhere a test that does
    // says so in its name.
    const allBrowser = /^tests\/(browser|interop)\//.test(file);
    const calls = [...text.matchAll(/Deno\.test\(\s*(?:\{\s*name:\s*)?([`"'])(.*?)\1/gs)];
    if (allBrowser ? text.includes("Deno.test(") : calls.some((m) => /Chromium/.test(m[2]))) {
      direct.push(file);
    }
  }
  assert.deepEqual(direct, []);
});
