/**
 * Time and randomness as the objects and their background tasks read them, injected so that
 * tests drive leases, elections, membership upkeep, retries and autoadmin forward instead of
 * sleeping. `systemClock` and `systemRandom` are what every deployed object uses;
 * test/helpers/manual-clock.ts is the clock tests move by hand.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once `ms` have passed on this clock. At exit: a function that cancels the call. */
  later(ms: number, fn: () => void): () => void;
}

/** Resolves once `ms` have passed on `clock`. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.later(ms, resolve));
}

export const systemClock: Clock = {
  now: () => Date.now(),
  later(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/** A number in [0, 1), uniformly: what backoff jitter and the choice of a first member draw. */
export type Random = () => number;

export const systemRandom: Random = Math.random;
