/**
 * Splitting a partition: its range divided between children, each a replication group of its own,
 * with no request failing or answered wrongly meanwhile (the metadata side: workers/metadata/splits.ts).
 *
 * - **Learning.** Autoadmin configures the children's members as learners of the parent's group
 *   (the parent's configuration, their own place as `self`) and the parent's members with them as
 *   `learners`: the parent's leader ships them a snapshot and its log, without their votes, while
 *   it keeps serving.
 * - **The split record.** Once every child has a majority caught up, the parent's leader seals the
 *   partition (it takes no new request: "wrong partition", so routers refresh their map and retry),
 *   waits until what it ordered is committed and delivered to the global indexes and other
 *   regions, and orders a `split` record: the children, their ranges, members and stats. The
 *   record ends the parent's log: its members order nothing else (a new leader's term opens with
 *   a copy of it, so that it commits) and refuse every request from then on.
 * - **The children.** A child's member that applies the record keeps the items, tombstones, local
 *   index entries and holds of its range, takes the child's configuration and votes with the
 *   child's members from the record on; it no longer takes the parent's messages. The children
 *   elect their leaders; a member still behind gets the rest from its own group's leader. Their
 *   feeding of global indexes and shipping to other regions starts at the record (the parent
 *   delivered everything before it).
 *
 * A crash before the record is committed leaves the parent serving (autoadmin asks again); once it
 * is committed, the children serve and autoadmin publishes the map that names them.
 */
import type { WireError } from "../../shared/api/errors";
import { nextHash } from "../../shared/keys/partition-hash";
import { type Clock, sleep } from "../clock";
import type { CommitOutcome } from "./leader";
import type { LogRecord, SplitChild } from "./log-record";
import {
  type ReplicaConfig,
  type ReplicaStats,
  type Reply,
  SPLIT_NOT_READY,
  SPLIT_UNSETTLED,
  type SplitRequest,
} from "./protocol";
import { majority } from "./quorum";
import type { ReplicaStorage } from "./storage";

export type SplitRecord = Extract<LogRecord, { kind: "split" }>;

/** The latest `split` record in a member's log, persisted in its state. */
export class SplitMark {
  private mark: { lsn: number; record: SplitRecord } | undefined;

  constructor(private readonly store: Pick<ReplicaStorage, "getState" | "setState">) {
    this.mark = store.getState<{ lsn: number; record: SplitRecord }>("split") ?? undefined;
  }

  get latest(): { lsn: number; record: SplitRecord } | undefined {
    return this.mark;
  }

  /** A split record was appended at `lsn`. */
  appended(lsn: number, record: SplitRecord): void {
    this.save({ lsn, record });
  }

  /** The records from `lsn` on were truncated. */
  truncatedFrom(lsn: number): void {
    if (this.mark && this.mark.lsn >= lsn) this.save(undefined);
  }

  /** A snapshot replaced the log (a sealed partition ships none). */
  reset(): void {
    if (this.mark) this.save(undefined);
  }

  private save(mark: { lsn: number; record: SplitRecord } | undefined): void {
    this.mark = mark;
    this.store.setState("split", mark ?? null);
  }
}

/** The child of `record` that `member` belongs to, if any. */
export function childOf(record: SplitRecord, member: string): SplitChild | undefined {
  return record.children.find((c) => c.members.some((m) => m.name === member));
}

/**
 * The configuration of a member of `child`, which applied `record` at `lsn` under the parent's
 * `config`; `parentMembers` are the parent's members (home and voting), whose messages it refuses
 * from then on.
 */
export function childConfig(
  config: ReplicaConfig,
  record: SplitRecord,
  child: SplitChild,
  lsn: number,
  parentMembers: string[],
): ReplicaConfig {
  const { self: _self, learners: _learners, ...kept } = config;
  return {
    ...kept,
    partitionId: child.id,
    low: child.low,
    high: child.high,
    members: child.members,
    mapVersion: record.mapVersion,
    parent: { id: config.partitionId, members: parentMembers, lsn },
  };
}

/** What the leader's part of a split uses (member.ts builds it from its leadership). */
export interface SplitLeader {
  readonly clock: Clock;
  /** How long the leader waits for its records to be committed and delivered. */
  readonly timeoutMs: number;
  /** Whether the leadership is still the member's. */
  active(): boolean;
  config(): ReplicaConfig | undefined;
  /** The last lsn in the log. */
  last(): number;
  /** Ships what was ordered and waits until `lsn` is committed. */
  quorum(lsn: number): Promise<CommitOutcome>;
  /** Applies what is committed. */
  applyCommitted(): void;
  /** Whether `member`, a learner, holds everything committed (within a batch). */
  caughtUp(member: string): boolean;
  /** Whether transactions hold items here. */
  holding(): boolean;
  /** Whether every global index and other region has acknowledged the records up to `lsn`; kicks their delivery. */
  delivered(lsn: number): boolean;
  /** The stats of the items in [low, high]. */
  rangeStats(low: string, high: string): ReplicaStats;
  /** Appends the split record (its stats added). At exit: its lsn. */
  order(record: Omit<SplitRecord, "stats">): number;
}

/** Why a split cannot be ordered yet (its learners, holds): autoadmin asks again soon. */
const notYet = (message: string): { ok: false; error: WireError } => ({
  ok: false,
  error: { type: SPLIT_NOT_READY, message },
});

/**
 * Why a sealed partition did not order its split in time: it serves again, and autoadmin asks at
 * its next round, not at once (each try holds the partition's requests back while it lasts).
 */
const unsettled = (message: string): { ok: false; error: WireError } => ({
  ok: false,
  error: { type: SPLIT_UNSETTLED, message },
});

/**
 * Why `request` cannot be ordered now, if it cannot: its children must cover the range, a
 * majority of each must hold the log, and nothing may be in flight that a split would cut.
 */
export function splitRefusal(leader: SplitLeader, request: SplitRequest): { ok: false; error: WireError } | undefined {
  const config = leader.config();
  if (!config) return notYet("not configured");
  const { children } = request;
  const covers =
    children.length >= 2 &&
    children[0].low === config.low &&
    children[children.length - 1].high === config.high &&
    children.every((c, i) => c.low <= c.high && (i === 0 || c.low === nextHash(children[i - 1].high)));
  if (!covers) return { ok: false, error: { type: "ValidationException", message: "children do not cover the range" } };
  if (config.globalIndexes?.some((i) => i.backfill)) return notYet("a global index is being backfilled");
  if (leader.holding()) return notYet("transactions hold items");
  const behind = children.find(
    (c) => c.members.filter((m) => leader.caughtUp(m.name)).length < majority(c.members.length),
  );
  return behind ? notYet(`${behind.id} is catching up`) : undefined;
}

/**
 * Orders `request`'s split record as the partition's leader, sealed by the caller: once what it
 * ordered before is committed, applied and delivered, it appends the record and waits for its
 * quorum. At exit: the record's lsn, committed, or why not (the partition stays sealed once the
 * record is appended: autoadmin asks again and gets it).
 */
export async function orderSplit(leader: SplitLeader, request: SplitRequest): Promise<Reply<{ lsn: number }>> {
  const deadline = leader.clock.now() + leader.timeoutMs;
  // Other regions' changes are still taken while sealing (they are not shipped back): the records
  // before the split record are whatever the log holds once everything in it is delivered.
  for (;;) {
    const last = leader.last();
    if ((await leader.quorum(last)) !== "committed") return unsettled("records not committed");
    leader.applyCommitted();
    while (!leader.delivered(last)) {
      if (leader.clock.now() > deadline || !leader.active()) return unsettled("records not delivered");
      await sleep(leader.clock, 20);
    }
    if (leader.last() === last) break;
    if (leader.clock.now() > deadline) return unsettled("records still coming");
  }
  if (!leader.active() || leader.holding()) return unsettled("leadership changed");
  const children = request.children.map((c) => ({ ...c, stats: leader.rangeStats(c.low, c.high) }));
  const lsn = leader.order({ kind: "split", mapVersion: request.mapVersion, children });
  if ((await leader.quorum(lsn)) !== "committed") return unsettled("split record not committed");
  leader.applyCommitted();
  return { ok: true, lsn };
}
