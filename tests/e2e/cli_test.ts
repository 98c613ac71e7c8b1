import assert from "node:assert/strict";
import { VERSION } from "../../src/version.ts";
import { runDeno, spawnGatehouse } from "../fixtures/gatehouse_process.ts";

const gatehouse = (...args: string[]) => runDeno(["run", "-A", "main.ts", ...args]);

/** A port nothing listens on: bound, then released. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

Deno.test("--help prints the commands and every flag with its env var, exit 0", async () => {
  const { code, stdout, stderr } = await gatehouse("--help");
  assert.deepEqual([code, stderr], [0, ""]);
  assert.ok(stdout.startsWith(`gatehouse ${VERSION}: an OpenID Connect provider`), stdout);
  assert.match(stdout, /gatehouse healthcheck \[--url URL\]/);
  assert.match(stdout, /--port N +port to listen on.*\n +env GATEHOUSE_PORT; default 9400\n/);
  assert.doesNotMatch(stdout, / V /);
  for (const shown of ["--users FILE", "--issuer URL", "--code-ttl D", "--auto-login [SUB]"]) {
    assert.match(stdout, new RegExp(`\n  ${shown.replace(/[[\]]/g, "\\$&")} `));
  }
});

Deno.test("--version prints the version, exit 0", async () => {
  assert.deepEqual(await gatehouse("--version"), {
    code: 0,
    stdout: `gatehouse ${VERSION}\n`,
    stderr: "",
  });
});

Deno.test("invalid configuration exits 2 listing every problem on stderr", async () => {
  assert.deepEqual(await gatehouse("--port", "99999", "--alg", "HS256", "--bogus"), {
    code: 2,
    stdout: "",
    stderr: [
      "Invalid configuration (3 problems):",
      '  - command line: unknown flag "--bogus"; run with --help to see the flags',
      '  - --port: expected an integer from 0 to 65535, got "99999"',
      '  - --alg: expected one of RS256, PS256, ES256, ES384, EdDSA, got "HS256"',
      "",
    ].join("\n"),
  });
});

Deno.test("healthcheck exits 0 when /health answers 200", async () => {
  await using op = await spawnGatehouse(["--port", "0"]);
  const url = `${op.url}/health`;
  assert.deepEqual(await gatehouse("healthcheck", "--url", url), {
    code: 0,
    stdout: `healthy: ${url} answered 200\n`,
    stderr: "",
  });
});

Deno.test("healthcheck exits 1 with a one-line reason when nothing listens", async () => {
  const url = `http://127.0.0.1:${closedPort()}/health`;
  assert.deepEqual(await gatehouse("healthcheck", "--url", url), {
    code: 1,
    stdout: "",
    stderr: `unhealthy: ${url}: connection failed\n`,
  });
});

Deno.test("healthcheck exits 1 naming the status when /health is not 200", async () => {
  await using op = await spawnGatehouse(["--port", "0"]);
  const url = `${op.url}/nope`;
  assert.deepEqual(await gatehouse("healthcheck", "--url", url), {
    code: 1,
    stdout: "",
    stderr: `unhealthy: ${url} answered 404\n`,
  });
});

Deno.test("a busy port is one line naming the port and suggesting --port 0, exit 2", async () => {
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  assert.deepEqual(await gatehouse("--port", String(port)), {
    code: 2,
    stdout: "",
    stderr: `Cannot listen on 127.0.0.1:${port}: port ${port} is in use; ` +
      "choose another with --port N, or --port 0 for a free one\n",
  });
});

Deno.test("healthcheck finds the server by the same --port as serve", async () => {
  await using op = await spawnGatehouse(["--port", "0"]);
  const port = new URL(op.url).port;
  assert.deepEqual(await gatehouse("healthcheck", "--port", port), {
    code: 0,
    stdout: `healthy: http://127.0.0.1:${port}/health answered 200\n`,
    stderr: "",
  });
});

Deno.test("serve stops with exit 0 on SIGTERM", async () => {
  const op = await spawnGatehouse(["--port", "0"]);
  assert.equal(await op.stop(), 0);
});
