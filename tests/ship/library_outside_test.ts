import assert from "node:assert/strict";
import { tempDir } from "../fixtures/temp_dir.ts";

const ROOT = new URL("../../", import.meta.url);
const README = await Deno.readTextFile(new URL("README.md", ROOT));
/** The path the README's snippet imports mod.ts by: the one thing a reader changes. */
const IMPORT_PATH = "../gatehouse/mod.ts";

/** The fenced blocks of the README section "In your own Deno tests (the library)". */
function snippet(): { denoJson: string; test: string; command: string } {
  const section = README.split("### In your own Deno tests (the library)\n")[1]?.split(/^#/m)[0];
  assert.ok(section, "README has the library section");
  const block = (lang: string) => section.match(new RegExp("```" + lang + "\\n([^]*?)```"))![1];
  return { denoJson: block("json"), test: block("ts"), command: block("sh").trim() };
}

Deno.test("the README's library snippet runs in a project outside the repository", async () => {
  const { denoJson, test, command } = snippet();
  assert.deepEqual(JSON.parse(denoJson), { unstable: ["kv"] });
  assert.ok(test.includes(`"${IMPORT_PATH}"`), `the snippet imports ${IMPORT_PATH}`);
  const file = command.match(/ (\S+_test\.ts)$/)![1];
  await using dir = await tempDir({
    "deno.json": denoJson,
    [file]: test.replace(IMPORT_PATH, new URL("mod.ts", ROOT).href),
  });
  assert.ok(!dir.path.startsWith(ROOT.pathname), "the project is outside the repository");
  const [deno, ...args] = command.split(/\s+/);
  assert.equal(deno, "deno");
  const env = { NO_COLOR: "1" };
  const run = new Deno.Command(Deno.execPath(), { args, cwd: dir.path, env, stdin: "null" });
  const { code, stdout, stderr } = await run.output();
  const out = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  assert.equal(code, 0, out);
  assert.match(out, /ok \| 1 passed \| 0 failed/);
  assert.doesNotMatch(out, /INFO request/, "library mode has no request log unless asked");
});
