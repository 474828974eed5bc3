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

export type Operation = "read" | "write";

export class PartitionAdmission {
  private readonly buckets: Record<Operation, TokenBucket>;
  private readonly consumed = { read: new PerSecond(), write: new PerSecond() };
  private readonly throttled = { read: new PerSecond(), write: new PerSecond() };

  constructor(
    private readonly clock: Clock,
    limits: { readUnits: number; writeUnits: number },
  ) {
    const now = clock.now();
    this.buckets = {
      read: new TokenBucket(limits.readUnits, limits.readUnits, now),
      write: new TokenBucket(limits.writeUnits, limits.writeUnits, now),
    };
  }

  /** Whether a request of `operation` may be served now; a refusal is counted as throttled. */
  admits(operation: Operation): boolean {
    const now = this.clock.now();
    if (this.buckets[operation].admits(now)) return true;
    this.throttled[operation].add(1, now);
    return false;
  }

  /** Charges what a served request cost. */
  charge(operation: Operation, units: number): void {
    const now = this.clock.now();
    this.buckets[operation].spend(units, now);
    this.consumed[operation].add(units, now);
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
