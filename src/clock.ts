/** A source of the current time; every expiry check and every `iat`/`exp` reads it. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** A clock that can be frozen or shifted at run time (the admin clock control uses it). */
export interface ControllableClock extends Clock {
  /** Stops the clock at `ms` (epoch milliseconds). */
  freeze(ms: number): void;
  /** Lets the clock run again, keeping the current offset from real time. */
  unfreeze(): void;
  /** Moves the clock by `ms` milliseconds (negative goes back). */
  advance(ms: number): void;
  /** Back to real time. */
  reset(): void;
  /** The current offset from real time and whether the clock is frozen. */
  state(): { offsetMs: number; frozenAt: number | null };
}

/** Creates a clock that follows `source` (real time by default) until told otherwise. */
export function createClock(source: () => number = Date.now): ControllableClock {
  let offsetMs = 0;
  let frozenAt: number | null = null;
  return {
    now: () => frozenAt ?? source() + offsetMs,
    freeze(ms) {
      frozenAt = ms;
    },
    unfreeze() {
      if (frozenAt !== null) offsetMs = frozenAt - source();
      frozenAt = null;
    },
    advance(ms) {
      if (frozenAt !== null) frozenAt += ms;
      else offsetMs += ms;
    },
    reset() {
      offsetMs = 0;
      frozenAt = null;
    },
    state: () => ({ offsetMs: frozenAt === null ? offsetMs : frozenAt - source(), frozenAt }),
  };
}

/** Whole seconds since the epoch, as JWT `iat`/`exp` use them. */
export function epochSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}
