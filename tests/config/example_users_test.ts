import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { SCOPE_CLAIMS } from "../../src/protocol/claims.ts";
import { loadConfig } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

Deno.test("users.example.yaml loads and shows every standard claim, custom claims and a password", async () => {
  const { users } = await loadConfig(["--users", "users.example.yaml"], {}, ROOT);
  assert.deepEqual(users.map((u) => u.sub), ["alice", "bob", "carol"]);
  const standard = Object.values(SCOPE_CLAIMS).flat();
  assert.deepEqual(standard.filter((claim) => !(claim in users[0])), []);
  assert.deepEqual([users[0].groups, users[0].roles], [["admins", "staff"], ["owner"]]);
  assert.deepEqual(Object.keys(users[0].address as object), [
    "formatted",
    "street_address",
    "locality",
    "region",
    "postal_code",
    "country",
  ]);
  assert.deepEqual(users.filter((u) => u.password).map((u) => [u.sub, u.password]), [
    ["bob", "bob-secret"],
  ]);
  assert.deepEqual(users[2], { sub: "carol" });
});
