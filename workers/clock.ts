/**
 * Time as the objects and their background tasks read it, injected so that tests can drive
 * leases, elections, membership upkeep and autoadmin forward instead of sleeping.
 * `systemClock` is the wall clock every deployed object uses.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
