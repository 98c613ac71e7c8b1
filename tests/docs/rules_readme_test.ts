import assert from "node:assert/strict";
import { defaultConfig } from "../../src/config/schema.ts";
import { RULES } from "../../src/protocol/rules.ts";

const README = await Deno.readTextFile(new URL("../../README.md", import.meta.url));

/** The rows of the README's rule table (the one headed "rule id"): rule id → the whole row. */
function ruleRows(): Map<string, string> {
  const lines = README.split("\n");
  const start = lines.findIndex((l) => l.startsWith("| rule id"));
  const rows = new Map<string, string>();
  for (const row of lines.slice(start + 2)) {
    if (!row.startsWith("|")) break;
    rows.set(row.match(/^\| `([^`]+)`/)![1], row);
  }
  return rows;
}

Deno.test("the README's rule table lists every rule with its explanation and its flags", () => {
  const rows = ruleRows();
  const flags = {
    "--strict": { strict: true },
    "--require-registration": { requireRegistration: true },
    "--require-pkce": { requirePkce: true },
    "--require-nonce": { requireNonce: true },
  };
  for (const rule of Object.values(RULES)) {
    const row = rows.get(rule.id);
    assert.ok(row, `no README row for rule ${rule.id}`);
    assert.ok(row.includes(rule.explanation), `the ${rule.id} row lacks its explanation`);
    for (const [flag, set] of Object.entries(flags)) {
      const enforced = rule.enforced({ ...defaultConfig(), ...set });
      const listed = row.split("|").at(-2)!.includes(`\`${flag}\``);
      assert.equal(listed, enforced, `the ${rule.id} row and the rule disagree about ${flag}`);
    }
  }
  const known = new Set(Object.values(RULES).map((r) => r.id));
  assert.deepEqual([...rows.keys()].filter((id) => !known.has(id)), []);
});
