import { describe, expect, it } from "vitest";
import type { Family } from "../../../../workers/metrics/exposition";
import { mergeFamilies } from "../../../../workers/metrics/peer-metrics";
import { RequestMetrics } from "../../../../workers/metrics/request-metrics";

describe("mergeFamilies: the request counts of several processes as one", () => {
  it("adds up the samples of the same name, suffix and labels, and keeps the others", () => {
    const a = new RequestMetrics(() => 0);
    const b = new RequestMetrics(() => 0);
    a.observe("PutItem", "t", 0, 3);
    a.observe("GetItem", "t", 0, 1, "ResourceNotFoundException");
    b.observe("PutItem", "t", 0, 30);
    b.observe("PutItem", "u", 0, 2);
    b.consumed("t", "", "write", 4);
    const whole = new RequestMetrics(() => 0);
    whole.observe("PutItem", "t", 0, 3);
    whole.observe("GetItem", "t", 0, 1, "ResourceNotFoundException");
    whole.observe("PutItem", "t", 0, 30);
    whole.observe("PutItem", "u", 0, 2);
    whole.consumed("t", "", "write", 4);

    const merged = mergeFamilies([a.families(), JSON.parse(JSON.stringify(b.families())) as Family[]]);
    const bySample = (families: Family[]) =>
      new Map(
        families.flatMap((f) =>
          f.samples.map((s) => [
            `${f.name}${s.suffix ?? ""}${JSON.stringify(Object.entries(s.labels).sort())}`,
            s.value,
          ]),
        ),
      );
    expect(bySample(merged)).toEqual(bySample(whole.families()));
    expect(merged.map((f) => f.name)).toEqual(whole.families().map((f) => f.name));
    const requests = merged.find((f) => f.name === "dynaflare_requests_total");
    expect(requests?.samples).toContainEqual({ labels: { operation: "PutItem", table: "t" }, value: 2 });
  });

  it("labels in another order are the same series", () => {
    const family = (labels: Record<string, string>, value: number): Family[] => [
      { name: "x_total", help: "x", type: "counter", samples: [{ labels, value }] },
    ];
    const merged = mergeFamilies([family({ a: "1", b: "2" }, 1), family({ b: "2", a: "1" }, 2)]);
    expect(merged[0].samples).toEqual([{ labels: { a: "1", b: "2" }, value: 3 }]);
  });

  it("one source is itself", () => {
    const a = new RequestMetrics(() => 0);
    a.observe("Query", "t", 0, 5);
    expect(mergeFamilies([a.families()])).toEqual(a.families());
  });
});
