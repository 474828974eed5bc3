/**
 * The pure figures of the backups phase (bench/backups.ts):
 * - a backup's or a restore's speed: the source table's items and bytes of item data (its
 *   TableSizeBytes) over the time from the request's sending to the answer of the first Describe
 *   that showed it done (AVAILABLE, ACTIVE); MB are 10^6 bytes;
 * - the restore's check: the restored table's items (a Scan's Count) against the source's;
 * - the cost of point-in-time recovery: the wrk rounds summarised as the secondary-indexes phase's
 *   write cost is (./index-figures.ts: per table, medians with the lowest and highest round; the
 *   PITR table's ops/s and server CPU per write, its archive pass after the run included, over the
 *   plain table's within each round), and the median ratio against the goal.
 */

import { type IndexCostRunFigures, type IndexCostSummary, summarizeIndexCost } from "./index-figures";

/** The goal: PITR costs at most 10% of PutItem throughput (on ÷ off ≥ 0.9, median over the rounds). */
export const PITR_THROUGHPUT_GOAL = 0.9;
/** Bytes in the MB of the report's MB/s. */
export const MB = 1_000_000;

export interface TransferSpeed {
  seconds: number;
  itemsPerSecond: number;
  /** MB (10^6 bytes) of item data a second. */
  mbPerSecond: number;
}

/** `items` and `bytes` moved in `ms`; undefined when no time was measured. */
export function transferSpeed(items: number, bytes: number, ms: number): TransferSpeed | undefined {
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  const seconds = ms / 1000;
  return { seconds, itemsPerSecond: items / seconds, mbPerSecond: bytes / MB / seconds };
}

export interface CountCheck {
  source: number;
  restored: number;
  /** The restore holds exactly as many items as the table it was backed up from. */
  equal: boolean;
}

export function countCheck(source: number, restored: number): CountCheck {
  return { source, restored, equal: source === restored };
}

/** The tables of the PITR cost, in the order the summary takes them: the baseline (PITR off) first. */
export const PITR_TABLE_ORDER = ["off", "on"] as const;
export type PitrTableName = (typeof PITR_TABLE_ORDER)[number];

/** The runs summarised, and the PITR table's ratios to the plain one, round by round. */
export function summarizePitrCost(runs: readonly IndexCostRunFigures[]): IndexCostSummary {
  return summarizeIndexCost(runs, PITR_TABLE_ORDER);
}

/** The median over the rounds of on ÷ off ops/s, the rounds it is taken over, and whether it meets the goal. */
export function pitrGoal(summary: IndexCostSummary | undefined): { ratio?: number; rounds: number; met?: boolean } {
  const ops = summary?.ratios.find((r) => r.table === "on")?.ops;
  if (!ops) return { rounds: 0 };
  return { ratio: ops.median, rounds: ops.n, met: ops.median >= PITR_THROUGHPUT_GOAL };
}

/**
 * Whether `path` (relative to the archive's root, `/`-separated) is an archived log segment of a
 * partition with PITR on: `_dynaflare/<account>/pitr/<table id>/<partition id>/log/<from>-<to>.json`
 * (workers/replica/archiver.ts).
 */
export function isPitrSegment(path: string): boolean {
  return /^_dynaflare\/[^/]+\/pitr\/[^/]+\/[^/]+\/log\/\d+-\d+\.json$/.test(path);
}
