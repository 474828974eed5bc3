/**
 * The failover phase: on a separate instance of the server (admin API on, every table one
 * replication group), one SDK writer puts items continuously while each round crashes the
 * group's leader and times how long it takes until a write succeeds again (issue 4's goal:
 * under 2 s with the default settings). The crashed member is then restarted and the group
 * left to settle before the next round.
 *
 * A round: wait for a quiet machine; write for STEADY_MS; read the leader from
 * /admin/groups; note t0 and crash it; once a write sent after the crash call returned
 * succeeds (at most BOUND_MS), stop the writer; read the new leader; restart the crashed
 * member and write until every member has applied the leader's commit index (at most
 * SETTLE_MS). The time is ./failover-timeline.ts `failoverWindow`.
 */

import { type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { REPO_ROOT } from "../scripts/server";
import { readWranglerConfig, withVarOverrides } from "../scripts/wrangler-config";
import type { PartitionReport } from "../workers/admin/group-status";
import { groupsOf, injectFault, isSettled, zoneOf } from "./admin-api";
import { measureCpu, type ServerPids } from "./cpu";
import { FAILOVER_GOAL_MS, failoverWindow, summarizeFailover, type WriteEvent } from "./failover-timeline";
import { itemOf, TABLE_NAME } from "./items";
import { onStop } from "./processes";
import { waitForQuiet } from "./quiet";
import { type Random, seededRandom } from "./random";
import type { FailoverResult, FailoverRound } from "./results";
import { benchClient, createBenchTable } from "./sdk";
import type { FailoverServer, RunningTarget, TargetContext } from "./targets/target";

/** How long a round waits for a successful write after the crash. */
export const BOUND_MS = 30_000;
const STEADY_MS = 1_000;
const SETTLE_MS = 15_000;
/** The writer's per-request timeout: a write stuck on the dead leader gives up and is retried. */
const REQUEST_TIMEOUT_MS = 5_000;
/** Keys the writer cycles through. */
const KEYS = 4;
/** After a failed write, so that a server failing fast is not flooded; bounds the error this adds. */
const RETRY_PAUSE_MS = 5;
/** The [vars] shown with the figures. */
const SHOWN_VARS = ["REPLICATION_FACTOR", "LEASE_MS", "PEER_TIMEOUT_MS", "WRITE_TIMEOUT_MS", "INITIAL_PARTITIONS"];

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Write events of one round, with waiting for the first that passes a test. */
class Timeline {
  readonly events: WriteEvent[] = [];
  private waiters: { test: (e: WriteEvent) => boolean; done: (found: boolean) => void }[] = [];

  record(event: WriteEvent): void {
    this.events.push(event);
    for (const waiter of this.waiters.filter((w) => w.test(event))) waiter.done(true);
  }

  /** Resolves true when an event passes `test`, false after `ms`. */
  until(test: (e: WriteEvent) => boolean, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), ms);
      const waiter = { test, done: (found: boolean) => done(found) };
      const done = (found: boolean) => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(found);
      };
      this.waiters.push(waiter);
    });
  }
}

interface Session {
  endpoint: string;
  pid: ServerPids;
  client: DynamoDBClient;
  random: Random;
  writes: { ok: number; failed: number };
  /** Writes sent, to cycle through the keys. */
  sent: number;
  log: (message: string) => void;
}

async function put(session: Session): Promise<void> {
  const item = itemOf(session.sent++ % KEYS, session.random);
  await session.client.send(new PutItemCommand({ TableName: TABLE_NAME, Item: item }));
}

/** One closed-loop writer until stopped; stop() resolves once its last write answered. */
function startWriter(session: Session, timeline: Timeline): { stop(): Promise<void> } {
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      const start = performance.now();
      try {
        await put(session);
        session.writes.ok++;
        timeline.record({ start, end: performance.now(), ok: true });
      } catch (error) {
        session.writes.failed++;
        const { name, message } = error as Error;
        timeline.record({ start, end: performance.now(), ok: false, error: `${name}: ${message}` });
        await sleep(RETRY_PAUSE_MS);
      }
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      await loop;
    },
  };
}

/** The table's one group, polled until it has a leader (at most `ms`). */
async function ledGroup(endpoint: string, ms = 10_000): Promise<PartitionReport & { leader: string }> {
  const deadline = performance.now() + ms;
  for (;;) {
    const partitions = await groupsOf(endpoint, TABLE_NAME);
    if (partitions.length !== 1)
      throw new Error(`expected one partition (INITIAL_PARTITIONS=1), got ${partitions.length}`);
    const [group] = partitions;
    if (group.leader !== null) return group as PartitionReport & { leader: string };
    if (performance.now() > deadline) throw new Error(`the group had no leader within ${ms} ms`);
    await sleep(100);
  }
}

/** Writes (once a second) until the group settles; ms taken, or null after SETTLE_MS. */
async function settle(session: Session): Promise<number | null> {
  const started = performance.now();
  for (let i = 0; performance.now() - started < SETTLE_MS; i++) {
    if (i % 10 === 0) await put(session).catch(() => {});
    await sleep(100);
    const [group] = await groupsOf(session.endpoint, TABLE_NAME);
    if (group && isSettled(group)) return performance.now() - started;
  }
  return null;
}

async function runRound(session: Session, round: number): Promise<FailoverRound> {
  if (!(await waitForQuiet(10_000))) session.log("    (the machine is busy with other processes)");
  const timeline = new Timeline();
  const writer = startWriter(session, timeline);
  let before: PartitionReport & { leader: string };
  let span: { crashAt: number; crashed: number };
  let cpu: FailoverRound["cpu"];
  try {
    await sleep(STEADY_MS);
    before = await ledGroup(session.endpoint);
    const leader = before.leader;
    ({ result: span, cpu } = await measureCpu(session.pid, async () => {
      const crashAt = performance.now();
      await injectFault(session.endpoint, { action: "crash", replica: leader });
      const crashed = performance.now();
      await timeline.until((e) => e.ok && e.start >= crashed, BOUND_MS);
      return { crashAt, crashed };
    }));
  } finally {
    await writer.stop();
  }
  const window = failoverWindow(timeline.events, span.crashAt, span.crashed);
  const [after] = await groupsOf(session.endpoint, TABLE_NAME);
  await injectFault(session.endpoint, { action: "restart", replica: before.leader });
  const catchUpMs = await settle(session);
  return {
    round,
    crashed: before.leader,
    termBefore: before.epoch,
    newLeader: after?.leader ?? null,
    termAfter: after?.epoch ?? null,
    failoverMs: window.failoverMs,
    crashCallMs: span.crashed - span.crashAt,
    failedWrites: window.failedWrites,
    ...(window.firstError === undefined ? {} : { firstError: window.firstError }),
    catchUpMs,
    cpu,
  };
}

function describeRound(r: FailoverRound): string {
  const seconds = (ms: number | null) => (ms === null ? "–" : `${(ms / 1000).toFixed(2)} s`);
  return (
    `failover ${r.round}: crashed ${zoneOf(r.crashed)} (term ${r.termBefore}) → ${zoneOf(r.newLeader)} (term ${r.termAfter}):` +
    ` first write after ${r.failoverMs === null ? `none within ${BOUND_MS / 1000} s` : seconds(r.failoverMs)},` +
    ` ${r.failedWrites} failed${r.firstError ? ` (${r.firstError.split("\n")[0]})` : ""}; caught up in ${seconds(r.catchUpMs)}`
  );
}

/** The replication settings the failover server runs with. */
async function effectiveVars(overrides: Record<string, string>): Promise<Record<string, string>> {
  const vars = withVarOverrides((await readWranglerConfig(REPO_ROOT)).vars, overrides);
  return Object.fromEntries(SHOWN_VARS.filter((name) => name in vars).map((name) => [name, String(vars[name])]));
}

/**
 * Starts the failover server, runs `rounds` leader crashes and stops it. At exit: the rounds
 * measured; a failure part way is recorded in `error` rather than thrown.
 */
export async function measureFailover(
  server: FailoverServer,
  context: TargetContext,
  settings: { rounds: number; seed: number },
): Promise<FailoverResult> {
  const { log } = context;
  const result: FailoverResult = {
    vars: {},
    boundMs: BOUND_MS,
    rounds: [],
    summary: summarizeFailover([], FAILOVER_GOAL_MS),
    writes: { ok: 0, failed: 0 },
  };
  let running: RunningTarget | undefined;
  let client: DynamoDBClient | undefined;
  const forget = onStop(async () => running?.stop());
  try {
    result.vars = await effectiveVars(server.vars);
    log("failover: starting a separate instance (admin API on, one partition)");
    running = await server.start(context);
    client = benchClient(running.endpoint, 1, REQUEST_TIMEOUT_MS);
    await createBenchTable(client);
    const session: Session = {
      endpoint: running.endpoint,
      pid: running.pid,
      client,
      random: seededRandom(settings.seed + 2_000),
      writes: result.writes,
      sent: 0,
      log,
    };
    await put(session);
    if ((await settle(session)) === null) throw new Error(`the group did not settle within ${SETTLE_MS} ms`);
    for (let round = 1; round <= settings.rounds; round++) {
      const measured = await runRound(session, round);
      result.rounds.push(measured);
      log(describeRound(measured));
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`✗ failover: ${result.error}`);
  } finally {
    client?.destroy();
    await running?.stop();
    forget();
  }
  result.summary = summarizeFailover(
    result.rounds.map((r) => r.failoverMs),
    FAILOVER_GOAL_MS,
  );
  return result;
}
