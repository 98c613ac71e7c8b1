import assert from "node:assert/strict";
import { specifiers } from "./layers_test.ts";

/**
 * mod.ts is imported by path from other projects, whose deno.json has no import map of ours: its
 * graph must name packages in full (`npm:hono@^4`), as deno.json's `imports` map them, and each
 * .tsx file must name its JSX runtime, since our compilerOptions do not apply there either.
 */
const ROOT = new URL("../../", import.meta.url);
const IMPORTS: Record<string, string> = JSON.parse(
  await Deno.readTextFile(new URL("deno.json", ROOT)),
).imports;

async function* files(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* files(url);
    else if (/\.tsx?$/.test(entry.name)) yield url;
  }
}

/** Why `spec` would not resolve without our import map, or null. */
export function needsImportMap(spec: string): string | null {
  if (spec.startsWith(".") || spec.startsWith("node:")) return null;
  const pkg = spec.match(/^npm:((?:@[^/]+\/)?[^@/]+)@[^/]+/)?.[1];
  if (!pkg) return `bare specifier "${spec}": write it as deno.json's imports map it (npm:…@^N)`;
  const mapped = IMPORTS[pkg];
  if (mapped && !spec.startsWith(mapped)) return `"${spec}" differs from deno.json's "${mapped}"`;
  return null;
}

Deno.test("needsImportMap accepts relative, node: and versioned npm: specifiers only", () => {
  assert.equal(needsImportMap("./x.ts"), null);
  assert.equal(needsImportMap("node:path"), null);
  assert.equal(needsImportMap("npm:hono@^4/jsx"), null);
  assert.match(needsImportMap("hono")!, /bare specifier/);
  assert.match(needsImportMap("npm:jose@^5")!, /differs/);
});

Deno.test("mod.ts's graph resolves without Gatehouse's import map or compilerOptions", async () => {
  const wrong: string[] = [];
  const all = [new URL("mod.ts", ROOT), new URL("main.ts", ROOT)];
  for (const dir of ["src/", "views/"]) {
    for await (const f of files(new URL(dir, ROOT))) all.push(f);
  }
  for (const file of all) {
    const text = await Deno.readTextFile(file);
    const name = file.pathname.slice(ROOT.pathname.length);
    // The pattern also meets prose inside strings (`from "${id}"`); no module name has `$`,
    // a comma or white space.
    for (const spec of specifiers(text).filter((s) => !/[$,\s]/.test(s))) {
      const why = needsImportMap(spec);
      if (why) wrong.push(`${name}: ${why}`);
    }
    if (name.endsWith(".tsx") && !text.startsWith("/** @jsxImportSource npm:hono@^4/jsx */")) {
      wrong.push(`${name}: must start with /** @jsxImportSource npm:hono@^4/jsx */`);
    }
  }
  assert.deepEqual(wrong, []);
});
