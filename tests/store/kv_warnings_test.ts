import assert from "node:assert/strict";
import { storeTest, T0 } from "./store_fixture.ts";

storeTest(
  "kept warnings are pruned to the newest `limit`, however many were written",
  async (store) => {
    const limit = 5;
    // 250 writes: pruning runs every 16, and at the end more than 100 stale ones are due at once.
    for (let i = 0; i < 250; i++) {
      await store.recordWarning(
        { rule: `r${i}`, message: "m", at: T0 + i },
        i < 200 ? 1000 : limit,
      );
    }
    const kept = await store.recentWarnings(1000);
    assert.ok(kept.length <= limit + 16, `${kept.length} kept`);
    assert.deepEqual(kept.slice(-limit).map((w) => w.rule), [
      "r245",
      "r246",
      "r247",
      "r248",
      "r249",
    ]);
    await store.recordWarning({ rule: "last", message: "m", at: T0 + 1000 }, limit);
    const after = await store.recentWarnings(1000);
    assert.ok(after.length <= limit + 16);
    assert.equal(after.at(-1)?.rule, "last");
  },
);
