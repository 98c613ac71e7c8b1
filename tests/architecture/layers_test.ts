import assert from "node:assert/strict";

/** The lower layers: plain protocol, storage, crypto and test-control code with no HTTP in it. */
const LOWER = ["protocol", "grants", "store", "crypto", "control"];
const SRC = new URL("../../src/", import.meta.url);

/** Every module specifier a file names: static imports and exports, `import()` and `import type`. */
export function specifiers(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;
  for (const m of source.matchAll(pattern)) found.push(m[1]);
  return found;
}

/** Why `spec`, imported by the file at `file`, crosses upward, or null when it does not. */
export function upwardImport(file: URL, spec: string): string | null {
  if (spec === "hono" || spec.startsWith("hono/") || spec.startsWith("npm:hono")) {
    return `imports Hono ("${spec}")`;
  }
  if (!spec.startsWith(".")) return null;
  const target = new URL(spec, file).pathname;
  for (const upper of ["src/http/", "views/"]) {
    if (target.includes(`/${upper}`)) return `imports ${upper} ("${spec}")`;
  }
  return null;
}

async function* sourceFiles(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* sourceFiles(url);
    else if (/\.tsx?$/.test(entry.name)) yield url;
  }
}

Deno.test("upwardImport flags Hono, http/ and views/ and nothing else", () => {
  const file = new URL("../../src/protocol/tokens/mint.ts", import.meta.url);
  assert.equal(upwardImport(file, "hono"), 'imports Hono ("hono")');
  assert.equal(upwardImport(file, "hono/jsx"), 'imports Hono ("hono/jsx")');
  assert.equal(
    upwardImport(file, "../../http/form.ts"),
    'imports src/http/ ("../../http/form.ts")',
  );
  assert.equal(
    upwardImport(file, "../../../views/login.tsx"),
    'imports views/ ("../../../views/login.tsx")',
  );
  assert.equal(upwardImport(file, "../errors.ts"), null);
  assert.equal(upwardImport(file, "jose"), null);
  assert.deepEqual(
    specifiers(
      'import type { A } from "hono";\nconst m = await import("../x.ts");\nexport { b } from "./b.ts";',
    ),
    ["hono", "../x.ts", "./b.ts"],
  );
});

Deno.test("nothing under protocol/, grants/, store/, crypto/ or control/ imports http/, views/ or Hono", async () => {
  const problems: string[] = [];
  for (const layer of LOWER) {
    for await (const file of sourceFiles(new URL(`${layer}/`, SRC))) {
      for (const spec of specifiers(await Deno.readTextFile(file))) {
        const why = upwardImport(file, spec);
        if (why) problems.push(`${file.pathname.split("/src/")[1]} ${why}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});
