/**
 * A table's admission, DynamoDB's way, as its admission object keeps it (workers/admission):
 * - PROVISIONED: a read and a write bucket at the provisioned rate, holding up to 300 s of unused
 *   capacity (burst capacity); a new table starts with it full (DynamoDB documents no other
 *   start, and a test suite's fixtures load at once).
 * - PAY_PER_REQUEST: at any moment up to double the table's previous peak (the highest units a
 *   second it served in the last 30 minutes), at least double the initial peak a new table is
 *   credited with (DynamoDB's 6,000 read and 2,000 write units), at most the per-table quota
 *   (40,000). A jump past double the peak is throttled while the peak catches up.
 * Grants are handed out of the buckets; a refusal names the limit that refused it.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html
 */
import type { BillingMode } from "../api/table";
import type { ThrottleLimit } from "./throttling";
import { TokenBucket } from "./token-bucket";

export type Operation = "read" | "write";

/** What the table's catalog entry says of its capacity (units a second when provisioned). */
export interface TableCapacity {
  billingMode: BillingMode;
  read: number;
  write: number;
}

export interface OnDemandSettings {
  /** The peak a new table is credited with, units a second. */
  initialPeak: Record<Operation, number>;
  /** The per-table quota, units a second. */
  tableQuota: number;
}

export const BURST_SECONDS = 300;
/** The most of what is left one grant takes. */
const SHARE = 0.1;
/** How long a peak counts. */
const PEAK_WINDOW_S = 30 * 60;

export const DEFAULT_ON_DEMAND: OnDemandSettings = { initialPeak: { read: 6000, write: 2000 }, tableQuota: 40_000 };

/** Units served per second over the last PEAK_WINDOW_S seconds, and the highest of the seconds already over. */
class Peak {
  private readonly units = new Float64Array(PEAK_WINDOW_S);
  private second = 0;

  add(units: number, now: number): void {
    this.advance(now);
    this.units[this.second % PEAK_WINDOW_S] += units;
  }

  highest(now: number): number {
    this.advance(now);
    const current = this.second % PEAK_WINDOW_S;
    let peak = 0;
    for (let i = 0; i < PEAK_WINDOW_S; i++) if (i !== current) peak = Math.max(peak, this.units[i]);
    return peak;
  }

  private advance(now: number): void {
    const second = Math.floor(now / 1000);
    if (second <= this.second) return;
    for (let s = Math.max(this.second + 1, second - PEAK_WINDOW_S + 1); s <= second; s++)
      this.units[s % PEAK_WINDOW_S] = 0;
    this.second = second;
  }
}

/** A grant, or the limit that refused it. */
export type GrantOutcome = { units: number } | { units: 0; limit: ThrottleLimit };

export class TableAdmission {
  private readonly buckets: Record<Operation, TokenBucket>;
  private readonly peaks = { read: new Peak(), write: new Peak() };

  constructor(
    private capacity: TableCapacity,
    private readonly onDemand: OnDemandSettings,
    now: number,
  ) {
    this.buckets = { read: this.bucket("read", now), write: this.bucket("write", now) };
  }

  /** The rate `operation` may run at now. */
  rate(operation: Operation, now: number): number {
    if (this.capacity.billingMode === "PROVISIONED") return this.capacity[operation];
    const peak = Math.max(this.onDemand.initialPeak[operation], this.peaks[operation].highest(now));
    return Math.min(2 * peak, this.onDemand.tableQuota);
  }

  /** Takes the table's capacity as the catalog now has it: a changed one resets the buckets' rates. */
  configure(capacity: TableCapacity, now: number): void {
    const same =
      capacity.billingMode === this.capacity.billingMode &&
      capacity.read === this.capacity.read &&
      capacity.write === this.capacity.write;
    if (same) return;
    this.capacity = capacity;
    for (const operation of ["read", "write"] as const) {
      const rate = this.rate(operation, now);
      this.buckets[operation].reset(rate, this.burst(rate), now);
    }
  }

  /**
   * At least `needed` and up to `wanted` units of `operation` at `now`, but no more than a tenth of
   * what is left (so that many asking at once all get some), or the limit that refuses them.
   */
  grant(operation: Operation, needed: number, wanted: number, now: number): GrantOutcome {
    const bucket = this.buckets[operation];
    if (this.capacity.billingMode === "PAY_PER_REQUEST") {
      const rate = this.rate(operation, now);
      bucket.reset(rate, rate, now);
    }
    const share = Math.min(wanted, bucket.available(now) * SHARE);
    const units = bucket.take(needed, Math.max(needed, share), now);
    if (units > 0) {
      this.peaks[operation].add(units, now);
      return { units };
    }
    return { units: 0, limit: this.refusal(operation, now) };
  }

  /** Gives back `units` of `operation` granted at `now` and not spent (their account refused them). */
  release(operation: Operation, units: number, now: number): void {
    this.buckets[operation].spend(-units, now);
    this.peaks[operation].add(-units, now);
  }

  private refusal(operation: Operation, now: number): ThrottleLimit {
    if (this.capacity.billingMode === "PROVISIONED") return "ProvisionedThroughputExceeded";
    return this.rate(operation, now) >= this.onDemand.tableQuota
      ? "AccountLimitExceeded"
      : "KeyRangeThroughputExceeded";
  }

  private burst(rate: number): number {
    return this.capacity.billingMode === "PROVISIONED" ? rate * BURST_SECONDS : rate;
  }

  private bucket(operation: Operation, now: number): TokenBucket {
    const rate = this.rate(operation, now);
    return new TokenBucket(rate, this.burst(rate), now);
  }
}
