import assert from "node:assert/strict";
import { tempDir } from "../fixtures/temp_dir.ts";
import { loadConfig, problemsOf } from "./helpers.ts";

const KEY = {
  kty: "EC",
  crv: "P-256",
  x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
  y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
};

Deno.test("--trusted-issuers reads a YAML list of issuers with jwks or jwks_uri", async () => {
  await using dir = await tempDir({
    "trusted.yaml": [
      "- issuer: https://idp.example.com",
      `  jwks: { keys: [${JSON.stringify(KEY)}] }`,
      "  subjects: [alice]",
      "- issuer: https://ci.example.com",
      "  jwks_uri: https://ci.example.com/.well-known/jwks",
      "  audiences: [urn:gatehouse]",
    ].join("\n"),
  });
  const config = await loadConfig(["--trusted-issuers", "trusted.yaml"], {}, dir.path);
  assert.deepEqual(config.trustedIssuers, [
    { issuer: "https://idp.example.com", jwks: { keys: [KEY] }, subjects: ["alice"] },
    {
      issuer: "https://ci.example.com",
      jwks_uri: "https://ci.example.com/.well-known/jwks",
      audiences: ["urn:gatehouse"],
    },
  ]);
});

Deno.test("trusted-issuers: in the config file, inline, as JSON", async () => {
  await using dir = await tempDir({
    "gatehouse.yaml":
      `trusted-issuers:\n  - issuer: https://idp.example.com\n    jwks_uri: http://idp:8080/jwks\n`,
  });
  const config = await loadConfig(["--config", "gatehouse.yaml"], {}, dir.path);
  assert.deepEqual(config.trustedIssuers, [
    { issuer: "https://idp.example.com", jwks_uri: "http://idp:8080/jwks" },
  ]);
  const env = {
    GATEHOUSE_TRUSTED_ISSUERS: JSON.stringify([{
      issuer: "https://a.example",
      jwks: { keys: [KEY] },
    }]),
  };
  assert.equal((await loadConfig([], env)).trustedIssuers[0].issuer, "https://a.example");
});

Deno.test("a bad trusted issuers file lists every problem with the file and the path", async () => {
  await using dir = await tempDir({
    "trusted.json": JSON.stringify([
      { issuer: "idp", jwks_uri: "https://idp.example/jwks" },
      { issuer: "https://b.example" },
      {
        issuer: "https://c.example",
        jwks: { keys: [{ ...KEY, d: "secret" }] },
        jwks_uri: "https://c",
      },
      { issuer: "https://d.example", jwks: { keys: [{ kty: "oct", k: "x" }] }, subjects: [] },
      { issuer: "https://e.example", jwks: { keys: [KEY] }, audience: ["x"] },
      { issuer: "https://f.example", jwks: { keys: [{ kty: "RSA", e: "AQAB" }] } },
      { issuer: "https://g.example", jwks: { keys: [KEY] } },
      { issuer: "https://g.example", jwks: { keys: [KEY] } },
      "https://h.example",
    ]),
  });
  const problems = await problemsOf(["--trusted-issuers", "trusted.json"], {}, dir.path);
  const source = "trusted.json";
  assert.deepEqual(problems, [
    { source, message: 'trusted-issuers[0].issuer: expected an absolute http(s) URL, got "idp"' },
    {
      source,
      message:
        "trusted-issuers[1]: jwks or jwks_uri is missing; the issuer's signatures need its public keys",
    },
    { source, message: "trusted-issuers[2]: give jwks or jwks_uri, not both" },
    {
      source,
      message:
        "trusted-issuers[2].jwks.keys[0]: holds private key members (d); give the public key only",
    },
    { source, message: 'trusted-issuers[3].jwks.keys[0].kty: expected RSA, EC or OKP, got "oct"' },
    {
      source,
      message: "trusted-issuers[3].subjects: expected a non-empty list of strings, got a list",
    },
    {
      source,
      message:
        "trusted-issuers[4].audience: unknown member; use issuer, jwks, jwks_uri, subjects, audiences",
    },
    { source, message: "trusted-issuers[5].jwks.keys[0]: an RSA key needs n" },
    {
      source,
      message:
        'trusted-issuers[7].issuer: duplicate issuer "https://g.example" (also trusted-issuers[6])',
    },
    {
      source,
      message:
        "trusted-issuers[8]: expected an object with issuer and jwks or jwks_uri, got a string",
    },
  ]);
});

Deno.test("under --strict a trusted issuer's jwks_uri must be https", async () => {
  const env = {
    GATEHOUSE_TRUSTED_ISSUERS: '[{"issuer": "https://a.example", "jwks_uri": "http://a/jwks"}]',
  };
  assert.deepEqual(await problemsOf(["--strict"], env), [{
    source: "GATEHOUSE_TRUSTED_ISSUERS",
    message: 'trusted-issuers[0].jwks_uri: expected an https URL (--strict), got "http://a/jwks"',
  }]);
  assert.deepEqual(await problemsOf(["--trusted-issuers", "missing.yaml"]), [{
    source: "--trusted-issuers",
    message: (await problemsOf(["--users", "missing.yaml"]))[0].message,
  }]);
});
