import { describe, expect, it } from "vitest";
import type { ReplicaRef } from "../../../../workers/replica/protocol";
import { type LeaderView, MembershipUpkeep, type UpkeepHost } from "../../../../workers/replica/upkeep";
import { ManualClock } from "../../../helpers/manual-clock";

const ref = (name: string, zone = `zone-${name}`): ReplicaRef => ({ name, zone, locationHint: `hint-${name}` });
const names = (refs: Iterable<ReplicaRef | string>) =>
  [...refs].map((r) => (typeof r === "string" ? r : r.name)).sort();

const LOG_REPLICA_AFTER_MS = 300;

/** The leader as upkeep sees it: a commit index, followers' health and progress the test sets, what it was told. */
class FakeLeader implements LeaderView {
  commitIndex = 0;
  readonly failing = new Map<string, number>();
  readonly caught = new Set<string>();
  readonly memberships: { voters: string[]; learners: string[]; logOnly: string[] }[] = [];
  replications = 0;

  failingSince(name: string): number | undefined {
    return this.failing.get(name);
  }

  caughtUp(name: string): boolean {
    return this.caught.has(name);
  }

  setMembers(voters: ReplicaRef[], learners: ReplicaRef[], logOnly: ReadonlySet<string> = new Set()): void {
    this.memberships.push({ voters: names(voters), learners: names(learners), logOnly: names(logOnly) });
  }

  replicate(): void {
    this.replications++;
  }

  /** What it was told last. */
  get shipping() {
    return this.memberships.at(-1);
  }
}

/** The leader's member: home a, b, c (a leads), the voters its `members` records name, and what it asked of others. */
class FakeHost implements UpkeepHost {
  readonly self = "a";
  readonly clock = new ManualClock();
  readonly logReplicaAfterMs = LOG_REPLICA_AFTER_MS;
  group = [ref("a"), ref("b"), ref("c")];
  current: ReplicaRef[] = this.group;
  lsn = 10;
  readonly appended: { lsn: number; voters: string[] }[] = [];
  readonly configured: ReplicaRef[] = [];
  /** How a configure call ends: resolved by default. */
  configure: (ref: ReplicaRef) => Promise<void> = async () => undefined;
  readonly dropped: string[] = [];
  readonly degraded: { lost: string; since: number }[] = [];
  leadingNow = true;

  home(): ReplicaRef[] {
    return this.group;
  }

  voters(): ReplicaRef[] {
    return this.current;
  }

  splitLearners(): ReplicaRef[] {
    return [];
  }

  sealed(): boolean {
    return false;
  }

  appendMembers(voters: ReplicaRef[]): number {
    this.current = voters;
    this.lsn++;
    this.appended.push({ lsn: this.lsn, voters: names(voters) });
    return this.lsn;
  }

  configureLogReplica(ref: ReplicaRef): Promise<void> {
    this.configured.push(ref);
    return this.configure(ref);
  }

  drop(ref: ReplicaRef): void {
    this.dropped.push(ref.name);
  }

  reportDegraded(lost: ReplicaRef, since: number): void {
    this.degraded.push({ lost: lost.name, since });
  }

  leading(): boolean {
    return this.leadingNow;
  }
}

function setup() {
  const host = new FakeHost();
  const leader = new FakeLeader();
  leader.commitIndex = host.lsn;
  const upkeep = new MembershipUpkeep(host);
  /** One step of upkeep, and the promises it started settled. */
  const maintain = async () => {
    upkeep.maintain(leader);
    await host.clock.advance(0);
  };
  return { host, leader, upkeep, maintain };
}

/** c has failed for long enough and was removed; the record that removed it is committed. */
async function withoutC() {
  const s = setup();
  s.leader.failing.set("c", s.host.clock.now());
  await s.host.clock.advance(LOG_REPLICA_AFTER_MS);
  await s.maintain();
  s.leader.commitIndex = s.host.lsn;
  return { ...s, since: s.host.clock.now() - LOG_REPLICA_AFTER_MS };
}

/** c's log replica was configured, caught up and added as a voter; the record is committed. */
async function withLogReplica() {
  const s = await withoutC();
  await s.maintain();
  s.leader.caught.add("c~log");
  await s.maintain();
  s.leader.commitIndex = s.host.lsn;
  return s;
}

describe("a voter that stays unreachable", () => {
  it("is removed once it has failed for logReplicaAfterMs, not before", async () => {
    const { host, leader, maintain } = setup();
    leader.failing.set("c", host.clock.now());
    await host.clock.advance(LOG_REPLICA_AFTER_MS - 1);
    await maintain();
    expect(host.appended).toEqual([]);

    await host.clock.advance(1);
    await maintain();
    expect(host.appended).toEqual([{ lsn: 11, voters: ["a", "b"] }]);
  });

  it("is shipped to as a learner once removed", async () => {
    const { leader } = await withoutC();
    expect(leader.shipping).toEqual({ voters: ["a", "b"], learners: ["c"], logOnly: [] });
    expect(leader.replications).toBe(1);
  });

  it("is not removed when it answers again before then", async () => {
    const { host, leader, maintain } = setup();
    leader.failing.set("c", host.clock.now());
    await host.clock.advance(LOG_REPLICA_AFTER_MS - 1);
    leader.failing.delete("c");
    await host.clock.advance(LOG_REPLICA_AFTER_MS);
    await maintain();
    expect(host.appended).toEqual([]);
  });
});

describe("a log replica standing in", () => {
  it("is configured in the zone of the other voter once the removal committed", async () => {
    const { host, maintain } = await withoutC();
    expect(host.configured).toEqual([]);
    await maintain();
    expect(host.configured).toEqual([{ name: "c~log", zone: "zone-b", locationHint: "hint-b" }]);
    expect(host.appended).toHaveLength(1);
  });

  it("is shipped to as a learner (with the missing member) once configured", async () => {
    const { leader, maintain, upkeep } = await withoutC();
    await maintain();
    expect(leader.shipping).toEqual({ voters: ["a", "b"], learners: ["c", "c~log"], logOnly: ["c~log"] });
    expect(names(upkeep.learners())).toEqual(["c", "c~log"]);
    expect(names(upkeep.logReplicas())).toEqual(["c~log"]);
  });

  it("is configured once while its configuration is under way", async () => {
    const { host, maintain } = await withoutC();
    let finish: () => void = () => undefined;
    host.configure = () => new Promise<void>((resolve) => (finish = resolve));
    await maintain();
    await maintain();
    await maintain();
    expect(host.configured.map((r) => r.name)).toEqual(["c~log"]);
    finish();
    await host.clock.advance(0);
  });

  it("is not shipped to when its configuration ends after the leadership did", async () => {
    const { host, leader, maintain } = await withoutC();
    let finish: () => void = () => undefined;
    host.configure = () => new Promise<void>((resolve) => (finish = resolve));
    await maintain();
    const told = leader.memberships.length;
    host.leadingNow = false;
    finish();
    await host.clock.advance(0);
    expect(leader.memberships).toHaveLength(told);
  });

  it("leaves the joining set when its configuration fails, and is configured again by the next step", async () => {
    const { host, upkeep, leader, maintain } = await withoutC();
    let fail: (error: Error) => void = () => undefined;
    host.configure = () => new Promise<void>((_, reject) => (fail = reject));
    await maintain();
    expect(names(upkeep.learners())).toEqual(["c", "c~log"]);
    const told = leader.memberships.length;

    fail(new Error("unreachable"));
    await host.clock.advance(0);
    expect(names(upkeep.learners())).toEqual(["c"]);
    expect(leader.memberships).toHaveLength(told);

    host.configure = async () => undefined;
    await maintain();
    expect(host.configured.map((r) => r.name)).toEqual(["c~log", "c~log"]);
    expect(names(upkeep.learners())).toEqual(["c", "c~log"]);
  });

  it("votes once caught up, and the lost member is reported with the time it started failing", async () => {
    const { host, leader, maintain, upkeep, since } = await withoutC();
    await maintain();
    await maintain();
    expect(host.appended).toHaveLength(1); // not caught up yet
    expect(host.degraded).toEqual([]);

    leader.caught.add("c~log");
    await host.clock.advance(1_000);
    await maintain();
    expect(host.appended.at(-1)).toEqual({ lsn: 12, voters: ["a", "b", "c~log"] });
    expect(host.degraded).toEqual([{ lost: "c", since }]);
    expect(names(upkeep.learners())).toEqual(["c"]);
    expect(leader.shipping).toEqual({ voters: ["a", "b", "c~log"], learners: ["c"], logOnly: ["c~log"] });
  });
});

describe("the home member returning", () => {
  it("takes its place back: the log replica is removed, then dropped once that is committed", async () => {
    const { host, leader, maintain } = await withLogReplica();
    leader.failing.delete("c");
    leader.caught.add("c");
    await maintain();
    const removal = host.appended.at(-1)!;
    expect(removal.voters).toEqual(["a", "b"]);
    expect(host.dropped).toEqual([]);

    // Not committed yet: no drop, and no next change.
    leader.commitIndex = removal.lsn - 1;
    await maintain();
    expect(host.dropped).toEqual([]);
    expect(host.appended.at(-1)).toBe(removal);

    leader.commitIndex = removal.lsn;
    await maintain();
    expect(host.dropped).toEqual(["c~log"]);
    expect(host.appended.at(-1)).toEqual({ lsn: removal.lsn + 1, voters: ["a", "b", "c"] });

    // Dropped once only.
    leader.commitIndex = host.lsn;
    await maintain();
    expect(host.dropped).toEqual(["c~log"]);
  });

  // A later leadership of this member must not drop the log replica once its commit index passes
  // the lsn of a removal that was truncated: the log replica still votes.
  it("does not drop a log replica whose removal was truncated: it still votes", async () => {
    const { host, leader, upkeep, maintain } = await withLogReplica();
    leader.failing.delete("c");
    leader.caught.add("c");
    await maintain();
    const removal = host.appended.at(-1)!;
    expect(removal.voters).toEqual(["a", "b"]);

    // The leadership ends before the removal commits; the next leader's records replace it, and
    // this member's voters are those of the record before (membership.ts Configurations.dropFrom).
    host.current = [ref("a"), ref("b"), ref("c~log", "zone-b")];
    leader.caught.delete("c");
    leader.failing.set("c", host.clock.now());
    host.lsn = removal.lsn + 5;

    // This member leads again, with records past the removal's lsn committed.
    upkeep.forget();
    const next = new FakeLeader();
    next.commitIndex = host.lsn;
    upkeep.maintain(next);
    await host.clock.advance(0);
    expect(names(host.voters())).toContain("c~log");
    expect(host.dropped).toEqual([]);
  });

  it("waits until it has caught up", async () => {
    const { host, leader, maintain } = await withLogReplica();
    const appended = host.appended.length;
    leader.failing.delete("c");
    await maintain();
    expect(host.appended).toHaveLength(appended);
  });
});

describe("one change at a time", () => {
  it("starts no change while the last one's record is not committed", async () => {
    const { host, leader, maintain } = setup();
    leader.failing.set("c", host.clock.now());
    await host.clock.advance(LOG_REPLICA_AFTER_MS);
    await maintain();
    const removal = host.appended[0];
    leader.commitIndex = removal.lsn - 1;
    await host.clock.advance(LOG_REPLICA_AFTER_MS);
    await maintain();
    expect(host.configured).toEqual([]);
    expect(host.appended).toEqual([removal]);

    leader.commitIndex = removal.lsn;
    await maintain();
    expect(host.configured.map((r) => r.name)).toEqual(["c~log"]);
  });

  it("a new leadership forgets the log replicas joining and configures them again", async () => {
    const { host, upkeep, maintain } = await withoutC();
    await maintain();
    expect(names(upkeep.learners())).toEqual(["c", "c~log"]);

    upkeep.forget();
    expect(names(upkeep.learners())).toEqual(["c"]);
    const next = new FakeLeader();
    next.commitIndex = host.lsn + 1; // its noop committed: it is ready
    upkeep.maintain(next);
    await host.clock.advance(0);
    expect(host.configured.map((r) => r.name)).toEqual(["c~log", "c~log"]);
    expect(next.shipping).toEqual({ voters: ["a", "b"], learners: ["c", "c~log"], logOnly: ["c~log"] });
  });
});

describe("a group of one", () => {
  it("has nothing to keep up", async () => {
    const { host, leader, maintain } = setup();
    host.group = [ref("a")];
    host.current = host.group;
    leader.failing.set("b", host.clock.now());
    await host.clock.advance(LOG_REPLICA_AFTER_MS * 10);
    await maintain();
    expect(host.appended).toEqual([]);
    expect(host.configured).toEqual([]);
    expect(leader.memberships).toEqual([]);
  });
});
