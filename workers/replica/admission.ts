/**
 * A partition's admission: the backstop limits of one key range, DynamoDB's 3,000 read and 1,000
 * write units per second (PARTITION_READ_UNITS, PARTITION_WRITE_UNITS), whatever the table's
 * capacity. No single hot key can pass them, and other partitions are not affected.
 *
 * A request is admitted while its bucket is not in debt; once served it is charged what it cost
 * (a write when decided, a failed condition included; a read once its size is known), so a
 * large item may run the bucket into debt and hold the next requests back. The leader counts the
 * writes; each member counts the reads it serves (eventually consistent reads spread over the
 * group). Each bucket holds one second of its rate: the partition's limit is a rate, not a
 * budget to save up. The units charged per second over the last minute are kept for the admin
 * API and for splits by heat.
 *
 * A hot key does not starve its neighbours: the units each key was charged are kept per window
 * of KEY_WINDOW_MS (by its hash), and a key that took more than half of a busy window's units is
 * admitted only while its bucket holds more than HOT_KEY_RESERVE of a second's rate. Alone, it
 * still gets the whole rate (the bucket refills past the reserve as fast as it spends); beside
 * others, they are served from the reserve while it throttles. The same windows give a split for
 * heat its point: the median of the load by hash (split-watch.ts).
 */
import { TokenBucket } from "../../shared/capacity/token-bucket";
import type { Clock } from "../clock";
import type { CapacityReport } from "./protocol";

/** Seconds of history kept. */
const HISTORY_S = 60;

/** Units charged per second, over the last HISTORY_S seconds, as a ring. */
class PerSecond {
  private readonly units = new Float64Array(HISTORY_S);
  private second = 0;

  add(units: number, now: number): void {
    this.advance(now);
    this.units[this.second % HISTORY_S] += units;
  }

  /** The last `seconds` whole seconds, oldest first (the current one excluded). */
  last(seconds: number, now: number): number[] {
    this.advance(now);
    const out: number[] = [];
    for (let s = this.second - seconds; s < this.second; s++) out.push(s < 0 ? 0 : this.units[s % HISTORY_S]);
    return out;
  }

  private advance(now: number): void {
    const second = Math.floor(now / 1000);
    if (second <= this.second) return;
    for (let s = Math.max(this.second + 1, second - HISTORY_S + 1); s <= second; s++) this.units[s % HISTORY_S] = 0;
    this.second = second;
  }
}

/** How long a window of per-key load lasts. */
export const KEY_WINDOW_MS = 2000;
/** Distinct keys counted per window; later keys of a busy window go uncounted. */
const MAX_KEYS = 20_000;
/** The share of a second's rate a hot key leaves to the other keys of its partition. */
const HOT_KEY_RESERVE = 0.2;

/** The units charged per key hash, in the current window and the one before it. */
class KeyLoad {
  private current = new Map<string, number>();
  private previous = new Map<string, number>();
  private currentTotal = 0;
  private previousTotal = 0;
  private windowStart = 0;

  add(h: string, units: number, now: number): void {
    this.roll(now);
    const had = this.current.get(h);
    if (had === undefined && this.current.size >= MAX_KEYS) return;
    this.current.set(h, (had ?? 0) + units);
    this.currentTotal += units;
  }

  /** Whether `h` took more than half of the units of a window that spent at least `busy`. */
  hot(h: string, busy: number, now: number): boolean {
    this.roll(now);
    const share = (load: Map<string, number>, total: number) => total >= busy && (load.get(h) ?? 0) * 2 > total;
    return share(this.current, this.currentTotal) || share(this.previous, this.previousTotal);
  }

  /** Both windows' load by hash, summed. */
  byHash(now: number): Map<string, number> {
    this.roll(now);
    const out = new Map(this.previous);
    for (const [h, units] of this.current) out.set(h, (out.get(h) ?? 0) + units);
    return out;
  }

  private roll(now: number): void {
    if (now - this.windowStart < KEY_WINDOW_MS) return;
    const stale = now - this.windowStart >= 2 * KEY_WINDOW_MS;
    this.previous = stale ? new Map() : this.current;
    this.previousTotal = stale ? 0 : this.currentTotal;
    this.current = new Map();
    this.currentTotal = 0;
    this.windowStart = now;
  }
}

export type Operation = "read" | "write";

export class PartitionAdmission {
  private readonly buckets: Record<Operation, TokenBucket>;
  private readonly consumed = { read: new PerSecond(), write: new PerSecond() };
  private readonly throttled = { read: new PerSecond(), write: new PerSecond() };
  private readonly keys = { read: new KeyLoad(), write: new KeyLoad() };

  constructor(
    private readonly clock: Clock,
    readonly limits: { readUnits: number; writeUnits: number },
  ) {
    const now = clock.now();
    this.buckets = {
      read: new TokenBucket(limits.readUnits, limits.readUnits, now),
      write: new TokenBucket(limits.writeUnits, limits.writeUnits, now),
    };
  }

  /**
   * Whether a request of `operation` (on the key whose hash is `h`, if it names one) may be served
   * now; a refusal is counted as throttled.
   */
  admits(operation: Operation, h?: string): boolean {
    const now = this.clock.now();
    const bucket = this.buckets[operation];
    const available = bucket.available(now);
    if (available > 0) {
      const rate = operation === "read" ? this.limits.readUnits : this.limits.writeUnits;
      // Checked only when the bucket runs low: the common case pays nothing for it.
      if (h === undefined || available > HOT_KEY_RESERVE * rate) return true;
      if (!this.keys[operation].hot(h, (rate * KEY_WINDOW_MS) / 2000, now)) return true;
    }
    this.throttled[operation].add(1, now);
    return false;
  }

  /** Charges what a served request cost (on the key whose hash is `h`, if it names one). */
  charge(operation: Operation, units: number, h?: string): void {
    const now = this.clock.now();
    this.buckets[operation].spend(units, now);
    this.consumed[operation].add(units, now);
    if (h !== undefined) this.keys[operation].add(h, units, now);
  }

  /** The recent load of `operation` by key hash (both windows), for a split's point by heat. */
  loadByHash(operation: Operation): Map<string, number> {
    return this.keys[operation].byHash(this.clock.now());
  }

  /** The last minute's totals. */
  report(): CapacityReport {
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const recent = this.recent();
    return {
      readUnits: sum(recent.read),
      writeUnits: sum(recent.write),
      throttledReads: sum(recent.throttledReads),
      throttledWrites: sum(recent.throttledWrites),
    };
  }

  /** Units consumed and requests throttled per second over the last `seconds` (at most a minute), oldest first. */
  recent(seconds = HISTORY_S): {
    read: number[];
    write: number[];
    throttledReads: number[];
    throttledWrites: number[];
  } {
    const now = this.clock.now();
    const span = Math.min(seconds, HISTORY_S);
    return {
      read: this.consumed.read.last(span, now),
      write: this.consumed.write.last(span, now),
      throttledReads: this.throttled.read.last(span, now),
      throttledWrites: this.throttled.write.last(span, now),
    };
  }
}
