import type { ControllableClock } from "../clock.ts";
import { badRequest } from "./problem.ts";

/** The clock as `GET /admin/clock` shows it. */
export function clockJson(clock: ControllableClock): Record<string, unknown> {
  const now = clock.now();
  const { offsetMs, frozenAt } = clock.state();
  return {
    now: new Date(now).toISOString(),
    epoch: Math.floor(now / 1000),
    frozen: frozenAt !== null,
    offset_seconds: Math.round(offsetMs / 1000),
  };
}

/** The clock stays within 1970 … 9999 so every instant prints as ISO 8601 and signs as a JWT. */
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

/** Refuses a clock setting that would leave 1970 … 9999. */
function inRange(ms: number, what: string): number {
  if (ms >= 0 && ms <= MAX_MS) return ms;
  throw badRequest(
    `${what} would put the clock outside 1970-01-01 … 9999-12-31 (epoch seconds 0 … ${
      MAX_MS / 1000
    })`,
  );
}

/** An instant as ISO 8601 text or epoch seconds, in epoch ms. */
function parseInstant(v: unknown): number {
  if (typeof v === "number" && Number.isFinite(v)) return inRange(v * 1000, `"now" ${v}`);
  if (typeof v === "string" && !Number.isNaN(Date.parse(v))) {
    return inRange(Date.parse(v), `"now" ${JSON.stringify(v)}`);
  }
  throw badRequest(
    `"now" must be an ISO 8601 instant or epoch seconds, got ${JSON.stringify(v)?.slice(0, 100)}`,
  );
}

function optBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || typeof v === "boolean") return v;
  throw badRequest(`"${key}" must be true or false`);
}

/**
 * `PUT /admin/clock`: `{"now": instant}` sets the time (frozen unless `"frozen": false`),
 * `{"offset_seconds": N}` runs N seconds from real time (`0` is real time), `{"frozen": bool}`
 * stops or restarts the clock where it is.
 */
export function setClock(clock: ControllableClock, body: Record<string, unknown>): void {
  const unknown = Object.keys(body).filter((k) => !["now", "offset_seconds", "frozen"].includes(k));
  if (unknown.length) {
    throw badRequest(`unknown member "${unknown[0]}"; use now, offset_seconds or frozen`);
  }
  const frozen = optBoolean(body, "frozen");
  if (body.now !== undefined && body.offset_seconds !== undefined) {
    throw badRequest('give either "now" or "offset_seconds", not both');
  }
  if (body.now !== undefined) {
    const at = parseInstant(body.now);
    clock.reset();
    clock.freeze(at);
    if (frozen === false) clock.unfreeze();
  } else if (body.offset_seconds !== undefined) {
    const offset = body.offset_seconds;
    if (typeof offset !== "number" || !Number.isFinite(offset)) {
      throw badRequest(
        `"offset_seconds" must be a number, got ${JSON.stringify(offset)?.slice(0, 100)}`,
      );
    }
    inRange(Date.now() + offset * 1000, `"offset_seconds" ${offset}`);
    clock.reset();
    clock.advance(offset * 1000);
    if (frozen === true) clock.freeze(clock.now());
  } else if (frozen === true) {
    clock.freeze(clock.now());
  } else if (frozen === false) {
    clock.unfreeze();
  } else {
    throw badRequest('say how to set the clock: "now", "offset_seconds" or "frozen"');
  }
}

/** `POST /admin/clock/advance` with `{"seconds": N}` (negative goes back). */
export function advanceClock(clock: ControllableClock, body: Record<string, unknown>): void {
  const seconds = body.seconds;
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) {
    throw badRequest(`"seconds" must be a number, got ${JSON.stringify(seconds)?.slice(0, 100)}`);
  }
  inRange(clock.now() + seconds * 1000, `advancing ${seconds} seconds`);
  clock.advance(seconds * 1000);
}
