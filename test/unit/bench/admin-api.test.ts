import { describe, expect, test } from "vitest";
import { isSettled, zoneOf } from "../../../bench/admin-api";
import type { MemberReport, PartitionReport } from "../../../workers/admin/group-status";

const NAME = "tbl/p0/us-east-1";

function member(zone: string, fields: Partial<MemberReport> = {}): MemberReport {
  return {
    name: `${NAME}/${zone}`,
    zone,
    role: "follower",
    term: 2,
    commit: 10,
    applied: 10,
    last: 10,
    leaseValid: false,
    installing: false,
    tombstones: 0,
    reachable: true,
    down: false,
    capacity: null,
    ...fields,
  };
}

function group(leader: string | null, members: MemberReport[]): PartitionReport {
  return {
    id: "p0",
    low: "0",
    high: "f",
    leader: leader && `${NAME}/${leader}`,
    epoch: 2,
    itemCount: null,
    sizeBytes: null,
    splitting: null,
    members,
  };
}

describe("isSettled", () => {
  const leader = member("us-east-1a", { role: "leader", commit: 10 });
  test.each<[string, PartitionReport, boolean]>([
    [
      "a leader and every member applied up to its commit index",
      group("us-east-1a", [leader, member("us-east-1b"), member("us-east-1c")]),
      true,
    ],
    ["no leader", group(null, [member("us-east-1a"), member("us-east-1b"), member("us-east-1c")]), false],
    [
      "a member behind the leader's commit index",
      group("us-east-1a", [leader, member("us-east-1b", { applied: 9 }), member("us-east-1c")]),
      false,
    ],
    [
      "a crashed member",
      group("us-east-1a", [
        leader,
        member("us-east-1b"),
        member("us-east-1c", { down: true, reachable: false, applied: null }),
      ]),
      false,
    ],
    [
      "an unreachable member",
      group("us-east-1a", [leader, member("us-east-1b", { reachable: false }), member("us-east-1c")]),
      false,
    ],
    [
      "a leader that did not report its commit index",
      group("us-east-1a", [member("us-east-1a", { role: "leader", commit: null, applied: null })]),
      false,
    ],
  ])("%s: %s", (_, partition, settled) => {
    expect(isSettled(partition)).toBe(settled);
  });
});

describe("zoneOf", () => {
  test.each([
    ["a1b2/p0/us-east-1/us-east-1b", "us-east-1b"],
    ["plain", "plain"],
    [null, "–"],
  ])("%s → %s", (name, zone) => {
    expect(zoneOf(name)).toBe(zone);
  });
});
