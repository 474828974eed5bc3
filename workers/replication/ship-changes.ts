/**
 * Global tables, replica side (a partition's leader). Ships a global table's committed changes
 * from a partition's leader to the table's other regions: off the request path (kicked after a
 * commit), batched, at least once. Per destination region a cursor — the last lsn the destination
 * acknowledged — is persisted and replicated to the followers with the log, so a new leader
 * resumes where the old one stopped. Only changes this region ordered are shipped (a change
 * applied from elsewhere carries its origin and is that region's to ship). The receiving region
 * routes each change by its own partition map. Retries back off while a region cannot be reached;
 * nothing runs while idle.
 */
import { sleep } from "../clock";
import type { Link, ReplicaCaller } from "../link/link";
import type { Route } from "../metadata/protocol";
import { deliverChanges } from "../replica/deliver-changes";
import type { WireRecord } from "../replica/log";
import { decodeRecord, type LogRecord } from "../replica/log-record";
import type { RemoteChange, ShippingStatus } from "../replica/protocol";
import { compareHlc, decodeHlc, HLC_ZERO, type HlcTimestamp } from "./hlc";
import { decodeVersion } from "./version";

/** What the shipper needs from its partition's leader. */
export interface ShipperHost {
  /** The leader's link: the shipper calls through it and waits out its retries on its clock. */
  readonly link: ReplicaCaller & Pick<Link, "callMetadata">;
  tableName(): string | undefined;
  /** The regions to ship to. */
  regions(): string[];
  /** The commit index: records up to it may be shipped. */
  committed(): number;
  records(after: number, limit: number): WireRecord[];
  cursor(region: string): number | undefined;
  setCursor(region: string, lsn: number): void;
  /** Whether this member still leads: a deposed leader stops shipping. */
  leading(): boolean;
  /**
   * Copies everything the partition holds to `region`, whose cursor the log no longer reaches.
   * At exit: the lsn the copy started from, the region's new cursor; throws on failure.
   */
  resync(region: string): Promise<number>;
}

/** Lag samples kept per destination region. */
const SAMPLES = 512;

/** Records read per batch. */
const BATCH = 256;
/** A region that has failed for this long is retried only after the next commit. */
const GIVE_UP_MS = 10_000;

/** Whether a record is a write this region ordered in a global table: a change to ship. */
function isOwnChange(record: LogRecord): record is Extract<LogRecord, { kind: "put" | "delete" }> & { v: string } {
  return (record.kind === "put" || record.kind === "delete") && record.v !== undefined && record.o === undefined;
}

/** A shippable change of a record: a write this region ordered in a global table. */
export function changeOf(record: LogRecord): RemoteChange | undefined {
  if (!isOwnChange(record)) return undefined;
  return record.kind === "put"
    ? { kind: "put", key: record.key, version: record.v, itemJson: JSON.stringify(record.item), size: record.size }
    : { kind: "delete", key: record.key, version: record.v };
}

export class Shipper {
  private readonly running = new Set<string>();
  private readonly lags = new Map<string, number[]>();
  /** Destination routes, refreshed when a destination replica refuses one. */
  private readonly routes = new Map<string, Route>();

  constructor(private readonly host: ShipperHost) {}

  /** Starts shipping to every region with committed changes past its cursor. */
  kick(): void {
    for (const region of this.host.regions()) {
      if (!this.running.has(region) && (this.host.cursor(region) ?? 0) < this.host.committed()) void this.run(region);
    }
  }

  private async run(region: string): Promise<void> {
    this.running.add(region);
    let failures = 0;
    let failingSince: number | undefined;
    try {
      while (this.host.leading() && this.host.regions().includes(region)) {
        const cursor = this.host.cursor(region) ?? 0;
        const committed = this.host.committed();
        if (cursor >= committed) return;
        const records = this.host.records(cursor, Math.min(BATCH, committed - cursor));
        if (records.length === 0) return;
        try {
          if (records[0].lsn === cursor + 1) {
            await this.ship(region, records);
            this.host.setCursor(region, records[records.length - 1].lsn);
          } else {
            // The log no longer reaches back to the cursor (the region was out longer than the
            // log holds records for it): copy everything there, then ship from where the copy began.
            this.host.setCursor(region, await this.host.resync(region));
          }
          failures = 0;
          failingSince = undefined;
        } catch {
          const now = this.host.link.clock.now();
          failingSince ??= now;
          if (now - failingSince > GIVE_UP_MS) return;
          this.routes.delete(region);
          await sleep(this.host.link.clock, Math.min(2000, 25 * 2 ** failures++));
        }
      }
    } finally {
      this.running.delete(region);
    }
  }

  /** Ships the changes among `records` to `region`. Throws on failure. */
  private async ship(region: string, records: WireRecord[]): Promise<void> {
    const changes: { h: string; change: RemoteChange }[] = [];
    for (const wire of records) {
      const record = decodeRecord(wire.record);
      const change = changeOf(record);
      if (change && (record.kind === "put" || record.kind === "delete")) changes.push({ h: record.h, change });
    }
    await this.deliver(region, changes);
    const now = this.host.link.clock.now();
    const lags = this.lags.get(region) ?? [];
    for (const { change } of changes)
      lags.push(Math.max(0, now - decodeHlc(decodeVersion(change.version).ts).physical));
    this.lags.set(region, lags.slice(-SAMPLES));
  }

  /**
   * Per region, a clock below which every change this leader's group ordered has been
   * acknowledged there: the first change past the region's cursor, else `now` (every later change
   * gets a later clock, from this leader or, after its lease, from the next). A region whose
   * cursor the log no longer reaches gets the clock's zero. `last`: the log's last lsn, ordered
   * records included. Tombstone collection takes the lowest over every partition and region.
   */
  watermarks(now: HlcTimestamp, last: number): Record<string, HlcTimestamp> {
    const below: Record<string, HlcTimestamp> = {};
    const open = new Map(this.host.regions().map((region) => [region, this.host.cursor(region) ?? 0]));
    let at = Math.min(last, ...open.values());
    while (open.size > 0 && at < last) {
      const records = this.host.records(at, Math.min(BATCH, last - at));
      if (records.length === 0) break;
      if (records[0].lsn > at + 1) {
        // The log no longer reaches back to `at`: what regions behind its start lack is unknown.
        for (const [region, cursor] of open) {
          if (cursor >= records[0].lsn - 1) continue;
          below[region] = HLC_ZERO;
          open.delete(region);
        }
      }
      for (const wire of records) {
        const record = decodeRecord(wire.record);
        if (!isOwnChange(record)) continue;
        const { ts } = decodeVersion(record.v);
        for (const [region, cursor] of open) {
          if (cursor >= wire.lsn) continue;
          below[region] = compareHlc(ts, now) < 0 ? ts : now;
          open.delete(region);
        }
      }
      at = records[records.length - 1].lsn;
    }
    for (const region of open.keys()) below[region] = now;
    return below;
  }

  /** Cursor, backlog and recent lags per region. */
  status(): Record<string, ShippingStatus> {
    const out: Record<string, ShippingStatus> = {};
    for (const region of this.host.regions()) {
      const cursor = this.host.cursor(region) ?? 0;
      out[region] = {
        cursor,
        pending: Math.max(0, this.host.committed() - cursor),
        lagsMs: [...(this.lags.get(region) ?? [])],
      };
    }
    return out;
  }

  /** Delivers changes (with their partition hashes) to `region`, each to the partition its map names. Throws on failure. */
  async deliver(region: string, changes: { h: string; change: RemoteChange }[]): Promise<void> {
    const mapOf = async (fresh: boolean) => {
      if (fresh) this.routes.delete(region);
      return (await this.route(region)).map;
    };
    await deliverChanges(this.host.link, mapOf, changes, `shipping to ${region}`);
  }

  private async route(region: string): Promise<Route> {
    const cached = this.routes.get(region);
    if (cached) return cached;
    const name = this.host.tableName();
    if (!name) throw new Error("shipping: the replica has no table name");
    const reply = await this.host.link.callMetadata(region, "route", [name]);
    if (!reply.ok || reply.table.status !== "ACTIVE") throw new Error(`shipping: ${name} is not active in ${region}`);
    const route: Route = { table: reply.table, map: reply.map };
    this.routes.set(region, route);
    return route;
  }
}
