import assert from "node:assert/strict";

/**
 * `deno run main.ts` reads the root deno.json and deno.lock before it runs a line of ours: every
 * package they name costs start-up time (measured: 47 → 1,493 lock lines took spawn → first
 * discovery from 67 to 104 ms). So they name the runtime's packages only; what the tests and tools
 * need lives in tests/deno.json and tests/deno.lock.
 */
const ROOT = new URL("../../", import.meta.url);
const read = async (path: string) => JSON.parse(await Deno.readTextFile(new URL(path, ROOT)));

/** Packages src/, views/ and the entry points import (`npm:hono@^4/jsx` → `hono`). */
async function runtimePackages(): Promise<Set<string>> {
  const found = new Set<string>();
  const scan = async (url: URL) => {
    const text = await Deno.readTextFile(url);
    for (const m of text.matchAll(/npm:((?:@[^/@\s"'`]+\/)?[^/@\s"'`]+)@/g)) found.add(m[1]);
  };
  const walk = async (dir: URL) => {
    for await (const e of Deno.readDir(dir)) {
      const url = new URL(e.name + (e.isDirectory ? "/" : ""), dir);
      if (e.isDirectory) await walk(url);
      else if (/\.tsx?$/.test(e.name)) await scan(url);
    }
  };
  for (const dir of ["src/", "views/"]) await walk(new URL(dir, ROOT));
  for (const file of ["main.ts", "mod.ts"]) await scan(new URL(file, ROOT));
  return found;
}

const packageOf = (spec: string) => spec.match(/^npm:\/?((?:@[^/]+\/)?[^@/]+)/)?.[1] ?? spec;

Deno.test("the root deno.json maps only packages the runtime imports", async () => {
  const runtime = await runtimePackages();
  const imports: Record<string, string> = (await read("deno.json")).imports;
  const extra = Object.values(imports).map(packageOf).filter((p) => !runtime.has(p));
  assert.deepEqual([...new Set(extra)], [], "move test-only packages to tests/deno.json");
});

Deno.test("the root deno.lock pins only packages the runtime imports", async () => {
  const runtime = await runtimePackages();
  const lock = await read("deno.lock");
  const extra = Object.keys(lock.specifiers ?? {}).map(packageOf).filter((p) => !runtime.has(p));
  assert.deepEqual(extra, [], "regenerate deno.lock from main.ts and mod.ts alone");
});

Deno.test("the tests' deno.json maps everything the root one does, the same way", async () => {
  const root: Record<string, string> = (await read("deno.json")).imports;
  const tests: Record<string, string> = (await read("tests/deno.json")).imports;
  for (const [name, spec] of Object.entries(root)) assert.equal(tests[name], spec, name);
});
