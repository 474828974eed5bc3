/**
 * The splits phase: partitions splitting under load, each part on a separate instance of the
 * server with the admin API on (`GET /admin/groups` gives a table's partitions and the history of
 * its splits: when each was asked for and when the map naming its children was published) and
 * one partition per table.
 * - Size (./split-size.ts): a table loaded past a small SPLIT_SIZE_BYTES while a closed-loop mixed
 *   load (PutItem, strongly consistent GetItem, Scan pages) runs from before the first split is
 *   asked for until after the last is done. Each split's duration, the requests that failed
 *   (issue's goal: none), the latency before, during and after the splits, and afterwards every
 *   acknowledged item read back and a full Scan checked: each item exactly once.
 * - Heat (./split-heat.ts): a table under hot PutItems on a server with a low partition write
 *   limit: acknowledged writes per second in a window before its split for heat and in one after
 *   (issue's goal: at least 1.7× after one split), with no second split meanwhile.
 */

import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { waitForQuiet } from "./quiet";
import type { HeatSplitResult, SizeSplitResult, SplitsResult } from "./results";
import { createBenchTable } from "./sdk";
import { type InstanceContext, onSeparateInstance } from "./separate-instance";
import { heatRatio, itemsFor, splitDurations } from "./split-figures";
import { HEAT_KEYS, runHeatSplit, SETTLE_MS, THROTTLED_PAUSE_MS } from "./split-heat";
import { LOAD_MIX, SCAN_LIMIT } from "./split-load";
import { runSizeSplits, TAIL_MS } from "./split-size";
import type { RunningTarget, SplitPart, SplitsServer, TargetContext } from "./targets/target";

/** The tables of the parts. */
export const SPLIT_TABLES: Record<SplitPart, string> = { size: "usertable_split_size", heat: "usertable_split_heat" };

/** What the phase needs of the run (measure-target.ts's context, which imports this module). */
export type SplitsContext = InstanceContext;

const ms = (value: number | null | undefined) => (value === null || value === undefined ? "–" : value.toFixed(0));

/** Runs `measure` on `part`'s own instance, once its table is created and the machine quiet. */
function onInstance<T extends { error?: string }>(
  server: SplitsServer,
  part: SplitPart,
  targetContext: TargetContext,
  context: SplitsContext,
  result: T,
  measure: (running: RunningTarget, client: DynamoDBClient) => Promise<void>,
): Promise<T> {
  return onSeparateInstance("splits", server, part, targetContext, context, result, async (running, client) => {
    await createBenchTable(client, SPLIT_TABLES[part]);
    if (!(await waitForQuiet(10_000))) context.log("    (the machine is busy with other processes)");
    await measure(running, client);
  });
}

async function measureSize(
  server: SplitsServer,
  targetContext: TargetContext,
  context: SplitsContext,
): Promise<SizeSplitResult> {
  const { options, log } = context;
  const vars = server.vars.size;
  const splitSizeBytes = Number(vars.SPLIT_SIZE_BYTES);
  const result: SizeSplitResult = {
    vars,
    table: SPLIT_TABLES.size,
    splitSizeBytes,
    items: itemsFor(splitSizeBytes),
    concurrency: options.concurrency,
    mix: { ...LOAD_MIX },
    scanLimit: SCAN_LIMIT,
    tailMs: TAIL_MS,
    splits: [],
    partitions: 1,
  };
  await onInstance(server, "size", targetContext, context, result, (running, client) =>
    runSizeSplits(
      {
        client,
        endpoint: running.endpoint,
        pid: running.pid,
        concurrency: options.concurrency,
        seed: options.seed + 7_100,
        log,
      },
      result,
    ),
  );
  const durations = splitDurations(result.splits);
  const load = result.load;
  log(
    `  size: ${durations.splits} splits into ${result.partitions} partitions, p50 ${ms(durations.p50Ms)} ms, max ${ms(durations.maxMs)} ms;` +
      ` ${load?.requests ?? 0} requests, ${load?.failed ?? 0} failed (${load?.failedDuring ?? 0} during the splits)` +
      (load?.firstError ? `, first: ${load.firstError.split("\n")[0]}` : ""),
  );
  const items = result.itemsCheck;
  const scan = result.scanCheck;
  if (items && scan)
    log(
      `  size, after: ${items.items} acknowledged items, ${items.unreadable} unreadable, ${items.wrongValue} with another value;` +
        ` a full Scan returned ${scan.returned} (${scan.duplicates} twice, ${scan.missing} missing, ${scan.unacknowledged} never acknowledged)`,
    );
  return result;
}

async function measureHeat(
  server: SplitsServer,
  targetContext: TargetContext,
  context: SplitsContext,
): Promise<HeatSplitResult> {
  const { options, log } = context;
  const result: HeatSplitResult = {
    vars: server.vars.heat,
    table: SPLIT_TABLES.heat,
    concurrency: options.concurrency,
    keys: HEAT_KEYS,
    throttledPauseMs: THROTTLED_PAUSE_MS,
    windowSeconds: options.splitSeconds,
    settleMs: SETTLE_MS,
    splits: [],
    partitions: 1,
  };
  await onInstance(server, "heat", targetContext, context, result, (running, client) =>
    runHeatSplit(
      {
        client,
        endpoint: running.endpoint,
        pid: running.pid,
        table: result.table,
        concurrency: options.concurrency,
        windowMs: options.splitSeconds * 1000,
        seed: options.seed + 7_000,
        log,
      },
      result,
    ),
  );
  const { ratio } = heatRatio(result.before, result.after);
  const made = result.splits.length;
  log(
    `  heat: ${ratio === undefined ? "–" : ratio.toFixed(2)}× the writes after the split;` +
      ` when the writes stopped, ${made} split${made === 1 ? "" : "s"} made (${result.splits.map((s) => s.reason).join(", ") || "none"}),` +
      ` ${result.splitting ?? 0} under way, ${result.partitions} partitions`,
  );
  return result;
}

/** The phase's two parts, each on its own instance; a failure is recorded on its part, not thrown. */
export async function measureSplits(
  server: SplitsServer,
  targetContext: TargetContext,
  context: SplitsContext,
): Promise<SplitsResult> {
  return {
    size: await measureSize(server, targetContext, context),
    heat: await measureHeat(server, targetContext, context),
  };
}
