import assert from "node:assert/strict";
import { usersFromDocument } from "../../src/config/users.ts";
import { tempDir } from "../fixtures/temp_dir.ts";
import { loadConfig, problemsOf } from "./helpers.ts";

const ALICE = { sub: "alice", name: "Alice Adams", groups: ["admins", "staff"] };
const BOB = { sub: "bob", email: "bob@example.com" };

/** Loads `--users` from a file holding `text`. */
async function usersFromFile(name: string, text: string) {
  await using dir = await tempDir({ [name]: text });
  return (await loadConfig(["--users", name], {}, dir.path)).users;
}

Deno.test("a YAML list of claim objects is read in order", async () => {
  const yaml = [
    "- sub: alice",
    "  name: Alice Adams",
    "  groups: [admins, staff]",
    "- sub: bob",
    "  email: bob@example.com",
  ].join("\n");
  assert.deepEqual(await usersFromFile("users.yaml", yaml), [ALICE, BOB]);
});

Deno.test("a JSON list of claim objects is read in order", async () => {
  assert.deepEqual(await usersFromFile("users.json", JSON.stringify([ALICE, BOB])), [ALICE, BOB]);
});

Deno.test("a YAML map keyed by sub gives each user its key as sub", async () => {
  const yaml =
    "alice:\n  name: Alice Adams\n  groups: [admins, staff]\nbob:\n  email: bob@example.com\n";
  assert.deepEqual(await usersFromFile("users.yaml", yaml), [
    { name: "Alice Adams", groups: ["admins", "staff"], sub: "alice" },
    { email: "bob@example.com", sub: "bob" },
  ]);
});

Deno.test("a map keyed by sub accepts users with no claims", async () => {
  assert.deepEqual(await usersFromFile("users.yaml", "alice:\nbob: ~\n"), [
    { sub: "alice" },
    { sub: "bob" },
  ]);
});

Deno.test("a JSON map keyed by sub is read like YAML", async () => {
  const json = '{"alice": {"name": "Alice Adams"}, "bob": null}';
  assert.deepEqual(await usersFromFile("users.json", json), [
    { name: "Alice Adams", sub: "alice" },
    { sub: "bob" },
  ]);
});

Deno.test("a map entry whose sub differs from its key is rejected", async () => {
  await using dir = await tempDir({ "users.yaml": "alice:\n  sub: bob\n" });
  assert.deepEqual(await problemsOf(["--users", "users.yaml"], {}, dir.path), [
    { source: "users.yaml", message: 'users.alice.sub is "bob", but the user is keyed by "alice"' },
  ]);
});

Deno.test("an empty users file means no users", async () => {
  assert.deepEqual(await usersFromFile("users.yaml", "# nobody yet\n"), []);
});

Deno.test("a users file that is neither a list nor a map is rejected", async () => {
  await using dir = await tempDir({ "users.yaml": "alice\n" });
  assert.deepEqual(await problemsOf(["--users", "users.yaml"], {}, dir.path), [{
    source: "users.yaml",
    message: "users: expected a list of users or a map keyed by sub, got a string",
  }]);
});

Deno.test("password is kept as a credential on the user", async () => {
  const yaml = "- sub: alice\n  password: s3cret\n";
  assert.deepEqual(await usersFromFile("users.yaml", yaml), [{ sub: "alice", password: "s3cret" }]);
});

Deno.test("a password that is not a string is rejected", async () => {
  await using dir = await tempDir({ "users.yaml": "- sub: alice\n  password: 1234\n" });
  assert.deepEqual(await problemsOf(["--users", "users.yaml"], {}, dir.path), [
    { source: "users.yaml", message: "users[0].password: expected a string, got a number" },
  ]);
});

Deno.test("--user adds users with only a sub", async () => {
  const config = await loadConfig(["--user", "alice", "--user", "bob"]);
  assert.deepEqual(config.users, [{ sub: "alice" }, { sub: "bob" }]);
});

Deno.test("--user-claims adds users from JSON claims objects", async () => {
  const config = await loadConfig([
    "--user-claims",
    JSON.stringify(ALICE),
    "--user-claims",
    JSON.stringify(BOB),
  ]);
  assert.deepEqual(config.users, [ALICE, BOB]);
});

Deno.test("--user-claims without sub is rejected", async () => {
  assert.deepEqual(await problemsOf(["--user-claims", '{"name": "Nobody"}']), [
    { source: "--user-claims", message: "user-claims[0].sub is missing" },
  ]);
});

Deno.test("--users, --user and --user-claims combine in that order", async () => {
  await using dir = await tempDir({ "users.yaml": "- sub: alice\n" });
  const args = ["--user-claims", '{"sub": "carol"}', "--user", "bob", "--users", "users.yaml"];
  const config = await loadConfig(args, {}, dir.path);
  assert.deepEqual(config.users, [{ sub: "alice" }, { sub: "bob" }, { sub: "carol" }]);
});

Deno.test("usersFromDocument reports the path of each user it read", () => {
  const result = usersFromDocument([{ sub: "a" }, 7, { sub: "b" }], "users.yaml");
  assert.deepEqual(result, {
    users: [{ sub: "a" }, { sub: "b" }],
    paths: ["users[0]", "users[2]"],
    problems: [{
      source: "users.yaml",
      message: "users[1]: expected an object of claims, got a number",
    }],
  });
});

Deno.test("GATEHOUSE_USER_CLAIMS takes a JSON object or a JSON list of them", async () => {
  const list = await loadConfig([], { GATEHOUSE_USER_CLAIMS: JSON.stringify([ALICE, BOB]) });
  assert.deepEqual(list.users, [ALICE, BOB]);
  const one = await loadConfig([], { GATEHOUSE_USER_CLAIMS: JSON.stringify(ALICE) });
  assert.deepEqual(one.users, [ALICE]);
});
