import assert from "node:assert/strict";
import { withRetry } from "../../src/store/retry.ts";

/** An operation that fails with `error` the first `failures` times, then answers "done". */
function flaky(failures: number, error: Error) {
  const op = () => {
    op.calls++;
    return op.calls <= failures ? Promise.reject(error) : Promise.resolve("done");
  };
  op.calls = 0;
  return op;
}

Deno.test("withRetry retries while the database is locked", async () => {
  const op = flaky(3, new Error("database is locked"));
  assert.equal(await withRetry(op), "done");
  assert.equal(op.calls, 4);
});

Deno.test("withRetry passes any other error on at once", async () => {
  const op = flaky(1, new Error("value too large"));
  await assert.rejects(withRetry(op), { message: "value too large" });
  assert.equal(op.calls, 1);
});

Deno.test("withRetry gives up after a bounded number of attempts", async () => {
  const op = flaky(Infinity, new Error("SQLITE_BUSY: database is locked"));
  await assert.rejects(withRetry(op), { message: "SQLITE_BUSY: database is locked" });
  assert.equal(op.calls, 20);
});
