import assert from "node:assert/strict";
import { IDLE_MS, systemSteps, watchIdleMemory } from "../../src/idle_memory.ts";

function fakeSteps() {
  const ran: string[] = [];
  return {
    ran,
    steps: {
      collect: () => Promise.resolve((ran.push("collect"), true)),
      trim: () => (ran.push("trim"), true),
    },
  };
}

Deno.test("memory is reclaimed once per quiet spell, IDLE_MS after the last request", async () => {
  let t = 0;
  const { ran, steps } = fakeSteps();
  const idle = watchIdleMemory({ now: () => t, steps, timer: false });
  await idle.tick();
  assert.deepEqual(ran, [], "a process that was never busy has nothing to give back");
  idle.touch();
  t += IDLE_MS - 1;
  await idle.tick();
  assert.deepEqual(ran, [], "not idle yet");
  t += 1;
  await idle.tick();
  assert.deepEqual(ran, ["collect", "trim"]);
  t += 10 * IDLE_MS;
  await idle.tick();
  assert.equal(idle.reclaims, 1, "one reclaim per quiet spell");
  idle.touch();
  t += IDLE_MS;
  await idle.tick();
  assert.equal(idle.reclaims, 2, "busy again, then quiet again");
});

Deno.test("when no reclaim step can run, nothing counts as reclaimed", async () => {
  let t = 0;
  const idle = watchIdleMemory({
    now: () => t,
    steps: { collect: () => Promise.resolve(false), trim: () => false },
    timer: false,
  });
  idle.touch();
  t += IDLE_MS;
  await idle.tick();
  assert.equal(idle.reclaims, 0);
});

Deno.test("the system steps run here: V8's full collection exposed at run time, malloc_trim on glibc", async () => {
  const steps = systemSteps();
  assert.equal(await steps.collect(), true);
  assert.equal(await steps.collect(), true, "a second collection reuses the exposed gc");
  assert.equal(steps.trim(), Deno.build.os === "linux");
  let t = 0;
  const idle = watchIdleMemory({ now: () => t, timer: false });
  idle.touch();
  t += IDLE_MS;
  await idle.tick();
  assert.equal(idle.reclaims, 1);
});
