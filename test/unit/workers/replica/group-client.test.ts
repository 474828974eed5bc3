/**
 * The replica-group client (workers/replica/group-client.ts) against fake members: calls named
 * as data, leader redirects, and its retries, backoff and deadline on a manual clock.
 */
import { describe, expect, test } from "vitest";
import { InternalServerError, ServiceUnavailableException } from "../../../../shared/api/errors";
import type { Random } from "../../../../workers/clock";
import { sleep } from "../../../../workers/clock";
import { LinkError } from "../../../../workers/link/faults";
import type { ReplicaArgs, ReplicaCaller, ReplicaMethod, ReplicaResult } from "../../../../workers/link/link";
import { HASH_MAX, HASH_MIN, type Partition } from "../../../../workers/metadata/partition-map";
import { believedLeader, callAny, callLeader, sawWrite } from "../../../../workers/replica/group-client";
import { NOT_LEADER, type ReplicaRef } from "../../../../workers/replica/protocol";
import { ManualClock } from "../../../helpers/manual-clock";
import { watch } from "../../../helpers/watch";

type Answer = (name: string, method: string, args: unknown[]) => unknown;

/** Members that answer with `answer`, through a link that records each call and when it was made. */
class FakeLink implements ReplicaCaller {
  readonly calls: { name: string; method: string; args: unknown[]; at: number }[] = [];
  constructor(
    readonly clock: ManualClock,
    readonly random: Random,
    private readonly answer: Answer,
  ) {}

  async call<M extends ReplicaMethod>(ref: ReplicaRef, method: M, args: ReplicaArgs<M>): Promise<ReplicaResult<M>> {
    this.calls.push({ name: ref.name, method, args, at: this.clock.now() });
    return (await this.answer(ref.name, method, args)) as ReplicaResult<M>;
  }

  /** The calls made so far, as `name method`. */
  get log(): string[] {
    return this.calls.map((c) => `${c.name} ${c.method}`);
  }
}

let groups = 0;

/** A partition whose group of three (a, b, c) no other test shares: the client caches leaders per group. */
function partition(): Partition {
  const group = `g${groups++}`;
  const replicas = ["a", "b", "c"].map((m) => ({ name: `${group}-${m}`, zone: `us-east-1${m}`, locationHint: "enam" }));
  return { id: "p0", low: HASH_MIN, high: HASH_MAX, replicas };
}

const member = (p: Partition, name: string) => p.replicas.find((r) => r.name.endsWith(`-${name}`))!.name;
const notLeader = (hint = "") => ({ ok: false, error: { type: NOT_LEADER, message: hint } });
const refused = () => {
  throw new LinkError("unreachable", false);
};
const route = { tableId: "t", mapVersion: 1 };

describe("callLeader: calls as data", () => {
  test("follows a not-leader hint to the leader, remembers it, and parses a get's text reply", async () => {
    const p = partition();
    const [a, b] = [member(p, "a"), member(p, "b")];
    const link = new FakeLink(
      new ManualClock(),
      () => 0,
      (name) => (name === b ? `7 {"pk":{"S":"k"}}` : `!${JSON.stringify(notLeader(b).error)}`),
    );
    const get = { route, key: { pk: { S: "k" } }, consistent: true };
    expect(await callLeader(link, p, "get", [get], true)).toEqual({ ok: true, size: 7, itemJson: `{"pk":{"S":"k"}}` });
    expect(link.log).toEqual([`${a} get`, `${b} get`]);
    expect(link.calls[1].args).toEqual([get]);
    expect(believedLeader(p)).toBe(b);

    await callLeader(link, p, "get", [get], true);
    expect(link.log.slice(2)).toEqual([`${b} get`]);
  });

  test("asks a member to campaign when no member knows a leader, and calls the leader it names", async () => {
    const p = partition();
    const [a, c] = [member(p, "a"), member(p, "c")];
    const link = new FakeLink(
      new ManualClock(),
      () => 0,
      (name, method) => {
        if (method === "campaign") return { term: 2, leader: c };
        return name === c ? { ok: true, applied: 3 } : notLeader();
      },
    );
    const batch = { route, changes: [] };
    expect(await callLeader(link, p, "applyRemote", [batch], true)).toEqual({ ok: true, applied: 3 });
    expect(link.log).toEqual([`${a} applyRemote`, `${a} campaign`, `${c} applyRemote`]);
  });

  test("a write that reached its leader and got no answer is not sent again: its outcome is unknown", async () => {
    const p = partition();
    const link = new FakeLink(
      new ManualClock(),
      () => 0,
      () => {
        throw new LinkError("no answer", true);
      },
    );
    const write = { route, key: { pk: { S: "k" } }, action: { kind: "delete" as const } };
    await expect(callLeader(link, p, "write", [write], false)).rejects.toBeInstanceOf(InternalServerError);
    expect(link.log).toEqual([`${member(p, "a")} write`]);
  });
});

describe("callLeader: retries on the clock", () => {
  test("with no member reachable it backs off on the clock, 10 ms doubling to 500 ms times the jitter, and gives up after 12 attempts", async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const p = partition();
    const link = new FakeLink(clock, () => 0, refused);
    const call = watch(callLeader(link, p, "backfill", ["eu-west-1"], true));

    await clock.advance(0);
    // The believed leader, then a campaign at each other member; then the first backoff.
    expect(link.log).toEqual([
      `${member(p, "a")} backfill`,
      `${member(p, "b")} campaign`,
      `${member(p, "c")} campaign`,
    ]);
    await clock.advance(9);
    expect(link.calls).toHaveLength(3);
    await clock.advance(1);
    // Every member may be asked again after a backoff.
    expect(link.calls).toHaveLength(6);
    expect(link.calls.slice(3).map((c) => [c.method, c.at - start])).toEqual([
      ["campaign", 10],
      ["campaign", 10],
      ["campaign", 10],
    ]);

    // Jitter 0.5: 10, 20, 40, 80, 160 ms, then 250 ms (500 capped) for the 7 attempts left.
    const total = 10 + 20 + 40 + 80 + 160 + 7 * 250;
    await clock.advance(total - 11);
    expect(call.state).toBe("pending");
    await clock.advance(1);
    expect(call.state).toBe("rejected");
    expect(call.error).toBeInstanceOf(ServiceUnavailableException);
    expect(link.calls).toHaveLength(3 + 11 * 3);
    expect(clock.now() - start).toBe(total);
  });

  test("the jitter is the link's randomness: a draw of 0.5 waits the base backoff", async () => {
    const clock = new ManualClock();
    const link = new FakeLink(clock, () => 0.5, refused);
    void callLeader(link, partition(), "backfill", ["eu-west-1"], true).catch(() => undefined);
    await clock.advance(19);
    expect(link.calls).toHaveLength(3);
    await clock.advance(1);
    expect(link.calls).toHaveLength(6);
  });

  test("it stops trying once 8 s have passed on the clock, however few attempts that took", async () => {
    const clock = new ManualClock();
    const start = clock.now();
    // Each call takes a second to be refused.
    const link = new FakeLink(
      clock,
      () => 0,
      async () => {
        await sleep(clock, 1000);
        refused();
      },
    );
    const call = watch(callLeader(link, partition(), "backfill", ["eu-west-1"], true));
    // Attempt 1: 3 calls and 10 ms; 2: 3 calls and 20 ms; 3: 3 calls and 40 ms; then past the deadline.
    await clock.advance(9069);
    expect(call.state).toBe("pending");
    await clock.advance(1);
    expect(call.state).toBe("rejected");
    expect(call.error).toBeInstanceOf(ServiceUnavailableException);
    expect(link.calls).toHaveLength(9);
    expect(clock.now() - start).toBe(9070);
  });
});

describe("callAny", () => {
  test("starts at the member the link's randomness draws, carries the latest write seen, and moves on from a member behind", async () => {
    const p = partition();
    const [a, c] = [member(p, "a"), member(p, "c")];
    sawWrite(p, { term: 2, lsn: 40 });
    const link = new FakeLink(
      new ManualClock(),
      () => 0.7,
      (name) => (name === c ? notLeader() : { ok: true, items: [] }),
    );
    const query = {
      route,
      partitionKey: { S: "k" },
      forward: true,
      byteBudget: 1000,
      countOnly: false,
      consistent: false,
    };
    expect(await callAny(link, p, "query", query)).toEqual({ ok: true, items: [] });
    expect(link.log).toEqual([`${c} query`, `${a} query`]);
    expect(link.calls[0].args).toEqual([{ ...query, seen: { term: 2, lsn: 40 } }]);
  });

  test("run as processes, the groups' first leaders spread over the members: every router asks the same one first", () => {
    const local = { local: (ref: ReplicaRef) => ref.zone === "us-east-1a" };
    const link = Object.assign(
      new FakeLink(
        new ManualClock(),
        () => 0,
        () => undefined,
      ),
      local,
    );
    const groupsOf = Array.from({ length: 60 }, () => partition());
    const firsts = groupsOf.map((p) => believedLeader(p, link));
    // Another router's link (another process) picks the same member for each group.
    const other = Object.assign(
      new FakeLink(
        new ManualClock(),
        () => 0,
        () => undefined,
      ),
      {
        local: (ref: ReplicaRef) => ref.zone === "us-east-1c",
      },
    );
    expect(groupsOf.map((p) => believedLeader(p, other))).toEqual(firsts);
    const zones = firsts.map((name) => name.slice(-1));
    for (const zone of ["a", "b", "c"]) expect(zones.filter((z) => z === zone).length).toBeGreaterThan(10);
    // In one process, the map's first member.
    expect(groupsOf.map((p) => believedLeader(p))).toEqual(groupsOf.map((p) => p.replicas[0].name));
  });

  test("run as processes, starts at the member in the caller's own process, and moves on from it when it is behind", async () => {
    const p = partition();
    const [a, b, c] = [member(p, "a"), member(p, "b"), member(p, "c")];
    const get = { route, key: { pk: { S: "k" } }, consistent: false };
    const answers = new Map<string, unknown>([
      [a, `1 {}`],
      [b, `1 {}`],
      [c, `1 {}`],
    ]);
    const link = Object.assign(
      new FakeLink(
        new ManualClock(),
        () => 0.9,
        (name) => answers.get(name),
      ),
      { local: (ref: ReplicaRef) => ref.zone === "us-east-1b" },
    );
    for (let i = 0; i < 5; i++) await callAny(link, p, "get", get);
    expect(link.log).toEqual(Array(5).fill(`${b} get`));
    // Behind the write this isolate saw: the next member serves it.
    answers.set(b, `!${JSON.stringify(notLeader().error)}`);
    await callAny(link, p, "get", get);
    expect(link.log.slice(5)).toEqual([`${b} get`, `${c} get`]);
  });
});
