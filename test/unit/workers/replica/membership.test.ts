import { describe, expect, test } from "vitest";
import { isLogReplica, logReplicaFor, type MembershipView, nextChange } from "../../../../workers/replica/membership";
import type { ReplicaRef } from "../../../../workers/replica/protocol";

const ref = (zone: string): ReplicaRef => ({ name: `t/p0/us-east-1/${zone}`, zone, locationHint: "enam" });
const [a, b, c] = [ref("us-east-1a"), ref("us-east-1b"), ref("us-east-1c")];
const g = logReplicaFor(c, b);

function view(overrides: Partial<MembershipView> & { failing?: Record<string, number>; caught?: string[] }) {
  const { failing = {}, caught = [], ...rest } = overrides;
  return {
    home: [a, b, c],
    voters: [a, b, c],
    leader: a.name,
    failingSince: (name: string) => failing[name],
    caughtUp: (name: string) => caught.includes(name),
    now: 10_000,
    logReplicaAfterMs: 5000,
    ...rest,
  } satisfies MembershipView;
}

describe("membership: nextChange", () => {
  test("a healthy group of three needs no change", () => {
    expect(nextChange(view({}))).toBeUndefined();
  });

  test.each([
    { case: "failing for less than LOG_REPLICA_AFTER_MS", failing: { [c.name]: 6000 }, expected: undefined },
    { case: "failing for LOG_REPLICA_AFTER_MS", failing: { [c.name]: 5000 }, expected: { kind: "remove", member: c } },
    // Removing c would leave a group whose change cannot commit: b is failing too.
    { case: "failing while another voter fails", failing: { [c.name]: 0, [b.name]: 9000 }, expected: undefined },
  ])("a voter $case", ({ failing, expected }) => {
    expect(nextChange(view({ failing }))).toEqual(expected);
  });

  test("the leader is never removed, however long it is marked failing", () => {
    expect(nextChange(view({ failing: { [a.name]: 0 } }))).toBeUndefined();
  });

  test("with two voters, a log replica of the missing member in the other voter's zone learns first, then is added", () => {
    const two = { voters: [a, b] };
    expect(nextChange(view(two))).toEqual({ kind: "learn", member: g, logOnly: true });
    expect(g).toEqual({ name: `${c.name}~log`, zone: b.zone, locationHint: b.locationHint });
    expect(nextChange(view({ ...two, caught: [g.name] }))).toEqual({ kind: "add", member: g, logOnly: true });
  });

  test("with two voters, the missing member itself is added back once it has caught up", () => {
    expect(nextChange(view({ voters: [a, b], caught: [c.name, g.name] }))).toEqual({
      kind: "add",
      member: c,
      logOnly: false,
    });
  });

  test("with a log replica voting, the member back and caught up makes the log replica leave first", () => {
    expect(nextChange(view({ voters: [a, b, g], caught: [c.name] }))).toEqual({ kind: "remove", member: g });
    expect(nextChange(view({ voters: [a, b, g] }))).toBeUndefined();
    expect(nextChange(view({ voters: [a, b, g], caught: [c.name], failing: { [c.name]: 9999 } }))).toBeUndefined();
  });

  test("log replicas are recognised by name", () => {
    expect(isLogReplica(g)).toBe(true);
    expect(isLogReplica(c)).toBe(false);
  });
});
