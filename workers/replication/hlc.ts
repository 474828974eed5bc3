/**
 * Hybrid logical clock (Kulkarni, Demirbas et al., "Logical Physical Clocks", 2014): timestamps
 * that stay close to wall-clock time yet respect causality, used to version writes in global tables.
 *
 * A timestamp is 48 bits of physical milliseconds since the Unix epoch followed by a 16-bit logical
 * counter, i.e. one unsigned 64-bit number, stored as exactly 16 lowercase hex digits. The fixed
 * width makes text order equal numeric order, so timestamps compare with `<` and sort correctly in
 * SQLite text columns.
 *
 * Clock contracts (`HybridClock`):
 * - Monotonic: every timestamp `tick()` or `receive()` returns is strictly greater than every
 *   timestamp the clock returned before (and than `last` given at construction).
 * - `receive(remote)` returns a timestamp strictly greater than `remote`, so every later `tick()`
 *   is too.
 * - Physical time going backwards (NTP step, a restarted object on another machine) never makes
 *   timestamps go backwards: the clock keeps its physical part and advances the counter.
 * - Counter overflow carries into the physical part: after (p, 0xffff) comes (p + 1, 0). That is
 *   simply the next 64-bit value, keeps every ordering contract, and never fails a write; the cost is
 *   that the clock runs up to 1 ms ahead of wall time per 65,536 events in one millisecond.
 * - `maxDriftMs`: `receive()` rejects, with `HlcDriftError` and without changing the clock, a remote
 *   timestamp whose physical part is more than `maxDriftMs` ahead of `now()`, so one region with a
 *   bad clock cannot drag every other region's clock into the future.
 * - Time is injected (`now`), so tests drive it; the clock does no I/O. To stay monotonic across
 *   restarts, persist `last` (or a timestamp above it) and pass it back at construction.
 */

declare const hlcBrand: unique symbol;
/** 16 lowercase hex digits: 12 of physical milliseconds, 4 of logical counter. */
export type HlcTimestamp = string & { readonly [hlcBrand]: true };

export const HLC_PHYSICAL_BITS = 48;
export const HLC_LOGICAL_BITS = 16;
/** 2^48 − 1 ms: the year 10889. */
export const HLC_MAX_PHYSICAL = 2 ** HLC_PHYSICAL_BITS - 1;
export const HLC_MAX_LOGICAL = 2 ** HLC_LOGICAL_BITS - 1;

const PHYSICAL_DIGITS = HLC_PHYSICAL_BITS / 4;
const LOGICAL_DIGITS = HLC_LOGICAL_BITS / 4;
const HLC_PATTERN = /^[0-9a-f]{16}$/;

export interface DecodedHlc {
  physical: number;
  logical: number;
}

/** Throws RangeError unless `physical` ∈ [0, 2^48) and `logical` ∈ [0, 2^16) are integers. */
export function encodeHlc(physical: number, logical: number): HlcTimestamp {
  if (!Number.isInteger(physical) || physical < 0 || physical > HLC_MAX_PHYSICAL) {
    throw new RangeError(`HLC physical time must be an integer in [0, ${HLC_MAX_PHYSICAL}]: ${physical}`);
  }
  if (!Number.isInteger(logical) || logical < 0 || logical > HLC_MAX_LOGICAL) {
    throw new RangeError(`HLC logical counter must be an integer in [0, ${HLC_MAX_LOGICAL}]: ${logical}`);
  }
  return (physical.toString(16).padStart(PHYSICAL_DIGITS, "0") +
    logical.toString(16).padStart(LOGICAL_DIGITS, "0")) as HlcTimestamp;
}

export function decodeHlc(ts: HlcTimestamp): DecodedHlc {
  return {
    physical: Number.parseInt(ts.slice(0, PHYSICAL_DIGITS), 16),
    logical: Number.parseInt(ts.slice(PHYSICAL_DIGITS), 16),
  };
}

export function isHlcTimestamp(text: string): text is HlcTimestamp {
  return HLC_PATTERN.test(text);
}

/** Validates untyped text (storage, the wire); throws RangeError unless it is 16 lowercase hex digits. */
export function parseHlc(text: string): HlcTimestamp {
  if (!isHlcTimestamp(text)) throw new RangeError(`not an HLC timestamp: ${JSON.stringify(text)}`);
  return text;
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareHlc(a: HlcTimestamp, b: HlcTimestamp): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The smallest timestamp; below every timestamp a clock issues. */
export const HLC_ZERO: HlcTimestamp = encodeHlc(0, 0);

/** A remote timestamp too far ahead of local wall time; the clock was left unchanged. */
export class HlcDriftError extends Error {
  override readonly name = "HlcDriftError";

  constructor(
    readonly remote: HlcTimestamp,
    readonly physicalNow: number,
    readonly maxDriftMs: number,
  ) {
    const ahead = decodeHlc(remote).physical - physicalNow;
    super(`remote HLC timestamp ${remote} is ${ahead} ms ahead of local time (max drift ${maxDriftMs} ms)`);
  }
}

export interface HybridClockOptions {
  /** A timestamp the clock must stay above, e.g. the last one persisted before a restart. */
  last?: HlcTimestamp;
  /** Reject remote timestamps more than this many ms ahead of `now()`. Default: no limit. */
  maxDriftMs?: number;
}

export class HybridClock {
  private physical: number;
  private logical: number;
  private readonly maxDriftMs: number | undefined;

  /** `now` returns wall-clock milliseconds since the epoch (fractions are dropped). */
  constructor(
    private readonly now: () => number,
    options: HybridClockOptions = {},
  ) {
    const { maxDriftMs } = options;
    if (maxDriftMs !== undefined && !(maxDriftMs >= 0)) {
      throw new RangeError(`maxDriftMs must be a non-negative number: ${maxDriftMs}`);
    }
    this.maxDriftMs = maxDriftMs;
    const start = decodeHlc(options.last ?? HLC_ZERO);
    this.physical = start.physical;
    this.logical = start.logical;
  }

  /** The most recent timestamp this clock issued (or the `last` it was constructed with). */
  get last(): HlcTimestamp {
    return encodeHlc(this.physical, this.logical);
  }

  /** A timestamp for a local event (a write, a send): greater than every earlier one. */
  tick(): HlcTimestamp {
    const wall = this.wallClock();
    if (wall > this.physical) return this.advance(wall, 0);
    return this.advance(this.physical, this.logical + 1);
  }

  /**
   * Merges a timestamp received from another clock and returns the new local time, which is
   * greater than both `remote` and every earlier local timestamp.
   * Throws HlcDriftError (clock unchanged) if `remote` is more than `maxDriftMs` ahead of `now()`.
   */
  receive(remote: HlcTimestamp): HlcTimestamp {
    const wall = this.wallClock();
    const r = decodeHlc(remote);
    if (this.maxDriftMs !== undefined && r.physical - wall > this.maxDriftMs) {
      throw new HlcDriftError(remote, wall, this.maxDriftMs);
    }
    const physical = Math.max(this.physical, r.physical, wall);
    let logical = 0;
    if (physical === this.physical && physical === r.physical) logical = Math.max(this.logical, r.logical) + 1;
    else if (physical === this.physical) logical = this.logical + 1;
    else if (physical === r.physical) logical = r.logical + 1;
    return this.advance(physical, logical);
  }

  /** `logical` may be one past the maximum: it carries into the physical part. */
  private advance(physical: number, logical: number): HlcTimestamp {
    let p = physical;
    let l = logical;
    if (l > HLC_MAX_LOGICAL) {
      p += 1;
      l = 0;
    }
    if (p > HLC_MAX_PHYSICAL) throw new RangeError("HLC physical time overflowed 48 bits");
    this.physical = p;
    this.logical = l;
    return encodeHlc(p, l);
  }

  private wallClock(): number {
    const ms = Math.floor(this.now());
    if (!(ms >= 0 && ms <= HLC_MAX_PHYSICAL)) throw new RangeError(`now() returned an invalid time: ${ms}`);
    return ms;
  }
}
