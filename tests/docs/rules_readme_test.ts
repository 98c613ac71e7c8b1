import assert from "node:assert/strict";
import { defaultConfig } from "../../src/config/schema.ts";
import { RULES } from "../../src/protocol/rules.ts";

const README = await Deno.readTextFile(new URL("../../README.md", import.meta.url));

/** The rows of the README's rule table (the one headed "rule id"): rule id → its cells by column. */
function ruleRows(): Map<string, Record<string, string>> {
  const lines = README.split("\n");
  const start = lines.findIndex((l) => l.startsWith("| rule id"));
  const cells = (row: string) => row.split("|").slice(1, -1).map((c) => c.trim());
  const header = cells(lines[start]);
  const rows = new Map<string, Record<string, string>>();
  for (const row of lines.slice(start + 2)) {
    if (!row.startsWith("|")) break;
    const values = cells(row);
    const record = Object.fromEntries(header.map((h, i) => [h, values[i]]));
    rows.set(record["rule id"].replaceAll("`", ""), record);
  }
  return rows;
}

Deno.test("the README's rule table lists every rule with its level, clause, explanation and flags", () => {
  const rows = ruleRows();
  const flags = {
    "--strict": { strict: true },
    "--strict=all": { strict: true, strictAll: true },
    "--require-registration": { requireRegistration: true },
    "--require-pkce": { requirePkce: true },
    "--require-nonce": { requireNonce: true },
  };
  for (const rule of Object.values(RULES)) {
    const row = rows.get(rule.id);
    assert.ok(row, `no README row for rule ${rule.id}`);
    assert.equal(row.level, rule.level, `the ${rule.id} row's level`);
    assert.equal(row["spec clause"], rule.clause, `the ${rule.id} row's clause`);
    assert.equal(row.explanation, rule.explanation, `the ${rule.id} row's explanation`);
    assert.ok(row["judgement call"], `the ${rule.id} row records its judgement call`);
    // A flag is listed when it enforces the rule and the weaker flags listed do not already.
    const listed = (flag: string) => row["enforced by"].includes(`\`${flag}\``);
    for (const [flag, set] of Object.entries(flags)) {
      const enforced = rule.enforced({ ...defaultConfig(), ...set });
      if (flag === "--strict=all" && rule.level === "reject") {
        assert.ok(enforced && !listed(flag), `${rule.id}: --strict already covers --strict=all`);
        continue;
      }
      assert.equal(
        listed(flag),
        enforced,
        `the ${rule.id} row and the rule disagree about ${flag}`,
      );
    }
  }
  const known = new Set(Object.values(RULES).map((r) => r.id));
  assert.deepEqual([...rows.keys()].filter((id) => !known.has(id)), []);
});
