/**
 * The pure figures of the splits phase (bench/splits.ts):
 * - a split's duration: from when its partition's leader asked for it (`since`) to when the map
 *   naming its children was published (`at`), both from the admin API's history of the table's
 *   splits; summarised as nearest-rank p50 and max;
 * - the size splits' load (bench/split-load.ts): each request the mixed load sent, placed before
 *   the splits (answered before the first was asked for), during them (in flight at some moment
 *   from the first asked for to the last published) or after them (sent after the last was
 *   published); per period and operation, the requests, the failures and the latency (p50, p99,
 *   max) of the others;
 * - the check after that load: the keys a full Scan returned against those acknowledged (each
 *   exactly once);
 * - the heat split: acknowledged writes per second in a window before the split and in one after
 *   it, and their ratio against the issue's goal.
 * Times are epoch milliseconds (the server's `since` and `at` are), on the one machine.
 */

import type { PartitionReport } from "../workers/admin/group-status";
import { nearestRank } from "./replication-figures";

/** The goal: one split for heat lets a hot partition's writes rise to at least 1.7× (2 cores). */
export const HEAT_SPLIT_GOAL = 1.7;

/** The size splits' new items' bytes over SPLIT_SIZE_BYTES: past it once, then each child past it again. */
export const SIZE_MULTIPLE = 2.4;
/** About the bytes of one of the bench's items as the server counts them (10 fields × 106 B, the key). */
export const ITEM_BYTES = 1_070;

/** The new items the size splits' load writes for a SPLIT_SIZE_BYTES of `splitSizeBytes`. */
export const itemsFor = (splitSizeBytes: number) => Math.ceil((SIZE_MULTIPLE * splitSizeBytes) / ITEM_BYTES);

/** The requests of the size splits' load: PutItem, a strongly consistent GetItem, a Scan page. */
export const SPLIT_LOAD_OPS = ["put", "get", "scan"] as const;
export type SplitLoadOp = (typeof SPLIT_LOAD_OPS)[number];

export const SPLIT_PERIODS = ["before", "during", "after"] as const;
export type SplitPeriod = (typeof SPLIT_PERIODS)[number];

/** One request of the load: when sent and answered (epoch ms), and how it ended. */
export interface SplitRequest {
  op: SplitLoadOp;
  start: number;
  end: number;
  ok: boolean;
  /** The error's name and message (or what was wrong with the answer), for a failed request. */
  error?: string;
}

/** When a split was asked for and when the map naming its children was published (epoch ms). */
export interface SplitTimes {
  since: number;
  at: number;
}

export interface SplitDurations {
  splits: number;
  /** at − since of each split, in the history's order (oldest first). */
  durationsMs: number[];
  /** Nearest rank over the splits; null when there was none. */
  p50Ms: number | null;
  maxMs: number | null;
}

export function splitDurations(splits: readonly SplitTimes[]): SplitDurations {
  const durationsMs = splits.map((split) => split.at - split.since);
  const sorted = [...durationsMs].sort((a, b) => a - b);
  return {
    splits: splits.length,
    durationsMs,
    p50Ms: nearestRank(sorted, 50),
    maxMs: sorted.length === 0 ? null : sorted[sorted.length - 1],
  };
}

/** From the first split asked for to the last published; undefined with no split. */
export function splitSpan(splits: readonly SplitTimes[]): { from: number; to: number } | undefined {
  if (splits.length === 0) return undefined;
  return {
    from: Math.min(...splits.map((split) => split.since)),
    to: Math.max(...splits.map((split) => split.at)),
  };
}

/** Where a request falls against the splits' span; with no split, every request is before. */
export function periodOf(
  request: Pick<SplitRequest, "start" | "end">,
  span: { from: number; to: number } | undefined,
): SplitPeriod {
  if (span === undefined || request.end < span.from) return "before";
  if (request.start > span.to) return "after";
  return "during";
}

/** One operation in one period. */
export interface SplitLoadCell {
  period: SplitPeriod;
  op: SplitLoadOp;
  /** Requests sent, and those that failed (any error, or a wrong answer). */
  requests: number;
  failed: number;
  /** Latency of the others, ms, nearest rank, and the longest; null when none succeeded. */
  p50: number | null;
  p99: number | null;
  max: number | null;
}

export interface SplitLoadSummary {
  /** Every period and operation, in SPLIT_PERIODS × SPLIT_LOAD_OPS order. */
  cells: SplitLoadCell[];
  requests: number;
  failed: number;
  /** Failed requests in flight during the splits. */
  failedDuring: number;
  /** The first failure (by answer time), and the first during the splits. */
  firstError?: string;
  firstErrorDuring?: string;
}

export function summarizeSplitLoad(requests: readonly SplitRequest[], splits: readonly SplitTimes[]): SplitLoadSummary {
  const span = splitSpan(splits);
  const latencies = new Map<string, number[]>();
  const counts = new Map<string, { requests: number; failed: number }>();
  const key = (period: SplitPeriod, op: SplitLoadOp) => `${period}/${op}`;
  let firstError: SplitRequest | undefined;
  let firstErrorDuring: SplitRequest | undefined;
  let failed = 0;
  let failedDuring = 0;
  for (const request of requests) {
    const period = periodOf(request, span);
    const cell = counts.get(key(period, request.op)) ?? { requests: 0, failed: 0 };
    cell.requests++;
    counts.set(key(period, request.op), cell);
    if (request.ok) {
      const list = latencies.get(key(period, request.op)) ?? [];
      list.push(request.end - request.start);
      latencies.set(key(period, request.op), list);
      continue;
    }
    cell.failed++;
    failed++;
    if (firstError === undefined || request.end < firstError.end) firstError = request;
    if (period === "during") {
      failedDuring++;
      if (firstErrorDuring === undefined || request.end < firstErrorDuring.end) firstErrorDuring = request;
    }
  }
  const cells = SPLIT_PERIODS.flatMap((period) =>
    SPLIT_LOAD_OPS.map((op): SplitLoadCell => {
      const sorted = (latencies.get(key(period, op)) ?? []).sort((a, b) => a - b);
      const count = counts.get(key(period, op)) ?? { requests: 0, failed: 0 };
      const max = sorted.length === 0 ? null : sorted[sorted.length - 1];
      return { period, op, ...count, p50: nearestRank(sorted, 50), p99: nearestRank(sorted, 99), max };
    }),
  );
  const described = (request: SplitRequest | undefined) => request && `${request.op}: ${request.error ?? "failed"}`;
  const first = described(firstError);
  const firstDuring = described(firstErrorDuring);
  return {
    cells,
    requests: requests.length,
    failed,
    failedDuring,
    ...(first === undefined ? {} : { firstError: first }),
    ...(firstDuring === undefined ? {} : { firstErrorDuring: firstDuring }),
  };
}

/** A full Scan's keys against the acknowledged ones. */
export interface ScanCheck {
  /** Keys returned, and how many distinct. */
  returned: number;
  distinct: number;
  /** Keys returned more than once (each extra copy counted). */
  duplicates: number;
  /** Acknowledged keys not returned. */
  missing: number;
  /** Keys returned that were never acknowledged: a write whose answer failed may still have been applied (not a fault). */
  unacknowledged: number;
}

export function checkScan(keys: Iterable<string>, acknowledged: ReadonlySet<string>): ScanCheck {
  const seen = new Set<string>();
  let returned = 0;
  let unacknowledged = 0;
  for (const key of keys) {
    returned++;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!acknowledged.has(key)) unacknowledged++;
  }
  let missing = 0;
  for (const key of acknowledged) if (!seen.has(key)) missing++;
  return { returned, distinct: seen.size, duplicates: returned - seen.size, missing, unacknowledged };
}

/**
 * Whether the table's splits have come to an end: every partition led, none splitting, and none
 * past `sizeBytes` (which would ask for another split).
 */
export function splitsSettled(
  partitions: readonly Pick<PartitionReport, "leader" | "splitting" | "sizeBytes">[],
  sizeBytes: number,
): boolean {
  return partitions.every(
    (p) => p.leader !== null && p.splitting === null && p.sizeBytes !== null && p.sizeBytes <= sizeBytes,
  );
}

/** The hot writes in one window [from, to) (epoch ms). */
export interface HeatWindow {
  from: number;
  to: number;
  /** Acknowledged writes, throttled attempts (retried) and other failures answered in the window. */
  writes: number;
  throttled: number;
  errors: number;
  /** Acknowledged writes per second. */
  opsPerSecond: number;
}

const countIn = (times: readonly number[], from: number, to: number) =>
  times.reduce((n, t) => (t >= from && t < to ? n + 1 : n), 0);

/** The window [from, to) of the answer times of the hot writes. */
export function heatWindow(
  answers: { acknowledged: readonly number[]; throttled: readonly number[]; errors: readonly number[] },
  from: number,
  to: number,
): HeatWindow {
  const writes = countIn(answers.acknowledged, from, to);
  const seconds = (to - from) / 1000;
  return {
    from,
    to,
    writes,
    throttled: countIn(answers.throttled, from, to),
    errors: countIn(answers.errors, from, to),
    opsPerSecond: seconds > 0 ? writes / seconds : 0,
  };
}

/** After's ops/s over before's, and whether it meets `goal`; none without both (or with no writes before). */
export function heatRatio(
  before: HeatWindow | undefined,
  after: HeatWindow | undefined,
  goal = HEAT_SPLIT_GOAL,
): { ratio?: number; met?: boolean } {
  if (!before || !after || before.opsPerSecond <= 0) return {};
  const ratio = after.opsPerSecond / before.opsPerSecond;
  return { ratio, met: ratio >= goal };
}
