import assert from "node:assert/strict";
import { parseParams } from "../../src/protocol/params.ts";
import { OAuthError } from "../../src/protocol/errors.ts";
import { narrowResources, parseResources } from "../../src/protocol/resource.ts";
import { narrowScope, parseScope } from "../../src/protocol/scope.ts";

function errorOf(f: () => unknown): [string, string] | null {
  try {
    f();
    return null;
  } catch (err) {
    assert.ok(err instanceof OAuthError);
    return [err.code, err.description];
  }
}

Deno.test("resource may be repeated in a form; other parameters may not", () => {
  const qs = "resource=https%3A%2F%2Fa.example%2F&resource=&resource=https%3A%2F%2Fb.example%2F";
  assert.deepEqual(parseParams(new URLSearchParams(qs)), {
    resource: "https://a.example/ https://b.example/",
  });
  assert.deepEqual(errorOf(() => parseParams(new URLSearchParams("scope=a&scope=b"))), [
    "invalid_request",
    'parameter "scope" is repeated',
  ]);
});

Deno.test("parseResources takes absolute URIs without a fragment, each once", () => {
  assert.equal(parseResources(undefined), undefined);
  assert.deepEqual(parseResources("https://a.example/ urn:x:y https://a.example/"), [
    "https://a.example/",
    "urn:x:y",
  ]);
  assert.deepEqual(errorOf(() => parseResources("/api")), [
    "invalid_target",
    '"resource" must be an absolute URI, got "/api"',
  ]);
  assert.deepEqual(errorOf(() => parseResources("https://a.example/#f")), [
    "invalid_target",
    '"resource" must not contain a fragment, got "https://a.example/#f"',
  ]);
});

Deno.test("narrowResources and narrowScope allow only what was allowed", () => {
  assert.deepEqual(narrowResources(undefined, ["https://a/"], "x"), ["https://a/"]);
  assert.deepEqual(narrowResources(["https://b/"], undefined, "x"), ["https://b/"]);
  assert.deepEqual(errorOf(() => narrowResources(["https://b/"], ["https://a/"], "audiences")), [
    "invalid_target",
    '"resource" https://b/ is not among the audiences (https://a/)',
  ]);
  assert.deepEqual(parseScope(" openid  email openid "), ["openid", "email"]);
  assert.deepEqual(narrowScope(undefined, ["a", "b"], "x"), ["a", "b"]);
  assert.deepEqual(narrowScope("b", ["a", "b"], "x"), ["b"]);
  assert.deepEqual(errorOf(() => narrowScope("c d a", ["a"], "granted scopes")), [
    "invalid_scope",
    '"scope" c d are not among the granted scopes (a)',
  ]);
});
