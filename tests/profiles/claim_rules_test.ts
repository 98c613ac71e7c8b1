import assert from "node:assert/strict";
import { applyClaimRules } from "../../src/profiles/claims.ts";
import { nameUuid } from "../../src/profiles/uuid.ts";

Deno.test("nameUuid is RFC 9562's version 5 UUID (the DNS namespace example)", async () => {
  const dns = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
  assert.equal(await nameUuid("www.example.com", dns), "2ed6657d-e927-568b-95e1-2665a8aea6a2");
});

Deno.test("claim rules: match takes the first group, or leaves the claim out when it does not match", async () => {
  const rules = [{ to: "tid", from: "iss", match: "/([0-9a-f-]{36})/v2\\.0$" }];
  const guid = "8eaef023-2b34-4da1-9baa-8bc8c9d6a490";
  assert.deepEqual(await applyClaimRules({ iss: `https://x/${guid}/v2.0` }, rules), {
    iss: `https://x/${guid}/v2.0`,
    tid: guid,
  });
  assert.deepEqual(await applyClaimRules({ iss: "https://x" }, rules), { iss: "https://x" });
});

Deno.test("claim rules: uuidOf is stable for the same inputs, differs for others, needs them all", async () => {
  const rules = [{ to: "oid", uuidOf: ["tid", "sub"], keep: true }];
  const a = await applyClaimRules({ tid: "t", sub: "alice" }, rules);
  assert.match(
    String(a.oid),
    /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.equal((await applyClaimRules({ tid: "t", sub: "alice" }, rules)).oid, a.oid);
  assert.notEqual((await applyClaimRules({ tid: "u", sub: "alice" }, rules)).oid, a.oid);
  // Inputs are kept apart: ("t", "alice") is not ("ta", "lice").
  assert.notEqual((await applyClaimRules({ tid: "ta", sub: "lice" }, rules)).oid, a.oid);
  assert.deepEqual(await applyClaimRules({ sub: "alice" }, rules), { sub: "alice" });
  assert.deepEqual(await applyClaimRules({ tid: "t", sub: "a", oid: "own" }, rules), {
    tid: "t",
    sub: "a",
    oid: "own",
  });
});
