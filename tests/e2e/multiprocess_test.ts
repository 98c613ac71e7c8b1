import assert from "node:assert/strict";
import { join } from "node:path";
import { openKvStore } from "../../src/store/kv_store.ts";
import { runDeno } from "../fixtures/gatehouse_process.ts";
import { tempDir } from "../fixtures/temp_dir.ts";

const COUNT = 300;

Deno.test("two processes committing to one KV file at once lose no write", async () => {
  await using dir = await tempDir();
  const kv = join(dir.path, "shared.kv");
  const writer = (prefix: string) =>
    runDeno(["run", "-A", "tests/fixtures/put_users.ts", kv, prefix, String(COUNT)]);
  const results = await Promise.all([writer("a"), writer("b")]);
  assert.deepEqual(results, [
    { code: 0, stdout: "", stderr: "" },
    { code: 0, stdout: "", stderr: "" },
  ]);
  const store = await openKvStore(kv);
  try {
    const users = await store.listUsers();
    const expected = ["a", "b"].flatMap((writer) =>
      Array.from({ length: COUNT }, (_, n) => ({ sub: `${writer}-${n}`, writer, n }))
    );
    const bySub = (x: { sub: string }, y: { sub: string }) => x.sub < y.sub ? -1 : 1;
    assert.deepEqual(users.sort(bySub), expected.sort(bySub));
  } finally {
    store.close();
  }
});
