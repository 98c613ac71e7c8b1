import assert from "node:assert/strict";
import { pollStep } from "../../src/grants/device_code.ts";
import type { DeviceRecord } from "../../src/protocol/device/flow.ts";

const NOW = 1_700_000_000_000;
const PENDING: DeviceRecord = {
  clientId: "tv",
  scopes: ["openid"],
  status: "pending",
  interval: 5,
  exp: NOW + 60_000,
};
const APPROVAL = {
  sub: "alice",
  claims: { sub: "alice" },
  authTime: NOW / 1000,
  grantId: "g1",
};

/** The error of a step as `[code, description, interval]`, or "tokens". */
function answer(r: DeviceRecord | null, clientId = "tv") {
  const step = pollStep(r, clientId, NOW);
  if (!("error" in step)) return "tokens";
  return [step.error.code, step.error.description, step.error.options.extra?.interval];
}

Deno.test("pollStep answers every state of a device request", () => {
  const cases: [string, DeviceRecord | null, unknown][] = [
    ["unknown", null, [
      "invalid_grant",
      "the device code is not valid: this provider did not issue it",
      undefined,
    ]],
    ["expired", { ...PENDING, exp: NOW - 3000 }, [
      "expired_token",
      "the device code expired 3s ago; start again",
      undefined,
    ]],
    ["first poll", PENDING, [
      "authorization_pending",
      "the user has not yet approved the request at the device page",
      5,
    ]],
    ["poll after the interval", { ...PENDING, lastPollAt: NOW - 5000 }, [
      "authorization_pending",
      "the user has not yet approved the request at the device page",
      5,
    ]],
    ["poll too soon", { ...PENDING, lastPollAt: NOW - 1000 }, [
      "slow_down",
      "polled 1s after the last poll, but the interval is 5s; it is now 10s",
      10,
    ]],
    ["denied", { ...PENDING, status: "denied" }, [
      "access_denied",
      "the user denied the request at the device page",
      undefined,
    ]],
    ["redeemed", { ...PENDING, status: "redeemed", approval: APPROVAL }, [
      "invalid_grant",
      "the device code was already used; the tokens issued from it are now revoked",
      undefined,
    ]],
    ["approved", { ...PENDING, status: "approved", approval: APPROVAL }, "tokens"],
  ];
  for (const [name, record, expected] of cases) assert.deepEqual(answer(record), expected, name);
});

Deno.test("pollStep writes what the next poll must see", () => {
  const slow = pollStep({ ...PENDING, lastPollAt: NOW - 1000 }, "tv", NOW);
  assert.deepEqual(slow.write, { ...PENDING, interval: 10, lastPollAt: NOW });
  const redeem = pollStep({ ...PENDING, status: "approved", approval: APPROVAL }, "tv", NOW);
  assert.deepEqual(redeem.write, { ...PENDING, status: "redeemed", approval: APPROVAL });
  const reuse = pollStep({ ...PENDING, status: "redeemed", approval: APPROVAL }, "tv", NOW);
  assert.deepEqual(reuse, { error: (reuse as { error: unknown }).error, revokeGrant: "g1" });
  assert.deepEqual(answer(PENDING, "other"), [
    "invalid_grant",
    'the device code was issued to client "tv", not "other"',
    undefined,
  ]);
});
