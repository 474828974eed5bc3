/**
 * The leader's upkeep of its group's membership: it carries out membership.ts `nextChange`, one
 * change at a time on the request path (after each commit and write). A voter unreachable for
 * long enough gives way to a log replica (configured here, then brought up to date as a learner
 * before it votes); a returning member takes its place back, and the retired log replica drops
 * its log once the record that removed it is committed. A log replica standing in is reported
 * to the region's metadata object, for autoadmin to replace the lost member for good.
 */
import type { Clock } from "../clock";
import type { Leader } from "./leader";
import { isLogReplica, nextChange } from "./membership";
import type { ReplicaRef } from "./protocol";

/** The leader as upkeep uses it. */
export type LeaderView = Pick<Leader, "commitIndex" | "failingSince" | "caughtUp" | "setMembers" | "replicate">;

export interface UpkeepHost {
  readonly self: string;
  readonly clock: Clock;
  readonly logReplicaAfterMs: number;
  /** The group as the partition map names it. */
  home(): ReplicaRef[];
  /** Who votes now (the latest `members` record). */
  voters(): ReplicaRef[];
  /** The members of the children of a split in progress: shipped the log, never voting (split.ts). */
  splitLearners(): ReplicaRef[];
  /** Whether a split sealed the partition: its membership no longer changes. */
  sealed(): boolean;
  /** Appends a `members` record naming `voters`, in force from its append. At exit: its lsn. */
  appendMembers(voters: ReplicaRef[]): number;
  /** Configures `ref` as a log replica of this group; throws when it cannot be reached. */
  configureLogReplica(ref: ReplicaRef): Promise<void>;
  /** Tells `ref`, a log replica no longer needed, to drop what it holds. */
  drop(ref: ReplicaRef): void;
  /** Tells the region's metadata object that `lost` has been out of the vote since `since`. */
  reportDegraded(lost: ReplicaRef, since: number): void;
  /** Whether `leader` is still this member's leadership. */
  leading(leader: LeaderView): boolean;
}

export class MembershipUpkeep {
  /** The lsn of the change ordered and not yet committed. */
  private changing: number | undefined;
  /** A log replica to drop once the record that removed it (at `lsn`) is committed. */
  private retiring: { lsn: number; ref: ReplicaRef } | undefined;
  /** Log replicas being brought up to date before they vote. */
  private readonly joining = new Map<string, ReplicaRef>();

  constructor(private readonly host: UpkeepHost) {}

  /**
   * Members shipped the log without their votes: home members not voting, joining log replicas,
   * and a split's children.
   */
  learners(): ReplicaRef[] {
    const voting = new Set(this.host.voters().map((v) => v.name));
    return [
      ...this.host.home().filter((m) => !voting.has(m.name)),
      ...this.joining.values(),
      ...this.host.splitLearners(),
    ];
  }

  /** The log replicas among the voters and learners: their snapshots carry no items. */
  logReplicas(): Set<string> {
    return new Set([...this.host.voters(), ...this.joining.values()].filter(isLogReplica).map((r) => r.name));
  }

  /** Tells `leader` whom to ship to and whose votes count, and ships. */
  shipTo(leader: LeaderView): void {
    leader.setMembers(this.host.voters(), this.learners(), this.logReplicas());
    leader.replicate();
  }

  /**
   * Forgets every change in flight: a new leadership starts afresh (a change an earlier one
   * ordered may have been truncated since: its log replica may vote again), and so does a
   * member whose storage was wiped.
   */
  forget(): void {
    this.joining.clear();
    this.changing = undefined;
    this.retiring = undefined;
  }

  /** One step of upkeep by `leader`, ready to serve: finish a committed change, then start the next one. */
  maintain(leader: LeaderView): void {
    const { host } = this;
    if (host.sealed() || host.voters().length + this.learners().length <= 1) return;
    if (this.changing !== undefined && this.changing > leader.commitIndex) return;
    this.changing = undefined;
    if (this.retiring && leader.commitIndex >= this.retiring.lsn) {
      const { ref } = this.retiring;
      this.retiring = undefined;
      host.drop(ref);
    }
    const change = nextChange({
      home: host.home(),
      voters: host.voters(),
      leader: host.self,
      failingSince: (name) => leader.failingSince(name),
      caughtUp: (name) => leader.caughtUp(name),
      now: host.clock.now(),
      logReplicaAfterMs: host.logReplicaAfterMs,
    });
    if (!change) return;
    if (change.kind === "learn") {
      if (!this.joining.has(change.member.name)) void this.startLogReplica(leader, change.member);
      return;
    }
    const voters =
      change.kind === "remove"
        ? host.voters().filter((v) => v.name !== change.member.name)
        : [...host.voters(), change.member];
    this.joining.delete(change.member.name);
    this.changing = host.appendMembers(voters);
    this.shipTo(leader);
    if (change.kind === "remove" && isLogReplica(change.member)) {
      this.retiring = { lsn: this.changing, ref: change.member };
    }
    if (change.kind === "add" && change.logOnly) {
      const lost = host.home().find((m) => `${m.name}~log` === change.member.name);
      if (lost) host.reportDegraded(lost, leader.failingSince(lost.name) ?? host.clock.now());
    }
  }

  /** Configures a log replica and starts shipping it the log (a snapshot base, then records). */
  private async startLogReplica(leader: LeaderView, ref: ReplicaRef): Promise<void> {
    this.joining.set(ref.name, ref);
    try {
      await this.host.configureLogReplica(ref);
    } catch {
      this.joining.delete(ref.name);
      return;
    }
    if (this.host.leading(leader)) this.shipTo(leader);
  }
}
