/**
 * The client of a partition's replication group: which member a router, the metadata object
 * or a shipping leader calls. Writes and strong reads go to the leader: cached per group,
 * learned from "not leader" redirects. Eventually consistent reads go to any member, spread at
 * random, or to the caller's own process's when the server runs as several.
 *
 * Failure detection lives here, on the request path, and costs nothing while a group is idle:
 * when the leader cannot be reached, or no member knows one, the router asks another member to
 * campaign. A call refused by the link never reached its member, so it is retried elsewhere; a
 * write that reached its leader and got no answer has an unknown outcome and is not retried.
 * Its time (the deadline, the backoff) and chance (the jitter, the first member of a read) are
 * the link's clock and randomness (workers/clock.ts), so tests drive them.
 */
import { InternalServerError, ServiceUnavailableException } from "../../shared/api/errors";
import { sleep } from "../clock";
import { LinkError } from "../link/faults";
import type { ReplicaArgs, ReplicaCaller, ReplicaResult } from "../link/link";
import { nameProcess } from "../link/placement";
import type { Partition } from "../metadata/partition-map";
import {
  type GetResult,
  type LogPosition,
  NOT_LEADER,
  type ReplicaRef,
  type Reply,
  type WriteResult,
} from "./protocol";
import { parseGetReply, parseWriteReply } from "./replies";

/** The replica methods called on a group's leader (or, for reads, any member): each answers a Reply. */
export type GroupMethod =
  | "get"
  | "write"
  | "query"
  | "scan"
  | "streamRead"
  | "applyRemote"
  | "backfill"
  | "backfillIndex"
  | "backupFreeze"
  | "backupDump"
  | "backupFinish"
  | "backupThaw"
  | "restoreLoad"
  | "pitrStart"
  | "pitrFlush"
  | "split"
  | "tombstoneReport"
  | "collectTombstones"
  | "prepareTransaction"
  | "resolveTransaction"
  | "transactRead"
  | "transactCheck";

/** A method's answer as a Reply: item replies travel as text (./replies.ts) and are parsed here. */
export type GroupReply<M extends GroupMethod> = M extends "get"
  ? Reply<GetResult>
  : M extends "write"
    ? Reply<WriteResult>
    : ReplicaResult<M>;

/** The reads any member may serve eventually. */
export type ReadMethod = "get" | "query" | "scan";

/** A read's request but for `seen`, which the group client fills in (sawWrite). */
export type ReadRequest<M extends ReadMethod> = Omit<ReplicaArgs<M>[0], "seen">;

function replyOf<M extends GroupMethod>(method: M, answer: ReplicaResult<M>): GroupReply<M> {
  if (method === "get") return parseGetReply(answer as string) as GroupReply<M>;
  if (method === "write") return parseWriteReply(answer as string) as GroupReply<M>;
  return answer as GroupReply<M>;
}

/** Calls `method` of `ref`. At exit: its answer as a Reply, or a thrown LinkError. */
async function callMember<M extends GroupMethod>(
  link: ReplicaCaller,
  ref: ReplicaRef,
  method: M,
  args: ReplicaArgs<M>,
): Promise<Reply<unknown>> {
  return replyOf(method, await link.call(ref, method, args)) as Reply<unknown>;
}

/** The leader each group was last seen with, by the group's first member name. Module scope: shared by requests. */
const leaders = new Map<string, string>();
const MAX_LEADERS = 100_000;

/**
 * The latest write each group acknowledged to this isolate, by the group's first member name.
 * Eventually consistent reads carry it and a member that does not reach it refuses, so a
 * client reading through the same router after a write sees it, although a follower may
 * still lack it (the leader ships to the second follower off the write's path).
 */
const seenWrites = new Map<string, LogPosition>();

/** Attempts at one call, and how long the router keeps trying to find a leader. */
const MAX_ATTEMPTS = 12;
const DEADLINE_MS = 8000;

const groupOf = (partition: Partition) => partition.replicas[0].name;

/**
 * The leader the router believes in: the cached one, else the group's first choice: the map's
 * first member, or when the server runs as processes (the link knows which members are local),
 * a member picked by a hash of the group, so that groups' first leaders spread over the processes
 * (every router picks the same one: it is asked first, and campaigns).
 */
export function believedLeader(partition: Partition, link?: ReplicaCaller): string {
  const cached = leaders.get(groupOf(partition));
  if (cached !== undefined) return cached;
  const { replicas } = partition;
  return replicas[link?.local ? nameProcess(groupOf(partition), replicas.length) : 0].name;
}

/**
 * Calls method `method` of the partition's leader with `args`. `retryDelivered`: whether a call
 * that reached the leader and got no answer may be sent again (reads: yes; writes: no, their
 * outcome is unknown).
 * At exit: the leader's reply (any refusal but "not leader"), or a thrown DynamoError.
 */
export async function callLeader<M extends GroupMethod>(
  link: ReplicaCaller,
  partition: Partition,
  method: M,
  args: ReplicaArgs<M>,
  retryDelivered: boolean,
): Promise<GroupReply<M>> {
  const group = groupOf(partition);
  const members = partition.replicas;
  const unreachable = new Set<string>();
  const start = link.clock.now();
  let target: string | undefined = believedLeader(partition, link);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS && link.clock.now() - start < DEADLINE_MS; attempt++) {
    const ref = target === undefined ? undefined : members.find((m) => m.name === target);
    if (!ref) {
      target = await elect(link, members, unreachable);
      if (target === undefined) await backoff(link, attempt, unreachable);
      continue;
    }
    let reply: Reply<unknown>;
    try {
      reply = await callMember(link, ref, method, args);
    } catch (error) {
      if (!(error instanceof LinkError)) throw error;
      forget(group, ref.name);
      // Its outcome unknown, the write is not sent again; the next call looks for the leader afresh.
      if (error.delivered && !retryDelivered) throw new InternalServerError("Internal server error");
      unreachable.add(ref.name);
      target = await elect(link, members, unreachable);
      if (target === undefined) await backoff(link, attempt, unreachable);
      continue;
    }
    if (reply.ok || reply.error.type !== NOT_LEADER) {
      remember(group, ref.name);
      return reply as GroupReply<M>;
    }
    forget(group, ref.name);
    const hint = reply.error.message;
    if (hint && hint !== ref.name && !unreachable.has(hint)) {
      target = hint;
      continue;
    }
    // The member knows no live leader: it is reachable, so it may take over.
    target = await elect(link, members, unreachable, ref);
    if (target === undefined) await backoff(link, attempt, unreachable);
  }
  throw new ServiceUnavailableException("The partition has no reachable leader");
}

/** Remembers `at`, a write of the partition's group acknowledged to this isolate. */
export function sawWrite(partition: Partition, at: LogPosition): void {
  const group = groupOf(partition);
  const seen = seenWrites.get(group);
  if (seen && seen.lsn >= at.lsn) return;
  if (!seen && seenWrites.size >= MAX_LEADERS) seenWrites.clear();
  seenWrites.set(group, at);
}

/** A read's arguments: `request` with `seen`. */
const readArgs = <M extends ReadMethod>(request: ReadRequest<M>, seen: LogPosition | undefined) =>
  [{ ...request, seen }] as ReplicaArgs<M>;

/** Where an eventually consistent read starts: a member in the caller's own process if any (at random among them), else any. */
function firstMember(link: ReplicaCaller, members: readonly ReplicaRef[]): number {
  if (members.length === 1) return 0;
  const local = link.local ? members.flatMap((ref, i) => (link.local?.(ref) ? [i] : [])) : [];
  if (local.length > 0) return local[Math.floor(link.random() * local.length)];
  return Math.floor(link.random() * members.length);
}

/**
 * Calls any member for an eventually consistent read, starting at one in the caller's process
 * (an application reads in its own zone) or a random one, and moving on from members that are
 * unreachable or behind. The request carries the latest write this isolate saw acknowledged by
 * the group (sawWrite).
 */
export async function callAny<M extends ReadMethod>(
  link: ReplicaCaller,
  partition: Partition,
  method: M,
  request: ReadRequest<M>,
): Promise<GroupReply<M>> {
  const members = partition.replicas;
  const args = readArgs<M>(request, seenWrites.get(groupOf(partition)));
  const first = firstMember(link, members);
  for (let i = 0; i < members.length; i++) {
    const ref = members[(first + i) % members.length];
    try {
      const reply = await callMember(link, ref, method, args);
      if (reply.ok || reply.error.type !== NOT_LEADER) return reply as GroupReply<M>;
    } catch (error) {
      if (!(error instanceof LinkError)) throw error;
    }
  }
  // No member could serve it eventually: the leader serves it strongly, or says why not.
  return callLeader(link, partition, method, args, true);
}

/** A read: from the leader when `consistent` (no `seen`), else from any member. */
export function callGroup<M extends ReadMethod>(
  link: ReplicaCaller,
  partition: Partition,
  consistent: boolean,
  method: M,
  request: ReadRequest<M>,
): Promise<GroupReply<M>> {
  return consistent
    ? callLeader(link, partition, method, readArgs<M>(request, undefined), true)
    : callAny(link, partition, method, request);
}

/**
 * Asks a reachable member — `preferred` first — to campaign. At exit: the leader it names, or
 * undefined when no election succeeded (a split vote, or no majority reachable).
 */
async function elect(
  link: ReplicaCaller,
  members: ReplicaRef[],
  unreachable: Set<string>,
  preferred?: ReplicaRef,
): Promise<string | undefined> {
  const candidates = preferred ? [preferred, ...members.filter((m) => m !== preferred)] : members;
  for (const candidate of candidates) {
    if (unreachable.has(candidate.name)) continue;
    try {
      const result = await link.call(candidate, "campaign", []);
      if (result.leader !== undefined && !unreachable.has(result.leader)) return result.leader;
    } catch (error) {
      if (!(error instanceof LinkError)) throw error;
      unreachable.add(candidate.name);
    }
  }
  return undefined;
}

/** Waits a little, more on each attempt (jittered), and lets unreachable members be tried again. */
async function backoff(link: ReplicaCaller, attempt: number, unreachable: Set<string>): Promise<void> {
  unreachable.clear();
  await sleep(link.clock, backoffMs(attempt, link.random()));
}

/** The wait after failed attempt `attempt`, `draw` in [0, 1): 10 ms doubling up to 500 ms, times 0.5 to 1.5. */
function backoffMs(attempt: number, draw: number): number {
  return Math.min(500, 10 * 2 ** attempt) * (0.5 + draw);
}

function remember(group: string, leader: string): void {
  if (leaders.get(group) === leader) return;
  if (leaders.size >= MAX_LEADERS) leaders.clear();
  leaders.set(group, leader);
}

function forget(group: string, leader: string): void {
  if (leaders.get(group) === leader) leaders.delete(group);
}
