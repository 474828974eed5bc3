/**
 * Who votes in a replication group, and how that changes when a member stays unreachable.
 *
 * The voters are part of the log: a `members` record changes them, one member at a time (Raft's
 * single-server changes, so any two majorities of consecutive configurations intersect), and
 * every member uses the latest `members` record in its log, committed or not. A truncated record
 * takes its configuration with it.
 *
 * The leader drives the changes on the request path, one at a time, each after the previous
 * one committed, never with more than three voters:
 * - a voter unreachable for `logReplicaAfterMs` is removed, then a log-only replica (holding the
 *   log, not the items) in another zone is added, so a write again needs 2 of 3;
 * - when the missing member is back and has caught up (as a learner), the log replica is
 *   removed and the member added again; the log replica then drops its log.
 */
import type { ReplicaRef } from "./protocol";
import type { ReplicaStorage } from "./storage";

/** The voters from `lsn` on. */
export interface Configuration {
  lsn: number;
  voters: ReplicaRef[];
}

/**
 * A member's configurations by the `members` records in its log, oldest first, persisted in its
 * state; none recorded means the home members vote. Kept from the one in force at the applied
 * index on, so a truncated record's configuration can be dropped and the previous one found.
 */
export class Configurations {
  private list: Configuration[];

  constructor(private readonly store: ReplicaStorage) {
    this.list = store.getState<Configuration[]>("members") ?? [];
  }

  /** The voters in force now: by the latest record, committed or not. */
  current(home: ReplicaRef[]): ReplicaRef[] {
    return this.list.at(-1)?.voters ?? home;
  }

  /** The voters in force at `lsn`. */
  at(lsn: number, home: ReplicaRef[]): ReplicaRef[] {
    return this.list.findLast((c) => c.lsn <= lsn)?.voters ?? home;
  }

  /** A `members` record appended at `lsn`; those before the one in force at `applied` go. */
  add(lsn: number, voters: ReplicaRef[], applied: number): void {
    const inForce = this.list.findLastIndex((c) => c.lsn <= applied);
    this.save([...this.list.slice(Math.max(0, inForce)), { lsn, voters }]);
  }

  /** The records from `lsn` on were truncated. */
  dropFrom(lsn: number): void {
    const kept = this.list.filter((c) => c.lsn < lsn);
    if (kept.length !== this.list.length) this.save(kept);
  }

  /** A snapshot replaced the log: its base's voters are all there is. */
  resetTo(lsn: number, voters: ReplicaRef[] | undefined): void {
    this.save(voters ? [{ lsn, voters }] : []);
  }

  private save(list: Configuration[]): void {
    this.list = list;
    this.store.setState("members", list);
  }
}

/** The log replica standing in for `member`: named after it, in the zone of `host`. */
export function logReplicaFor(member: ReplicaRef, host: ReplicaRef): ReplicaRef {
  return { name: `${member.name}~log`, zone: host.zone, locationHint: host.locationHint };
}

export const isLogReplica = (ref: ReplicaRef) => ref.name.endsWith("~log");

/** What the leader knows when it decides the next change. */
export interface MembershipView {
  /** The group as the partition map names it. */
  home: ReplicaRef[];
  voters: ReplicaRef[];
  leader: string;
  /** Since when (epoch ms) each voter or learner has failed to answer, if it has. */
  failingSince(name: string): number | undefined;
  /** Whether a learner (a home member not voting) holds everything committed. */
  caughtUp(name: string): boolean;
  now: number;
  logReplicaAfterMs: number;
}

export type Change =
  | { kind: "remove"; member: ReplicaRef }
  | { kind: "add"; member: ReplicaRef; logOnly: boolean }
  | { kind: "learn"; member: ReplicaRef; logOnly: boolean };

/**
 * The next membership change, if any. A `learn` change starts shipping the log to a member that
 * does not vote yet; `add` makes it a voter once it has caught up.
 */
export function nextChange(view: MembershipView): Change | undefined {
  const { home, voters, leader, now } = view;
  const voting = new Set(voters.map((v) => v.name));
  const missing = home.filter((m) => !voting.has(m.name));
  const logReplica = voters.find(isLogReplica);
  if (voters.length === 3) {
    // A home member is back and caught up: make room for it by removing the log replica.
    if (logReplica && missing.some((m) => view.caughtUp(m.name) && view.failingSince(m.name) === undefined)) {
      return { kind: "remove", member: logReplica };
    }
    const failing = voters.find((v) => {
      const since = v.name === leader ? undefined : view.failingSince(v.name);
      return since !== undefined && now - since >= view.logReplicaAfterMs;
    });
    // The change commits only on the voters left: all of them must be answering.
    const healthy = (v: ReplicaRef) => v.name === leader || view.failingSince(v.name) === undefined;
    if (!failing || !voters.filter((v) => v !== failing).every(healthy)) return undefined;
    return { kind: "remove", member: failing };
  }
  if (voters.length === 2) {
    const back = missing.find((m) => view.caughtUp(m.name) && view.failingSince(m.name) === undefined);
    if (back) return { kind: "add", member: back, logOnly: false };
    const lost = missing[0];
    if (!lost) return undefined;
    const host = voters.find((v) => v.name !== leader) ?? voters[0];
    const stand = logReplicaFor(lost, host);
    return view.caughtUp(stand.name)
      ? { kind: "add", member: stand, logOnly: true }
      : { kind: "learn", member: stand, logOnly: true };
  }
  return undefined;
}
