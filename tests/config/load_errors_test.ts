import assert from "node:assert/strict";
import { loadCommand } from "../../src/config/load.ts";
import { ConfigError } from "../../src/config/problems.ts";
import { tempDir } from "../fixtures/temp_dir.ts";
import { problemsOf } from "./helpers.ts";

const UNKNOWN_FLAG = 'unknown flag "--nope"; run with --help to see the flags';
const PORT = (got: string) => `expected an integer from 0 to 65535, got "${got}"`;
const NOT_URL = (got: string) => `expected an absolute http(s) URL, got "${got}"`;
const ALGS = "expected one of RS256, PS256, ES256, ES384, EdDSA";

Deno.test("an unknown flag is a configuration error", async () => {
  assert.deepEqual(await problemsOf(["--nope"]), [
    { source: "command line", message: UNKNOWN_FLAG },
  ]);
});

Deno.test("a port that is not an integer from 0 to 65535 is rejected", async () => {
  for (const port of ["70000", "abc", "-1", "80.5"]) {
    assert.deepEqual(await problemsOf(["--port", port]), [{
      source: "--port",
      message: PORT(port),
    }]);
  }
  assert.deepEqual(await problemsOf([], { GATEHOUSE_PORT: "x" }), [
    { source: "GATEHOUSE_PORT", message: PORT("x") },
  ]);
});

Deno.test("a flag without its value is rejected", async () => {
  assert.deepEqual(await problemsOf(["--port"]), [
    { source: "--port", message: "expected a value after the flag" },
  ]);
});

Deno.test("an issuer that is not an absolute http(s) URL is rejected", async () => {
  for (const issuer of ["/realms/dev", "ftp://localhost", "localhost:9400"]) {
    assert.deepEqual(await problemsOf(["--issuer", issuer]), [
      { source: "--issuer", message: NOT_URL(issuer) },
    ]);
  }
});

Deno.test("an issuer with a query is rejected", async () => {
  assert.deepEqual(await problemsOf(["--issuer", "http://localhost/?tenant=1"]), [
    {
      source: "--issuer",
      message: 'the issuer must not have a query, got "http://localhost/?tenant=1"',
    },
  ]);
});

Deno.test("an issuer with a fragment is rejected", async () => {
  assert.deepEqual(await problemsOf(["--issuer", "https://op.test/x#top"]), [
    {
      source: "--issuer",
      message: 'the issuer must not have a fragment, got "https://op.test/x#top"',
    },
  ]);
});

Deno.test("an unreadable users file names the flag and the path", async () => {
  await using dir = await tempDir({ "sub/keep": "" });
  assert.deepEqual(await problemsOf(["--users", "missing.yaml"], {}, dir.path), [
    { source: "--users", message: `cannot read "${dir.path}/missing.yaml": no such file` },
  ]);
  assert.deepEqual(await problemsOf(["--user-claims-file", "sub"], {}, dir.path), [
    { source: "--user-claims-file", message: `cannot read "${dir.path}/sub": it is a directory` },
  ]);
});

Deno.test("an unreadable config file is a configuration error", async () => {
  await using dir = await tempDir();
  assert.deepEqual(await problemsOf([], { GATEHOUSE_CONFIG: "nope.yaml" }, dir.path), [
    { source: "GATEHOUSE_CONFIG", message: `cannot read "${dir.path}/nope.yaml": no such file` },
  ]);
});

Deno.test("a YAML syntax error names the file, line and column", async () => {
  await using dir = await tempDir({ "users.yaml": "- sub: alice\n  name: Alice\n - sub: bob\n" });
  assert.deepEqual(await problemsOf(["--users", "users.yaml"], {}, dir.path), [{
    source: "users.yaml",
    message:
      "YAML syntax error at line 3, column 2: All sequence items must start at the same column",
  }]);
});

Deno.test("a key given twice in YAML is a syntax error with its line", async () => {
  await using dir = await tempDir({ "gatehouse.yaml": "port: 1\nhost: a\nport: 2\n" });
  assert.deepEqual(await problemsOf(["--config", "gatehouse.yaml"], {}, dir.path), [
    {
      source: "gatehouse.yaml",
      message: "YAML syntax error at line 3, column 1: Map keys must be unique",
    },
  ]);
});

Deno.test("an unknown setting in the config file is rejected with the key it is near", async () => {
  await using dir = await tempDir({ "gatehouse.yaml": "prot: 1\nrequire_pkce: true\nzzz: 1\n" });
  assert.deepEqual(await problemsOf(["--config", "gatehouse.yaml"], {}, dir.path), [
    { source: "gatehouse.yaml", message: 'prot: unknown setting; did you mean "port"?' },
    {
      source: "gatehouse.yaml",
      message: 'require_pkce: unknown setting; did you mean "require-pkce"?',
    },
    { source: "gatehouse.yaml", message: "zzz: unknown setting; expected one of the flag names" },
  ]);
});

Deno.test("config is not a setting of the config file", async () => {
  await using dir = await tempDir({ "gatehouse.yaml": "config: other.yaml\n" });
  const problems = await problemsOf(["--config", "gatehouse.yaml"], {}, dir.path);
  assert.deepEqual(problems.map((p) => p.message), [
    "config: unknown setting; expected one of the flag names",
  ]);
});

Deno.test("a user without sub names its path in the file", async () => {
  await using dir = await tempDir({ "users.yaml": "- sub: alice\n- name: Nobody\n- sub: ''\n" });
  assert.deepEqual(await problemsOf(["--users", "users.yaml"], {}, dir.path), [
    { source: "users.yaml", message: "users[1].sub is missing" },
    { source: "users.yaml", message: "users[2].sub is missing" },
  ]);
});

Deno.test("a duplicate sub names both places", async () => {
  await using dir = await tempDir({
    "users.yaml": "- sub: alice\n- sub: bob\n- name: No sub\n- sub: alice\n",
  });
  assert.deepEqual(await problemsOf(["--users", "users.yaml", "--user", "bob"], {}, dir.path), [
    { source: "users.yaml", message: "users[2].sub is missing" },
    { source: "users.yaml", message: 'users[3].sub: duplicate sub "alice" (also users[0])' },
    { source: "--user", message: 'duplicate sub "bob" (also users.yaml users[1])' },
  ]);
  assert.deepEqual(await problemsOf(["--user", "carol", "--user", "carol"]), [
    { source: "--user", message: 'duplicate sub "carol" (given more than once)' },
  ]);
});

Deno.test("claims that are not an object are rejected", async () => {
  await using dir = await tempDir({ "users.yaml": "- alice\n- [1]\n" });
  assert.deepEqual(await problemsOf(["--users", "users.yaml"], {}, dir.path), [
    { source: "users.yaml", message: "users[0]: expected an object of claims, got a string" },
    { source: "users.yaml", message: "users[1]: expected an object of claims, got a list" },
  ]);
  assert.deepEqual(await problemsOf(["--user-claims", "42"]), [
    { source: "--user-claims", message: "expected a JSON object of claims: got a number" },
  ]);
});

Deno.test("an unknown --alg is rejected", async () => {
  assert.deepEqual(await problemsOf(["--alg", "HS256"]), [
    { source: "--alg", message: `${ALGS}, got "HS256"` },
  ]);
});

Deno.test("every problem is listed together, each with its source", async () => {
  await using dir = await tempDir({ "users.yaml": "- name: Nobody\n" });
  const args = ["--nope", "--port", "70000", "--issuer", "ftp://x", "--alg", "none"];
  const env = { GATEHOUSE_USERS: "users.yaml", GATEHOUSE_STRICT: "maybe" };
  const error = await loadCommand(args, env, dir.path).then(() => null, (e) => e);
  assert.ok(error instanceof ConfigError);
  assert.equal(
    error.message,
    [
      "Invalid configuration (6 problems):",
      `  - command line: ${UNKNOWN_FLAG}`,
      `  - --port: ${PORT("70000")}`,
      `  - --issuer: ${NOT_URL("ftp://x")}`,
      "  - users.yaml: users[0].sub is missing",
      '  - GATEHOUSE_STRICT: expected true, false or all, got "maybe"',
      `  - --alg: ${ALGS}, got "none"`,
    ].join("\n"),
  );
});

Deno.test("an unexpected argument is rejected", async () => {
  assert.deepEqual(await problemsOf(["start"]), [{
    source: "command line",
    message: 'unexpected argument "start"; commands are serve, healthcheck and ca',
  }]);
});

Deno.test("bad inline JSON in GATEHOUSE_USERS is reported as JSON, with line and column", async () => {
  const env = { GATEHOUSE_USERS: '[{"sub": "alice"}\n {"sub": "bob"}]' };
  assert.deepEqual(await problemsOf([], env), [
    {
      source: "GATEHOUSE_USERS",
      message: "JSON syntax error at line 2, column 2: Expected ',' or ']' after array element",
    },
  ]);
});

Deno.test("a JSON users file with a syntax error is reported as JSON", async () => {
  await using dir = await tempDir({ "users.json": '{"alice": {"name": "Alice"}' });
  assert.deepEqual(await problemsOf(["--users", "users.json"], {}, dir.path), [
    {
      source: "users.json",
      message: "JSON syntax error at line 1, column 28: Expected ',' or '}' after property value",
    },
  ]);
});
