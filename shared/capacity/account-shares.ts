/**
 * Admission between the accounts of one region, as the region's accounts object keeps it
 * (workers/admission): tables' admission objects take the units they grant from here first, so
 * admission is fair between accounts before it is fair between tables.
 * - Each account gets at most its quota: DynamoDB's 80,000 read and 80,000 write units a second
 *   (DescribeLimits' AccountMaxReadCapacityUnits and AccountMaxWriteCapacityUnits).
 * - When the deployment's own capacity is set (DEPLOYMENT_READ_UNITS, DEPLOYMENT_WRITE_UNITS: what
 *   the machine or account of a self-hosted or shared deployment can serve), each account gets at
 *   most its fair share of it: the max-min fair split of the capacity over the accounts' demands
 *   (the larger of what each asked in the last second and so far in this one: an account asking for less than an equal share gets what it asks; the
 *   others split the rest equally), so one account's load cannot starve another's. An account
 *   alone gets it all.
 * A refusal is the account's limit (RequestLimitExceeded, shared/capacity/throttling.ts).
 */
import type { Operation } from "./table-admission";
import { TokenBucket } from "./token-bucket";

/** How long a window of demand lasts: shares are split over the last one's. */
export const WINDOW_MS = 1000;

export interface AccountLimits {
  /** Each account's quota, units a second. */
  quota: Record<Operation, number>;
  /** The deployment's capacity, units a second; absent: only the quotas hold. */
  deployment?: Partial<Record<Operation, number>>;
}

/** The max-min fair split of `capacity` over `demands` (account → units): each account's share. */
export function fairShares(capacity: number, demands: ReadonlyMap<string, number>): Map<string, number> {
  const shares = new Map<string, number>();
  const ascending = [...demands].sort((a, b) => a[1] - b[1]);
  let left = capacity;
  ascending.forEach(([account, demand], i) => {
    const share = Math.min(demand, left / (ascending.length - i));
    shares.set(account, share);
    left -= share;
  });
  return shares;
}

/**
 * One operation's accounting: each account's quota bucket, and under a deployment's capacity the
 * demands and what each account was granted in the current window (the shares add up to the
 * capacity, so the window's grants do too, but for a share taken before a newcomer's demand
 * counted: a light account is served at once, and the hungry one's next window is smaller).
 */
class Accounting {
  private readonly quotas = new Map<string, TokenBucket>();
  /** Units asked by each account in the current window, and in the one before it. */
  private current = new Map<string, number>();
  private previous = new Map<string, number>();
  /** Units granted to each account in the current window. */
  private granted = new Map<string, number>();
  private windowStart: number;

  constructor(
    private readonly quota: number,
    private readonly capacity: number | undefined,
    now: number,
  ) {
    this.windowStart = now;
  }

  take(account: string, needed: number, wanted: number, now: number): number {
    this.roll(now);
    this.current.set(account, (this.current.get(account) ?? 0) + wanted);
    let quota = this.quotas.get(account);
    if (!quota) {
      quota = new TokenBucket(this.quota, this.quota, now);
      this.quotas.set(account, quota);
    }
    let most = Math.max(wanted, needed);
    if (this.capacity !== undefined) {
      const share = fairShares(this.capacity, this.demands()).get(account) ?? 0;
      const left = share - (this.granted.get(account) ?? 0);
      if (left < needed) return 0;
      most = Math.min(most, left);
    }
    if (quota.available(now) < needed) return 0;
    const units = Math.max(needed, Math.min(most, quota.available(now)));
    quota.spend(units, now);
    this.granted.set(account, (this.granted.get(account) ?? 0) + units);
    return units;
  }

  /** Each account's demand: the larger of what it asked in the last window and so far in this one. */
  private demands(): Map<string, number> {
    const demands = new Map(this.previous);
    for (const [account, asked] of this.current) demands.set(account, Math.max(asked, demands.get(account) ?? 0));
    return demands;
  }

  private roll(now: number): void {
    if (now - this.windowStart < WINDOW_MS) return;
    const stale = now - this.windowStart >= 2 * WINDOW_MS;
    this.previous = stale ? new Map() : this.current;
    this.current = new Map();
    this.granted = new Map();
    this.windowStart = now;
  }
}

export class AccountShares {
  private readonly accounting: Record<Operation, Accounting>;

  constructor(limits: AccountLimits, now: number) {
    this.accounting = {
      read: new Accounting(limits.quota.read, limits.deployment?.read, now),
      write: new Accounting(limits.quota.write, limits.deployment?.write, now),
    };
  }

  /** At least `needed` and up to `wanted` units of `operation` for `account` at `now`; 0 when refused. */
  take(account: string, operation: Operation, needed: number, wanted: number, now: number): number {
    return this.accounting[operation].take(account, needed, wanted, now);
  }
}
