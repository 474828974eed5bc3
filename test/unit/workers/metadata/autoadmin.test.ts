import { describe, expect, test } from "vitest";
import { replacementFor, withReplacement } from "../../../../workers/metadata/autoadmin";
import type { PartitionMap } from "../../../../workers/metadata/partition-map";

const member = { name: "tid/p1/us-east-1/us-east-1c", zone: "us-east-1c", locationHint: "enam" };

describe("autoadmin", () => {
  test("a replacement keeps the zone and the name's shape, with a generation on the partition segment", () => {
    const first = replacementFor(member);
    expect(first).toEqual({ name: "tid/p1.r1/us-east-1/us-east-1c", zone: "us-east-1c", locationHint: "enam" });
    expect(replacementFor(first).name).toBe("tid/p1.r2/us-east-1/us-east-1c");
  });

  test("withReplacement swaps the member in its partition only and bumps the map version", () => {
    const other = { name: "tid/p0/us-east-1/us-east-1c", zone: "us-east-1c", locationHint: "enam" };
    const map: PartitionMap = {
      tableId: "tid",
      version: 3,
      partitions: [
        { id: "p0", low: "0000000000000000", high: "7fffffffffffffff", replicas: [other] },
        { id: "p1", low: "8000000000000000", high: "ffffffffffffffff", replicas: [member] },
      ],
    };
    const next = withReplacement(map, "p1", member.name, replacementFor(member));
    expect(next.version).toBe(4);
    expect(next.partitions[0].replicas).toEqual([other]);
    expect(next.partitions[1].replicas.map((r) => r.name)).toEqual(["tid/p1.r1/us-east-1/us-east-1c"]);
    expect(map.version).toBe(3);
  });
});
