/**
 * A token bucket of capacity units, on an injected clock (epoch ms passed in): it fills at `rate`
 * units per second up to `capacity` (the burst), and spending may run it into debt, because a
 * read's cost is known only once it is read: a caller charges what it knows up front and settles
 * the rest afterwards. A bucket in debt admits nothing until it has refilled past zero.
 *
 * DynamoDB's buckets: a table's provisioned rate with up to 300 s of unused capacity as burst; a
 * partition's 3,000 read and 1,000 write units per second.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html
 */
export class TokenBucket {
  private balance: number;
  private at: number;

  constructor(
    private rate: number,
    private capacity: number,
    now: number,
  ) {
    this.balance = capacity;
    this.at = now;
  }

  /** The units available at `now` (negative: in debt). */
  available(now: number): number {
    if (now > this.at) {
      this.balance = Math.min(this.capacity, this.balance + ((now - this.at) * this.rate) / 1000);
      this.at = now;
    }
    return this.balance;
  }

  /** Whether a request may start at `now`: the bucket is not empty nor in debt. */
  admits(now: number): boolean {
    return this.available(now) > 0;
  }

  /** Spends `units` at `now`, into debt if need be. */
  spend(units: number, now: number): void {
    this.available(now);
    this.balance -= units;
  }

  /**
   * Takes at least `needed` units and up to `wanted` at `now`, if it holds `needed`, or is full
   * (a request larger than the whole bucket is let through into debt). At exit: the units taken,
   * 0 when refused.
   */
  take(needed: number, wanted: number, now: number): number {
    const available = this.available(now);
    if (available < needed && available < this.capacity) return 0;
    const taken = Math.max(needed, Math.min(wanted, available));
    this.balance -= taken;
    return taken;
  }

  /** A new rate and capacity from `now` on; what is available stays, within the new capacity. */
  reset(rate: number, capacity: number, now: number): void {
    this.available(now);
    this.rate = rate;
    this.capacity = capacity;
    this.balance = Math.min(this.balance, capacity);
  }
}
