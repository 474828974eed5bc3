/**
 * The heat split (bench/splits.ts): a table of one partition on a server with a low partition
 * write limit, under hot PutItems spread uniformly over HEAT_KEYS keys, measured in a window
 * before its split for heat and in one after.
 *
 * The writes: `concurrency` closed-loop clients sharing one SDK client (no retries), each putting
 * an item of one write unit (9 fields × 100 B, under 1 KB) on a random key as soon as its previous
 * write answered; a throttled write (ProvisionedThroughputExceededException or
 * ThrottlingException) is counted and sent again after THROTTLED_PAUSE_MS. Every answer's time is
 * kept, so that any window of the run can be counted afterwards (./split-figures.ts heatWindow).
 *
 * The run: WARMUP_MS of writes; the window before; writes until the admin API's history holds the
 * first split (its reason must be heat) and every partition has a leader; SETTLE_MS more (routers
 * move to the new map); the window after. Every POLL_MS of the windows the admin API is read, and
 * a window ends early, at its asking, if a split is asked for meanwhile: the figures are those of
 * one partition, then of exactly two. SPLIT_HEAT_SECONDS on the server is longer than SETTLE_MS and a
 * window, so that the two children do not stay hot long enough to split again.
 */

import { type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { groupReportOf } from "./admin-api";
import { measureCpu, type ServerPids } from "./cpu";
import { itemOf } from "./items";
import { randomInt, seededRandom } from "./random";
import type { HeatSplitResult, HeatSplitWindow } from "./results";
import { heatWindow } from "./split-figures";
import { epochNow } from "./split-load";

/** Keys the hot writes are spread over, uniformly. */
export const HEAT_KEYS = 10_000;
/** The pause before a throttled write is sent again. */
export const THROTTLED_PAUSE_MS = 10;
const WARMUP_MS = 1_000;
/** After the split, before the window after. */
export const SETTLE_MS = 1_000;
const POLL_MS = 250;
/** How long the run waits for the split. */
export const SPLIT_BOUND_MS = 60_000;

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const THROTTLED = new Set(["ProvisionedThroughputExceededException", "ThrottlingException"]);

/** The answer times (epoch ms) of the hot writes. */
interface Answers {
  acknowledged: number[];
  throttled: number[];
  errors: number[];
  firstError?: string;
}

/** The writes until stopped; stop() resolves once every client's last write answered. */
function startHotWrites(client: DynamoDBClient, table: string, concurrency: number, seed: number) {
  const answers: Answers = { acknowledged: [], throttled: [], errors: [] };
  let stopping = false;
  const writer = async (index: number) => {
    const random = seededRandom(seed * 1_000 + index);
    while (!stopping) {
      const item = itemOf(randomInt(random, HEAT_KEYS), random);
      // Nine fields: under 1 KB, one write unit.
      delete item.field9;
      for (;;) {
        try {
          await client.send(new PutItemCommand({ TableName: table, Item: item }));
          answers.acknowledged.push(epochNow());
          break;
        } catch (error) {
          const { name, message } = error as Error;
          if (!THROTTLED.has(name)) {
            answers.errors.push(epochNow());
            answers.firstError ??= `${name}: ${message}`;
            break;
          }
          answers.throttled.push(epochNow());
          if (stopping) break;
          await sleep(THROTTLED_PAUSE_MS);
        }
      }
    }
  };
  const loops = Promise.all(Array.from({ length: concurrency }, (_, i) => writer(i)));
  return {
    answers,
    stop: async () => {
      stopping = true;
      await loops;
    },
  };
}

export interface HeatRunSpec {
  client: DynamoDBClient;
  endpoint: string;
  pid: ServerPids;
  table: string;
  concurrency: number;
  windowMs: number;
  seed: number;
  log: (message: string) => void;
}

/** The table's splits made so far, whether every partition has a leader, and how many partitions. */
async function splitState(endpoint: string, table: string) {
  const report = await groupReportOf(endpoint, table);
  return {
    splits: report.splits,
    led: report.partitions.every((p) => p.leader !== null),
    partitions: report.partitions.length,
    /** When each split under way was asked for. */
    asked: report.partitions.flatMap((p) => (p.splitting ? [p.splitting.since] : [])),
  };
}

/**
 * A window of `spec.windowMs` from now, ended at the asking of any split beyond the `made` ones
 * (as soon as the admin API shows one). At exit: its writes and the server's CPU.
 */
async function measureWindow(spec: HeatRunSpec, answers: Answers, made: number): Promise<HeatSplitWindow> {
  const from = epochNow();
  let to = from + spec.windowMs;
  let cutShort = false;
  const { cpu } = await measureCpu(spec.pid, async () => {
    while (epochNow() < to) {
      await sleep(Math.min(POLL_MS, Math.max(0, to - epochNow())));
      const state = await splitState(spec.endpoint, spec.table);
      const asked = [...state.splits.slice(made).map((split) => split.since), ...state.asked];
      if (asked.length > 0) {
        to = Math.max(from, Math.min(to, ...asked));
        cutShort = true;
      }
    }
  });
  return { ...heatWindow(answers, from, to), cutShort, cpu };
}

/**
 * The run on `spec.table` (created, one partition); the figures are filled in on `outcome` as they
 * are taken. Throws when the split does not come in time, or is not for heat.
 */
export async function runHeatSplit(spec: HeatRunSpec, outcome: HeatSplitResult): Promise<void> {
  const writes = startHotWrites(spec.client, spec.table, spec.concurrency, spec.seed);
  try {
    await sleep(WARMUP_MS);
    outcome.before = await measureWindow(spec, writes.answers, 0);
    spec.log(describeWindow("before", outcome.before));
    const waitFrom = epochNow();
    const deadline = waitFrom + SPLIT_BOUND_MS;
    let state = await splitState(spec.endpoint, spec.table);
    while (state.splits.length === 0 || !state.led) {
      if (epochNow() > deadline) throw new Error(`no split within ${SPLIT_BOUND_MS / 1000} s of hot writes`);
      await sleep(POLL_MS);
      state = await splitState(spec.endpoint, spec.table);
    }
    const [split] = state.splits;
    if (split.reason !== "heat") throw new Error(`the first split was for ${split.reason}, not heat`);
    outcome.waitedMs = split.at - waitFrom;
    spec.log(`  split for heat: ${split.parent} → ${split.children.join(", ")} in ${split.at - split.since} ms`);
    await sleep(SETTLE_MS);
    outcome.after = await measureWindow(spec, writes.answers, state.splits.length);
    spec.log(describeWindow("after", outcome.after));
  } finally {
    await writes.stop();
    if (writes.answers.firstError) outcome.firstError = writes.answers.firstError;
    const state = await splitState(spec.endpoint, spec.table).catch(() => undefined);
    if (state) {
      outcome.splits = state.splits;
      outcome.partitions = state.partitions;
      outcome.splitting = state.asked.length;
    }
  }
}

function describeWindow(name: string, w: HeatSplitWindow): string {
  return (
    `  ${name}: ${Math.round(w.opsPerSecond)} writes/s over ${((w.to - w.from) / 1000).toFixed(1)} s` +
    ` (${w.writes} acknowledged, ${w.throttled} throttled, ${w.errors} failed)` +
    `${w.cutShort ? ", cut short by a split" : ""}; server CPU ${w.cpu.server.toFixed(1)} s`
  );
}
