import { describe, expect, it } from "vitest";
import type { Family } from "../../../../workers/metrics/exposition";
import { OTHER_TABLE, RequestMetrics } from "../../../../workers/metrics/request-metrics";

const family = (families: Family[], name: string) => {
  const found = families.find((f) => f.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};
const sample = (families: Family[], name: string, labels: Record<string, string>, suffix?: string) =>
  family(families, name).samples.find(
    (s) => s.suffix === suffix && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )?.value;

describe("RequestMetrics", () => {
  it("counts requests, latency buckets, errors and throttles by operation and table", () => {
    const metrics = new RequestMetrics(() => 0);
    metrics.observe("GetItem", "t", 1000, 1002);
    metrics.observe("GetItem", "t", 1000, 1030);
    metrics.observe("GetItem", "t", 1000, 1001, "ValidationException");
    metrics.observe("PutItem", "t", 1000, 1004, "ProvisionedThroughputExceededException");
    const families = metrics.families();
    expect(sample(families, "dynaflare_requests_total", { operation: "GetItem", table: "t" })).toBe(3);
    const h = "dynaflare_request_duration_seconds";
    const get = { operation: "GetItem", table: "t" };
    expect(sample(families, h, { ...get, le: "0.001" }, "_bucket")).toBe(1);
    expect(sample(families, h, { ...get, le: "0.0025" }, "_bucket")).toBe(2);
    expect(sample(families, h, { ...get, le: "0.025" }, "_bucket")).toBe(2);
    expect(sample(families, h, { ...get, le: "0.05" }, "_bucket")).toBe(3);
    expect(sample(families, h, { ...get, le: "+Inf" }, "_bucket")).toBe(3);
    expect(sample(families, h, get, "_sum")).toBeCloseTo(0.033);
    expect(sample(families, h, get, "_count")).toBe(3);
    expect(sample(families, "dynaflare_errors_total", { ...get, type: "ValidationException" })).toBe(1);
    expect(
      sample(families, "dynaflare_errors_total", {
        operation: "PutItem",
        type: "ProvisionedThroughputExceededException",
      }),
    ).toBe(1);
    expect(sample(families, "dynaflare_throttled_requests_total", { operation: "PutItem", table: "t" })).toBe(1);
    expect(family(families, "dynaflare_throttled_requests_total").samples).toHaveLength(1);
  });

  it("sums consumed units by table and index", () => {
    const metrics = new RequestMetrics();
    metrics.consumed("t", "", "read", 0.5);
    metrics.consumed("t", "", "read", 1);
    metrics.consumed("t", "g", "write", 2);
    const families = metrics.families();
    expect(sample(families, "dynaflare_consumed_read_capacity_units_total", { table: "t", index: "" })).toBe(1.5);
    expect(sample(families, "dynaflare_consumed_write_capacity_units_total", { table: "t", index: "g" })).toBe(2);
  });

  it("counts nothing while disabled", () => {
    const metrics = new RequestMetrics();
    metrics.enabled = false;
    metrics.observe("GetItem", "t", 0, 1);
    metrics.consumed("t", "", "read", 1);
    expect(metrics.families().every((f) => f.samples.length === 0)).toBe(true);
  });

  it("keeps the last ten minutes in slots of ten seconds", () => {
    let now = 1_000_000;
    const metrics = new RequestMetrics(() => now);
    metrics.observe("GetItem", "t", now, now);
    metrics.observe("GetItem", "t", now, now, "ThrottlingException");
    now += 10_000;
    metrics.observe("GetItem", "t", now, now);
    let recent = metrics.recent();
    expect(recent).toHaveLength(60);
    expect(recent.at(-1)).toEqual({ start: 1_010_000, requests: 1, errors: 0, throttled: 0 });
    expect(recent.at(-2)).toEqual({ start: 1_000_000, requests: 2, errors: 1, throttled: 1 });
    // Ten minutes on, the old slots are gone, though their places in the ring were not reused.
    now += 600_000;
    recent = metrics.recent();
    expect(recent.every((slot) => slot.requests === 0)).toBe(true);
    expect(recent.at(-1)?.start).toBe(1_610_000);
  });

  it("counts tables past its bound of series under one label", () => {
    const metrics = new RequestMetrics();
    for (let i = 0; i < 5001; i++) metrics.observe("GetItem", `t${i}`, 0, 0);
    const requests = family(metrics.families(), "dynaflare_requests_total").samples;
    expect(requests).toHaveLength(5001);
    expect(requests.find((s) => s.labels.table === OTHER_TABLE)?.value).toBe(1);
    expect(requests.find((s) => s.labels.table === "t5000")).toBeUndefined();
  });
});
