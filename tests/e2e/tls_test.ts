import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, spawnGatehouse } from "../fixtures/gatehouse_process.ts";
import { tempDir } from "../fixtures/temp_dir.ts";
import { startProvider } from "../../mod.ts";

async function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await new Deno.Command(cmd, {
    args,
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code, stdout: decode(stdout), stderr: decode(stderr) };
}

const port = (url: string) => new URL(url).port;

Deno.test("--tls: curl --cacert and Deno with DENO_CERT trust it on localhost and 127.0.0.1; the CA is reused", async () => {
  await using dir = await tempDir();
  const caDir = join(dir.path, "ca");
  const caPath = join(caDir, "gatehouse-ca.pem");
  let firstCa: string;
  {
    await using op = await spawnGatehouse(["--tls", "--tls-ca-dir", caDir, "--port", "0"]);
    assert.match(op.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const p = port(op.url);
    assert.match(op.stdout(), new RegExp(`issuer\\s+https://localhost:${p}\\n`));
    assert.match(op.stdout(), new RegExp(`tls-ca\\s+${caPath}\\n`));
    assert.ok(op.stdout().includes(`NODE_EXTRA_CA_CERTS=${caPath}`));
    assert.ok(op.stdout().includes(`curl --cacert ${caPath} https://localhost:${p}/`));
    firstCa = await Deno.readTextFile(caPath);
    for (const host of ["localhost", "127.0.0.1"]) {
      const url = `https://${host}:${p}/.well-known/openid-configuration`;
      const curl = await run("curl", ["-sS", "--fail", "--cacert", caPath, url]);
      assert.equal(curl.code, 0, curl.stderr);
      assert.equal(JSON.parse(curl.stdout).issuer, `https://localhost:${p}`);
      const untrusted = await run("curl", ["-sS", "--fail", url], { SSL_CERT_FILE: "/dev/null" });
      assert.notEqual(untrusted.code, 0, "without the CA the certificate is not trusted");
      const deno = await run(Deno.execPath(), [
        "eval",
        `const r = await fetch(${JSON.stringify(url)}); console.log((await r.json()).issuer);`,
      ], { DENO_CERT: caPath });
      assert.equal(deno.code, 0, deno.stderr);
      assert.equal(deno.stdout.trim(), `https://localhost:${p}`);
    }
  }
  await using again = await spawnGatehouse(["--tls", "--tls-ca-dir", caDir, "--port", "0"]);
  assert.equal(await Deno.readTextFile(caPath), firstCa, "the CA was reused, not remade");
  const curl = await run("curl", [
    "-sS",
    "--fail",
    "--cacert",
    caPath,
    `https://localhost:${port(again.url)}/health`,
  ]);
  assert.equal(curl.code, 0, curl.stderr);
  if (Deno.build.os !== "windows") {
    assert.equal((await Deno.stat(join(caDir, "gatehouse-ca-key.pem"))).mode! & 0o777, 0o600);
  }
});

Deno.test("gatehouse ca prints the CA's path and PEM, and healthcheck follows GATEHOUSE_TLS", async () => {
  await using dir = await tempDir();
  const caDir = join(dir.path, "ca");
  const ca = await run(Deno.execPath(), ["run", "-A", "main.ts", "ca", "--tls-ca-dir", caDir]);
  assert.equal(ca.code, 0, ca.stderr);
  const [path, ...pem] = ca.stdout.trimEnd().split("\n");
  assert.equal(path, join(caDir, "gatehouse-ca.pem"));
  assert.equal(pem.join("\n") + "\n", await Deno.readTextFile(path));
  assert.match(pem[0], /^-----BEGIN CERTIFICATE-----$/);
  await using op = await spawnGatehouse(["--tls", "--tls-ca-dir", caDir, "--port", "0"]);
  const health = await run(Deno.execPath(), ["run", "-A", "main.ts", "healthcheck"], {
    GATEHOUSE_TLS: "true",
    GATEHOUSE_PORT: port(op.url),
    GATEHOUSE_TLS_CA_DIR: caDir,
  });
  assert.equal(health.code, 0, health.stderr);
  assert.equal(
    health.stdout.trim(),
    `healthy: https://127.0.0.1:${port(op.url)}/health answered 200`,
  );
});

Deno.test("a --tls-cert and --tls-key that do not belong together: exit 2 naming both files", async () => {
  await using dir = await tempDir();
  const caDir = join(dir.path, "ca");
  // Two leaves from one CA: the second's key does not match the first's certificate.
  const certs = await Promise.all(["a", "b"].map(async (name) => {
    const { prepareTls } = await import("../../src/tls/setup.ts");
    return await prepareTls({ caDir, names: [`${name}.test`], certFile: null, keyFile: null });
  }));
  const cert = dir.write("cert.pem", certs[0].cert);
  const key = dir.write("key.pem", certs[1].key);
  const res = await run(Deno.execPath(), [
    "run",
    "-A",
    "main.ts",
    "--tls-cert",
    cert,
    "--tls-key",
    key,
    "--port",
    "0",
  ]);
  assert.equal(res.code, 2, res.stdout + res.stderr);
  assert.ok(res.stderr.includes(`--tls-cert "${cert}" and --tls-key "${key}"`), res.stderr);
  assert.match(res.stderr, /^Invalid configuration \(1 problem\):/);
});

Deno.test("startProvider({ tls: true }) serves https with the CA it hands back", async () => {
  await using dir = await tempDir();
  await using op = await startProvider({ tls: true, tlsCaDir: join(dir.path, "ca"), log: false });
  assert.match(op.issuer, /^https:\/\/localhost:\d+$/);
  assert.ok(op.caCert?.startsWith("-----BEGIN CERTIFICATE-----"));
  const client = Deno.createHttpClient({ caCerts: [op.caCert!] });
  try {
    const res = await fetch(`${op.issuer}/.well-known/openid-configuration`, { client });
    assert.equal((await res.json()).issuer, op.issuer);
  } finally {
    client.close();
  }
});
