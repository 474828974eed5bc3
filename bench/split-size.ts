/**
 * The size splits (bench/splits.ts): a table of one partition, on a server whose partitions split
 * past a small SPLIT_SIZE_BYTES, written and read by the mixed load of ./split-load.ts from its
 * creation (before the first split is asked for) until TAIL_MS after its splits are done.
 *
 * The load puts SIZE_MULTIPLE × SPLIT_SIZE_BYTES of new ~1 KB items (./split-figures.ts itemsFor): the partition splits, then
 * each child passes the size in turn and splits too. Every POLL_MS the admin API is read; the
 * splits are done once every new item was sent, the history holds a split, and every partition
 * has a leader, none is splitting and none is past the size (at most SETTLE_BOUND_MS). After the
 * load every acknowledged item is read back (strongly consistent) and a full Scan must return
 * each exactly once.
 */

import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { groupReportOf } from "./admin-api";
import { measureCpu, type ServerPids } from "./cpu";
import type { SizeSplitResult } from "./results";
import { checkScan, splitsSettled, summarizeSplitLoad } from "./split-figures";
import { checkItems, type MixedLoadOutcome, scanAll, startMixedLoad } from "./split-load";

const POLL_MS = 250;
/** How long the load waits for the splits to be done. */
export const SETTLE_BOUND_MS = 90_000;
/** How long the load goes on after they are. */
export const TAIL_MS = 2_000;

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export interface SizeRunSpec {
  client: DynamoDBClient;
  endpoint: string;
  pid: ServerPids;
  concurrency: number;
  seed: number;
  log: (message: string) => void;
}

/** Polls the admin API until the splits are done (then TAIL_MS more), logging each split as it is made. */
async function untilSettled(spec: SizeRunSpec, result: SizeSplitResult, sent: () => number): Promise<void> {
  const deadline = Date.now() + SETTLE_BOUND_MS;
  let logged = 0;
  for (;;) {
    await sleep(POLL_MS);
    const report = await groupReportOf(spec.endpoint, result.table);
    for (const split of report.splits.slice(logged))
      spec.log(
        `  split ${split.parent} → ${split.children.join(", ")} (${split.reason}) in ${split.at - split.since} ms`,
      );
    logged = report.splits.length;
    if (sent() >= result.items && logged > 0 && splitsSettled(report.partitions, result.splitSizeBytes)) break;
    if (Date.now() > deadline)
      throw new Error(
        `the splits were not done within ${SETTLE_BOUND_MS / 1000} s (${report.partitions.length} partitions, ${logged} splits)`,
      );
  }
  await sleep(TAIL_MS);
}

/**
 * The load on `result.table` (created, one partition), and the check after it; the figures are
 * filled in on `result` as they are taken. Throws when the splits are not done in time.
 */
export async function runSizeSplits(spec: SizeRunSpec, result: SizeSplitResult): Promise<void> {
  const load = startMixedLoad({
    client: spec.client,
    table: result.table,
    concurrency: spec.concurrency,
    items: result.items,
    seed: spec.seed,
  });
  let outcome: MixedLoadOutcome;
  try {
    result.cpu = (await measureCpu(spec.pid, () => untilSettled(spec, result, () => load.sent))).cpu;
  } finally {
    outcome = await load.stop();
    const report = await groupReportOf(spec.endpoint, result.table).catch(() => undefined);
    if (report) {
      result.splits = report.splits;
      result.partitions = report.partitions.length;
    }
    const { requests } = outcome;
    result.load = summarizeSplitLoad(requests, result.splits);
    result.scans = outcome.scans;
    if (requests.length > 0) {
      const first = requests.reduce((t, r) => Math.min(t, r.start), Number.POSITIVE_INFINITY);
      const last = requests.reduce((t, r) => Math.max(t, r.end), 0);
      result.loadSeconds = (last - first) / 1000;
    }
  }
  result.itemsCheck = await checkItems(spec.client, result.table, outcome.acknowledged, spec.concurrency);
  result.scanCheck = checkScan(await scanAll(spec.client, result.table), new Set(outcome.acknowledged.keys()));
}
