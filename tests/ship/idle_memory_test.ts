import assert from "node:assert/strict";
import { IDLE_MS, watchIdleMemory } from "../../src/idle_memory.ts";

function fakeSteps() {
  const ran: string[] = [];
  return {
    ran,
    steps: {
      collect: () => (ran.push("collect"), true),
      trim: () => (ran.push("trim"), true),
    },
  };
}

Deno.test("memory is reclaimed once per quiet spell, IDLE_MS after the last request", () => {
  let t = 0;
  const { ran, steps } = fakeSteps();
  const idle = watchIdleMemory({ now: () => t, steps, timer: false });
  idle.tick();
  assert.deepEqual(ran, [], "a process that was never busy has nothing to give back");
  idle.touch();
  t += IDLE_MS - 1;
  idle.tick();
  assert.deepEqual(ran, [], "not idle yet");
  t += 1;
  idle.tick();
  assert.deepEqual(ran, ["collect", "trim"]);
  t += 10 * IDLE_MS;
  idle.tick();
  assert.equal(idle.reclaims, 1, "one reclaim per quiet spell");
  idle.touch();
  t += IDLE_MS;
  idle.tick();
  assert.equal(idle.reclaims, 2, "busy again, then quiet again");
});

Deno.test("without an exposed gc or glibc the reclaim steps report that they did not run", () => {
  let t = 0;
  const idle = watchIdleMemory({
    now: () => t,
    steps: { collect: () => false, trim: () => false },
    timer: false,
  });
  idle.touch();
  t += IDLE_MS;
  idle.tick();
  assert.equal(idle.reclaims, 0);
});

Deno.test("the system steps run here: malloc_trim through FFI on Linux", () => {
  let t = 0;
  const idle = watchIdleMemory({ now: () => t, timer: false });
  idle.touch();
  t += IDLE_MS;
  idle.tick();
  const glibc = Deno.build.os === "linux";
  const gc = typeof (globalThis as { gc?: unknown }).gc === "function";
  assert.equal(idle.reclaims, glibc || gc ? 1 : 0);
});
