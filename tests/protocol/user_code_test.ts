import assert from "node:assert/strict";
import {
  formatUserCode,
  newUserCode,
  normalizeUserCode,
  USER_CODE_ALPHABET,
} from "../../src/protocol/device/user_code.ts";

Deno.test("user codes are 4+4 letters with no vowels and no look-alikes", () => {
  assert.equal(USER_CODE_ALPHABET.length, 20);
  for (const ch of "AEIOUY01") assert.ok(!USER_CODE_ALPHABET.includes(ch), ch);
  const seen = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const code = newUserCode();
    assert.match(code, /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    for (const ch of code.replace("-", "")) seen.add(ch);
  }
  assert.equal(seen.size, 20, "every letter of the alphabet is used");
});

Deno.test("a typed user code is normalized: any case, dashes and spaces ignored", () => {
  const cases: [string, string | null][] = [
    ["WDJB-MJHT", "WDJBMJHT"],
    ["wdjb-mjht", "WDJBMJHT"],
    ["wdjb mjht", "WDJBMJHT"],
    [" WdJbMjHt ", "WDJBMJHT"],
    ["WDJB-MJH", null],
    ["WDJB-MJHTX", null],
    ["WDJB-MJH0", null],
    ["AEIO-UWDJ", null],
    ["", null],
  ];
  for (const [input, expected] of cases) assert.equal(normalizeUserCode(input), expected, input);
  assert.equal(formatUserCode("WDJBMJHT"), "WDJB-MJHT");
});
