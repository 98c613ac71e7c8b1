import assert from "node:assert/strict";
import { join } from "node:path";
import { openKvStore } from "../../src/store/kv_store.ts";
import { tempDir } from "../fixtures/temp_dir.ts";
import { storeTest } from "./store_fixture.ts";

storeTest("20 concurrent first uses of the pairwise salt agree on one salt", async (store) => {
  const salts = await Promise.all(Array.from({ length: 20 }, () => store.pairwiseSalt()));
  assert.equal(new Set(salts).size, 1);
  assert.match(salts[0], /^[A-Za-z0-9_-]{43}$/);
  assert.equal(await store.pairwiseSalt(), salts[0]);
});

storeTest("a pairwise subject maps back to its user and sector", async (store) => {
  assert.equal(await store.getPairwiseSubject("p1"), null);
  await store.putPairwiseSubject("p1", { sub: "alice", sector: "app.example" });
  assert.deepEqual(await store.getPairwiseSubject("p1"), { sub: "alice", sector: "app.example" });
  await store.clear();
  assert.equal(await store.getPairwiseSubject("p1"), null, "a reset forgets the mapping");
});

Deno.test("the pairwise salt survives a restart on a file KV", async () => {
  await using dir = await tempDir();
  const path = join(dir.path, "state.kv");
  const first = await openKvStore(path);
  const salt = await first.pairwiseSalt();
  await first.putPairwiseSubject("p1", { sub: "alice", sector: "app.example" });
  first.close();
  const second = await openKvStore(path);
  try {
    assert.equal(await second.pairwiseSalt(), salt);
    assert.deepEqual(await second.getPairwiseSubject("p1"), {
      sub: "alice",
      sector: "app.example",
    });
  } finally {
    second.close();
  }
});
