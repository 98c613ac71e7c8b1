/**
 * The GitHub workflows, the action and the Dockerfile cannot run here; these tests check what
 * can be checked by reading: valid YAML, pinned actions, and every task and file they name.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FILES = [".github/workflows/ci.yml", ".github/workflows/release.yml", "action.yml"];
const TASKS = Object.keys(JSON.parse(Deno.readTextFileSync(join(ROOT, "deno.json"))).tasks);

type Step = { uses?: string; run?: string; with?: Record<string, unknown> };

function load(file: string): Record<string, unknown> {
  return parse(Deno.readTextFileSync(join(ROOT, file)));
}

/** Every step of every job (workflows) or of the composite action. */
function steps(doc: Record<string, unknown>): Step[] {
  const jobs = (doc.jobs ?? { action: doc.runs }) as Record<string, { steps?: Step[] }>;
  return Object.values(jobs).flatMap((job) => job.steps ?? []);
}

/** Variables that hold the repository's root (the checkout or the action's own copy). */
const REPO_ROOT_PREFIX =
  /\$\{\{\s*github\.(?:action_path|workspace)\s*\}\}\/|\$\{?(?:action_path|GITHUB_ACTION_PATH|GITHUB_WORKSPACE|PWD)\}?\//g;

/**
 * Repository paths a script or `with:` value names. Paths under the repository's root variables
 * count; paths under any other variable (`$RUNNER_TEMP/…`) or under dist/ are made at run time.
 */
export function repositoryPaths(text: string): string[] {
  const cleaned = text.replace(REPO_ROOT_PREFIX, " ")
    .replace(/(?:\$\{\{[^}]*\}\}|\$\{?\w+\}?|%s)\/\S*/g, " ");
  const re = /(?<![\w$./:-])((?:[\w.-]+\/)*[\w.-]+\.(?:ts|sh|ps1|json|lock|ya?ml)|Dockerfile)\b/g;
  return [...cleaned.matchAll(re)].map((m) => m[1]).filter((p) => !p.startsWith("dist/"));
}

Deno.test("the workflows and action.yml parse as YAML with the expected shape", () => {
  const ci = load(".github/workflows/ci.yml");
  const release = load(".github/workflows/release.yml");
  const action = load("action.yml");
  assert.deepEqual(Object.keys(ci.jobs as object), ["check", "test", "action"]);
  const matrix = (ci.jobs as Record<string, { strategy: { matrix: { os: string[] } } }>).test;
  assert.deepEqual(matrix.strategy.matrix.os, ["ubuntu-latest", "macos-latest", "windows-latest"]);
  assert.deepEqual((release.on as { push: { tags: string[] } }).push.tags, ["v*"]);
  assert.equal((action.runs as { using: string }).using, "composite");
  assert.deepEqual(Object.keys(action.inputs as object).slice(0, 4), [
    "version",
    "port",
    "users",
    "args",
  ]);
  assert.deepEqual(Object.keys(action.outputs as object).slice(0, 2), ["issuer", "discovery-url"]);
});

Deno.test("every deno task the workflows run exists in deno.json", () => {
  const used = new Set<string>();
  for (const file of FILES) {
    for (const step of steps(load(file))) {
      for (const m of (step.run ?? "").matchAll(/\bdeno task (?:--?[\w-]+ )*([\w:-]+)/g)) {
        used.add(m[1]);
      }
    }
  }
  assert.ok(used.has("compile") && used.has("test") && used.has("check"), [...used].join(", "));
  for (const task of used) assert.ok(TASKS.includes(task), `deno task ${task} is not in deno.json`);
});

Deno.test("every repository file the workflows and the action name exists", () => {
  const named = new Set<string>();
  for (const file of FILES) {
    for (const step of steps(load(file))) {
      const texts = [step.run ?? "", ...Object.values(step.with ?? {}).map(String)];
      texts.flatMap(repositoryPaths).forEach((p) => named.add(p));
    }
  }
  assert.ok(named.has("tools/action/start.sh") && named.has("Dockerfile"), [...named].join(", "));
  for (const path of named) assert.ok(existsSync(join(ROOT, path)), `${path} does not exist`);
});

Deno.test("every action is pinned to a commit SHA with its version alongside", () => {
  for (const file of FILES) {
    const text = Deno.readTextFileSync(join(ROOT, file));
    for (const step of steps(load(file))) {
      if (!step.uses || step.uses === "./") continue;
      assert.match(step.uses, /^[\w-]+\/[\w-]+@[0-9a-f]{40}$/, `${file}: ${step.uses}`);
      assert.match(text, new RegExp(`${step.uses} # v\\d+\\.\\d+\\.\\d+`), `${file}: ${step.uses}`);
    }
  }
});

Deno.test("repositoryPaths finds paths behind runtime prefixes and skips build output", () => {
  const script = 'bash "$action_path/tools/action/start.sh"\nGITHUB_OUTPUT="$RUNNER_TEMP/x.json" ' +
    "deno run tools/compile.ts dist/gatehouse-x.json https://example.com/a.json /tmp/b.sh Dockerfile";
  assert.deepEqual(repositoryPaths(script), [
    "tools/action/start.sh",
    "tools/compile.ts",
    "Dockerfile",
  ]);
});

Deno.test("the Dockerfile runs the binary as non-root on 9400 with a shell-free healthcheck", () => {
  const text = Deno.readTextFileSync(join(ROOT, "Dockerfile"));
  const version = text.match(/^ARG DENO_VERSION=(\S+)$/m)?.[1];
  const ci = load(".github/workflows/ci.yml") as { env: { DENO_VERSION: string } };
  assert.equal(version, ci.env.DENO_VERSION, "the image builds with CI's Deno");
  assert.match(text, /^FROM --platform=\$BUILDPLATFORM denoland\/deno:\$\{DENO_VERSION\} AS /m);
  assert.match(text, /^USER 65532:65532$/m);
  assert.match(text, /^EXPOSE 9400$/m);
  assert.match(text, /^ENV GATEHOUSE_HOST=0\.0\.0\.0/m);
  assert.match(text, /^\s+CMD \["\/gatehouse", "healthcheck"\]$/m);
  assert.match(text, /^ENTRYPOINT \["\/gatehouse"\]$/m);
  const copied = [...text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(" "));
  for (const path of copied.filter((p) => !p.startsWith("dist"))) {
    assert.ok(existsSync(join(ROOT, path)), `Dockerfile copies ${path}, which does not exist`);
  }
  const ignore = Deno.readTextFileSync(join(ROOT, ".dockerignore"));
  for (const path of copied) {
    assert.ok(ignore.includes(`!${path.replace(/\/$/, "")}`), `.dockerignore excludes ${path}`);
  }
});
