import assert from "node:assert/strict";
import {
  defaultResponseMode,
  normalizeResponseType,
  responseParts,
} from "../../src/protocol/authorize/response_type.ts";

Deno.test("response types are word sets: any order is the canonical type; others are null", () => {
  const cases: [string, string | null][] = [
    ["code", "code"],
    ["token id_token", "id_token token"],
    ["id_token code", "code id_token"],
    ["token code", "code token"],
    ["token id_token code", "code id_token token"],
    ["  id_token  ", "id_token"],
    ["none", "none"],
    ["token", null],
    ["code code", null],
    ["none code", null],
    ["code device", null],
    ["", null],
  ];
  for (const [given, expected] of cases) {
    assert.equal(normalizeResponseType(given), expected, JSON.stringify(given));
  }
});

Deno.test("each response type's parts and default response mode", () => {
  assert.deepEqual(responseParts("code id_token token"), {
    code: true,
    idToken: true,
    token: true,
  });
  assert.deepEqual(responseParts("none"), { code: false, idToken: false, token: false });
  assert.equal(defaultResponseMode("code"), "query");
  assert.equal(defaultResponseMode("none"), "query");
  assert.equal(defaultResponseMode(null), "query");
  for (const type of ["id_token", "id_token token", "code id_token", "code token"] as const) {
    assert.equal(defaultResponseMode(type), "fragment", type);
  }
});
