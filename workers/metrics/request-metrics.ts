/**
 * What the router counts of the requests it serves, for `/metrics` (./scrape.ts) and the console's
 * overview: requests and their latency by operation and table, errors by type, throttled requests,
 * and the capacity units consumed by each table and global index.
 *
 * Counting is on the hot path, so it is a map lookup and a few additions per request: one series
 * object per (operation, table), created once, its latency histogram a typed array of bucket
 * counts (cumulated only when scraped). The counts live in the isolate that served the requests:
 * under `npm start` one isolate serves them all (one per process with `--processes`, added up when
 * scraped: ./peer-metrics.ts); on Cloudflare each isolate counts its own.
 *
 * Table names come from requests, so the number of series is bounded: past MAX_SERIES, further
 * tables are counted under the table label `(other)`.
 */
import type { Family, Sample } from "./exposition";

/** Upper bounds of the latency buckets, in seconds (DynamoDB's latencies are milliseconds). */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BUCKET_MS = LATENCY_BUCKETS.map((s) => s * 1000);

/** The error types DynamoDB throttles with. */
const THROTTLES = new Set(["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"]);

const MAX_SERIES = 5000;
export const OTHER_TABLE = "(other)";

/** The overview's window: 60 slots of 10 s. */
const SLOT_MS = 10_000;
const SLOTS = 60;

interface Series {
  operation: string;
  table: string;
  count: number;
  sumMs: number;
  /** Requests per latency bucket; the last slot counts those above every bound. */
  buckets: Float64Array;
  throttled: number;
  errors: Map<string, number>;
}

interface Consumed {
  table: string;
  index: string;
  read: number;
  write: number;
}

/** One slot of the recent history: the requests that ended in it. */
export interface RecentSlot {
  /** The slot's start, epoch ms. */
  start: number;
  requests: number;
  errors: number;
  throttled: number;
}

export class RequestMetrics {
  /** Whether requests are counted: the deployment's METRICS setting, which the endpoint sets. */
  enabled = true;
  private readonly series = new Map<string, Series>();
  private readonly consumedBy = new Map<string, Consumed>();
  private readonly slots = Array.from({ length: SLOTS }, () => ({ start: 0, requests: 0, errors: 0, throttled: 0 }));

  constructor(private readonly now: () => number = () => Date.now()) {}

  /**
   * A request of `operation` on `table` ("" when it names none) ran from `started` to `ended`
   * (epoch ms); `error` is its error type, if it failed.
   */
  observe(operation: string, table: string, started: number, ended: number, error?: string): void {
    if (!this.enabled) return;
    const ms = ended - started;
    const series = this.seriesOf(operation, table);
    series.count++;
    series.sumMs += ms;
    let bucket = 0;
    while (bucket < BUCKET_MS.length && ms > BUCKET_MS[bucket]) bucket++;
    series.buckets[bucket]++;
    const slot = this.slotAt(ended);
    slot.requests++;
    if (error === undefined) return;
    series.errors.set(error, (series.errors.get(error) ?? 0) + 1);
    slot.errors++;
    if (THROTTLES.has(error)) {
      series.throttled++;
      slot.throttled++;
    }
  }

  /** `units` of `kind` consumed on `table` (or its global index `index`). */
  consumed(table: string, index: string, kind: "read" | "write", units: number): void {
    if (!this.enabled) return;
    const key = index === "" ? table : `${table}\u0000${index}`;
    let entry = this.consumedBy.get(key);
    if (!entry) {
      if (this.consumedBy.size >= MAX_SERIES) return;
      entry = { table, index, read: 0, write: 0 };
      this.consumedBy.set(key, entry);
    }
    entry[kind] += units;
  }

  /** The recent slots, oldest first, up to the current one (empty slots included). */
  recent(): RecentSlot[] {
    const current = Math.floor(this.now() / SLOT_MS) * SLOT_MS;
    return Array.from({ length: SLOTS }, (_, i) => {
      const start = current - (SLOTS - 1 - i) * SLOT_MS;
      const slot = this.slots[(start / SLOT_MS) % SLOTS];
      return slot.start === start ? { ...slot } : { start, requests: 0, errors: 0, throttled: 0 };
    });
  }

  /** The counts as metric families. */
  families(): Family[] {
    const all = [...this.series.values()];
    const labels = (s: Series) => ({ operation: s.operation, table: s.table });
    const latency: Sample[] = all.flatMap((s) => {
      let cumulative = 0;
      const buckets = LATENCY_BUCKETS.map((le, i) => {
        cumulative += s.buckets[i];
        return { suffix: "_bucket", labels: { ...labels(s), le: String(le) }, value: cumulative };
      });
      return [
        ...buckets,
        { suffix: "_bucket", labels: { ...labels(s), le: "+Inf" }, value: s.count },
        { suffix: "_sum", labels: labels(s), value: s.sumMs / 1000 },
        { suffix: "_count", labels: labels(s), value: s.count },
      ];
    });
    const consumed = [...this.consumedBy.values()];
    const units = (kind: "read" | "write") =>
      consumed.map((c) => ({ labels: { table: c.table, index: c.index }, value: c[kind] }));
    return [
      {
        name: "dynaflare_requests_total",
        help: "Requests served, by operation and table (CloudWatch: SampleCount of SuccessfulRequestLatency, plus errors).",
        type: "counter",
        samples: all.map((s) => ({ labels: labels(s), value: s.count })),
      },
      {
        name: "dynaflare_request_duration_seconds",
        help: "Time from a request's arrival to its answer, by operation and table (CloudWatch: SuccessfulRequestLatency).",
        type: "histogram",
        samples: latency,
      },
      {
        name: "dynaflare_errors_total",
        help: "Requests answered with an error, by operation, table and error type (CloudWatch: UserErrors for 4xx, SystemErrors for 5xx).",
        type: "counter",
        samples: all.flatMap((s) => [...s.errors].map(([type, n]) => ({ labels: { ...labels(s), type }, value: n }))),
      },
      {
        name: "dynaflare_throttled_requests_total",
        help: "Requests refused for capacity, by operation and table (CloudWatch: ThrottledRequests).",
        type: "counter",
        samples: all.filter((s) => s.throttled > 0).map((s) => ({ labels: labels(s), value: s.throttled })),
      },
      {
        name: "dynaflare_consumed_read_capacity_units_total",
        help: "Read capacity units consumed, by table and global secondary index (CloudWatch: ConsumedReadCapacityUnits).",
        type: "counter",
        samples: units("read"),
      },
      {
        name: "dynaflare_consumed_write_capacity_units_total",
        help: "Write capacity units consumed, by table and global secondary index (CloudWatch: ConsumedWriteCapacityUnits).",
        type: "counter",
        samples: units("write"),
      },
    ];
  }

  private seriesOf(operation: string, table: string): Series {
    const key = `${operation}\u0000${table}`;
    let series = this.series.get(key);
    if (series) return series;
    if (this.series.size >= MAX_SERIES && table !== OTHER_TABLE) return this.seriesOf(operation, OTHER_TABLE);
    series = {
      operation,
      table,
      count: 0,
      sumMs: 0,
      buckets: new Float64Array(BUCKET_MS.length + 1),
      throttled: 0,
      errors: new Map(),
    };
    this.series.set(key, series);
    return series;
  }

  private slotAt(time: number): RecentSlot {
    const start = Math.floor(time / SLOT_MS) * SLOT_MS;
    const slot = this.slots[(start / SLOT_MS) % SLOTS];
    if (slot.start !== start) {
      slot.start = start;
      slot.requests = 0;
      slot.errors = 0;
      slot.throttled = 0;
    }
    return slot;
  }
}

/** The isolate's counts. */
export const requestMetrics = new RequestMetrics();
