/**
 * Runs the GitHub Action's start script (the Linux path) against a locally built executable:
 * the `deno task bundle` output behind a tiny wrapper with the release binary's permissions.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { outputName, PERMISSIONS, TARGETS } from "../../tools/compile.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const START = join(ROOT, "tools/action/start.sh");
const decoder = new TextDecoder();

async function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(cmd, {
    args,
    env,
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/**
 * Runs `deno task bundle`'s command with its output in `dir` (other tests bundle into dist/ at
 * the same time), and writes an executable wrapper that runs it like the compiled binary.
 */
async function buildExecutable(dir: string): Promise<string> {
  const task: string = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json"))).tasks.bundle;
  const [deno, ...args] = task.split(" ").map((a) => a === "dist/gatehouse.js" ? join(dir, a) : a);
  assert.equal(deno, "deno", task);
  assert.ok(args.includes(join(dir, "dist/gatehouse.js")), task);
  const bundle = await run(Deno.execPath(), args, { NO_COLOR: "1" });
  assert.equal(bundle.code, 0, bundle.stderr);
  const wrapper = join(dir, "gatehouse");
  const flags = [...PERMISSIONS, "--unstable-kv"].join(" ");
  const script = `#!/bin/sh\nexec "${Deno.execPath()}" run ${flags} "${
    join(dir, "dist/gatehouse.js")
  }" "$@"\n`;
  await Deno.writeTextFile(wrapper, script, { mode: 0o755 });
  return wrapper;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function stop(pid: number, url: string): Promise<void> {
  try {
    Deno.kill(pid, "SIGTERM");
  } catch {
    return; // already gone
  }
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`${url}/health`).then(
      (r) => r.body?.cancel().then(() => true),
      () => false,
    );
    if (!up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Gatehouse (pid ${pid}) still answers after SIGTERM`);
}

Deno.test({
  name: "the action's start script runs the executable, waits for /health and sets outputs",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir();
    let outputs: Record<string, string> = {};
    try {
      const port = freePort();
      const env = {
        GATEHOUSE_BINARY: await buildExecutable(dir),
        GITHUB_OUTPUT: join(dir, "github_output"),
        RUNNER_TEMP: dir,
        ACTION_PORT: String(port),
        ACTION_USERS: "- sub: alice\n  email: alice@example.com\n- sub: bob\n",
        ACTION_ARGS: `--issuer 'http://localhost:${port}/realms/ci' --require-nonce`,
      };
      const result = await run("bash", [START], env);
      assert.equal(result.code, 0, result.stderr);
      const text = await Deno.readTextFile(env.GITHUB_OUTPUT);
      outputs = Object.fromEntries(text.trim().split("\n").map((l) => l.split(/=(.*)/s, 2)));
      assert.deepEqual(Object.keys(outputs), ["issuer", "discovery-url", "url", "pid", "log-file"]);
      assert.equal(outputs.issuer, `http://localhost:${port}/realms/ci`);
      assert.equal(outputs["discovery-url"], `${outputs.issuer}/.well-known/openid-configuration`);
      assert.equal(outputs.url, `http://127.0.0.1:${port}`);
      const health = await fetch(`${outputs.url}/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: "ok" });
      const discovery = await fetch(`${outputs.url}/realms/ci/.well-known/openid-configuration`);
      assert.equal((await discovery.json()).issuer, outputs.issuer);
      const log = await Deno.readTextFile(outputs["log-file"]);
      assert.match(log, /users\s+alice, bob \(2\)/);
      assert.match(result.stdout, /^Gatehouse /m, "the banner is echoed to the step's log");
    } finally {
      if (outputs.pid) await stop(Number(outputs.pid), outputs.url);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "the action's start script needs no inputs but the binary (port 0 here)",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir();
    const env = {
      GATEHOUSE_BINARY: await buildExecutable(dir),
      GITHUB_OUTPUT: join(dir, "github_output"),
      RUNNER_TEMP: dir,
      ACTION_PORT: "0",
    };
    let outputs: Record<string, string> = {};
    try {
      const result = await run("bash", [START], env);
      assert.equal(result.code, 0, result.stderr);
      const text = await Deno.readTextFile(env.GITHUB_OUTPUT);
      outputs = Object.fromEntries(text.trim().split("\n").map((l) => l.split(/=(.*)/s, 2)));
      const port = new URL(outputs.url).port;
      assert.notEqual(port, "0");
      assert.equal(outputs.issuer, `http://localhost:${port}`);
      assert.equal((await fetch(`${outputs.url}/health`).then((r) => r.json())).status, "ok");
    } finally {
      if (outputs.pid) await stop(Number(outputs.pid), outputs.url);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "the action's tls input serves https from the local CA and outputs its path",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir();
    const env = {
      GATEHOUSE_BINARY: await buildExecutable(dir),
      GITHUB_OUTPUT: join(dir, "github_output"),
      RUNNER_TEMP: dir,
      ACTION_PORT: "0",
      ACTION_TLS: "true",
    };
    let outputs: Record<string, string> = {};
    try {
      const result = await run("bash", [START], env);
      assert.equal(result.code, 0, result.stderr);
      const text = await Deno.readTextFile(env.GITHUB_OUTPUT);
      outputs = Object.fromEntries(text.trim().split("\n").map((l) => l.split(/=(.*)/s, 2)));
      assert.deepEqual(Object.keys(outputs), [
        "issuer",
        "discovery-url",
        "url",
        "pid",
        "log-file",
        "ca-path",
      ]);
      const port = new URL(outputs.url).port;
      assert.equal(outputs.url, `https://127.0.0.1:${port}`);
      assert.equal(outputs.issuer, `https://localhost:${port}`);
      assert.ok(outputs["ca-path"].startsWith(dir), outputs["ca-path"]);
      const client = Deno.createHttpClient({
        caCerts: [await Deno.readTextFile(outputs["ca-path"])],
      });
      try {
        const health = await fetch(`${outputs.issuer}/health`, { client });
        assert.deepEqual(await health.json(), { status: "ok" });
      } finally {
        client.close();
      }
    } finally {
      if (outputs.pid) await stop(Number(outputs.pid), outputs.url);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "the action's start script fails with the server's own error when it cannot start",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const result = await run("bash", [START], {
        GATEHOUSE_BINARY: await buildExecutable(dir),
        RUNNER_TEMP: dir,
        ACTION_ARGS: "--alg HS1024",
      });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /Invalid configuration \(1 problem\)/);
      assert.match(result.stderr, /--alg: expected one of RS256/);
      assert.match(result.stderr, /::error title=Gatehouse::Gatehouse exited before it was ready/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** Calls one of the script's functions with `uname` and the environment faked. */
async function scriptFunction(call: string, fakes = ""): Promise<string> {
  const result = await run("bash", ["-c", `source "${START}"; ${fakes}\n${call}`]);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trim();
}

Deno.test({
  name: "the action downloads the asset tools/compile.ts builds for each runner",
  ignore: Deno.build.os === "windows",
  async fn() {
    const runners: [string, string, string][] = [
      ["Linux", "x86_64", "x86_64-unknown-linux-gnu"],
      ["Linux", "aarch64", "aarch64-unknown-linux-gnu"],
      ["Darwin", "x86_64", "x86_64-apple-darwin"],
      ["Darwin", "arm64", "aarch64-apple-darwin"],
      ["MINGW64_NT-10.0-20348", "x86_64", "x86_64-pc-windows-msvc"],
    ];
    assert.deepEqual(runners.map(([, , t]) => t).sort(), [...TARGETS].sort());
    for (const [os, arch, target] of runners) {
      const fake = `uname() { case "$1" in -s) echo "${os}";; -m) echo "${arch}";; esac; }`;
      assert.equal(await scriptFunction("asset_name", fake), outputName(target as never));
    }
  },
});

Deno.test({
  name: "the action finds its own repository from the checkout path on every runner",
  ignore: Deno.build.os === "windows",
  async fn() {
    const cases: [string, string][] = [
      ["GITHUB_ACTION_PATH=/home/runner/work/_actions/acme/gatehouse/v1", "acme/gatehouse"],
      ["GITHUB_ACTION_PATH='D:\\a\\_actions\\acme\\gatehouse\\v1.2.0'", "acme/gatehouse"],
      ["GITHUB_ACTION_PATH=/home/runner/work/app/app GITHUB_REPOSITORY=me/app", "me/app"],
      ["ACTION_REPOSITORY=fork/gatehouse GITHUB_REPOSITORY=me/app", "fork/gatehouse"],
    ];
    for (const [vars, expected] of cases) {
      assert.equal(await scriptFunction("release_repository", `export ${vars}`), expected);
    }
  },
});

/** Runs `script` in bash with only PATH (a fake `curl` first on it) and HOME in the environment. */
async function isolated(script: string) {
  const dir = await Deno.makeTempDir();
  try {
    const curl = join(dir, "curl");
    await Deno.writeTextFile(curl, `#!/bin/sh\necho "curl $*" >>"${dir}/curl.log"\nexit 0\n`, {
      mode: 0o755,
    });
    const out = await new Deno.Command("bash", {
      args: ["-c", script],
      clearEnv: true,
      env: { PATH: `${dir}:${Deno.env.get("PATH")}`, HOME: dir, RUNNER_TEMP: dir },
      cwd: ROOT,
    }).output();
    const curlLog = await Deno.readTextFile(join(dir, "curl.log")).catch(() => "");
    return { code: out.code, stderr: decoder.decode(out.stderr), curlLog };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "the action's start script stops at a fail inside $(…): no repository, no download",
  ignore: Deno.build.os === "windows",
  async fn() {
    const result = await isolated(`bash "${START}"`);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /::error title=Gatehouse::cannot tell which repository/);
    assert.doesNotMatch(result.stderr, /Downloading/);
    assert.equal(result.curlLog, "");
  },
});

Deno.test({
  name: "the action's start script stops when no build fits the runner, before downloading",
  ignore: Deno.build.os === "windows",
  async fn() {
    const fake = `uname() { case "$1" in -s) echo Plan9;; -m) echo x86_64;; esac; }`;
    const result = await isolated(
      `source "${START}"; ${fake}; export -f uname; export ACTION_REPOSITORY=acme/gatehouse; main`,
    );
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /::error title=Gatehouse::no Gatehouse build for Plan9/);
    assert.equal(result.curlLog, "");
  },
});

Deno.test("the action's version input defaults to latest, and the README documents GATEHOUSE_BINARY", async () => {
  const action = await Deno.readTextFile(join(ROOT, "action.yml"));
  assert.match(action, /^ {2}version:\n(?: {4}.*\n)*? {4}default: latest$/m);
  const readme = await Deno.readTextFile(join(ROOT, "README.md"));
  const section = readme.split("### GitHub Actions: the action")[1].split(/^### /m)[0];
  assert.match(section, /`GATEHOUSE_BINARY`/);
  assert.match(section, /version: latest/);
});
