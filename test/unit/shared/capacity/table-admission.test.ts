import { describe, expect, it } from "vitest";
import { DEFAULT_ON_DEMAND, TableAdmission } from "../../../../shared/capacity/table-admission";

/** Requests `wanted` units of `op` a second for `seconds` seconds, in `requests` requests a second. At exit: the units served each second. */
function load(
  admission: TableAdmission,
  op: "read" | "write",
  wanted: number,
  seconds: number,
  start: number,
  requests = 10,
): number[] {
  const served: number[] = [];
  const each = wanted / requests;
  for (let s = 0; s < seconds; s++) {
    let units = 0;
    for (let i = 0; i < requests; i++) {
      units += admission.grant(op, each, each, start + s * 1000 + (i * 1000) / requests).units;
    }
    served.push(units);
  }
  return served;
}

describe("TableAdmission: provisioned", () => {
  it("a new table starts with its burst full, then serves its provisioned rate", () => {
    const admission = new TableAdmission({ billingMode: "PROVISIONED", read: 150, write: 10 }, DEFAULT_ON_DEMAND, 0);
    expect(admission.grant("write", 3000, 5000, 0)).toEqual({ units: 3000 });
    expect(admission.grant("write", 1, 1, 0)).toEqual({ units: 0, limit: "ProvisionedThroughputExceeded" });
    expect(admission.grant("write", 20, 100, 2000)).toEqual({ units: 20 });
    expect(admission.grant("write", 1, 1, 2000)).toEqual({ units: 0, limit: "ProvisionedThroughputExceeded" });
    // Requests of 5,000 units: the burst serves 9 of them, and the rate none more within the second;
    // then requests of 30 at the provisioned rate.
    expect(load(admission, "read", 50_000, 1, 0)).toEqual([45_000]);
    const served = load(admission, "read", 300, 3, 1000);
    expect(served[2]).toBeGreaterThanOrEqual(120);
    expect(served[2]).toBeLessThanOrEqual(180);
  });

  it("burst capacity, DynamoDB's example: 150 RCU unused for 300 s serve a 200 RCU/s load for 900 s", () => {
    const admission = new TableAdmission({ billingMode: "PROVISIONED", read: 150, write: 10 }, DEFAULT_ON_DEMAND, 0);
    load(admission, "read", 50_000, 2, 0);
    // Idle for 300 s: 45,000 units saved.
    const served = load(admission, "read", 200, 1000, 301_000);
    const full = served.findIndex((units) => units < 199);
    expect(full).toBeGreaterThanOrEqual(895);
    expect(full).toBeLessThanOrEqual(905);
    expect(served[950]).toBeGreaterThanOrEqual(140);
    expect(served[950]).toBeLessThanOrEqual(150);
  });

  it("takes a new provisioned rate at once", () => {
    const admission = new TableAdmission({ billingMode: "PROVISIONED", read: 5, write: 5 }, DEFAULT_ON_DEMAND, 0);
    load(admission, "write", 5000, 2, 0);
    admission.configure({ billingMode: "PROVISIONED", read: 5, write: 50 }, 2000);
    expect(load(admission, "write", 100, 3, 2000)[2]).toBeCloseTo(50, 0);
  });
});

describe("TableAdmission: on demand", () => {
  it("serves up to double the previous peak: a sudden load is let through doubling each second", () => {
    const settings = { initialPeak: { read: 5, write: 5 }, tableQuota: 40_000 };
    const admission = new TableAdmission({ billingMode: "PAY_PER_REQUEST", read: 0, write: 0 }, settings, 0);
    const served = load(admission, "write", 200, 6, 0, 100);
    expect(served[0]).toBeLessThanOrEqual(20);
    // 18, 36, 72, 144, then all of the 200 asked for.
    for (let s = 1; s < 4; s++) {
      expect(served[s]).toBeGreaterThan(served[s - 1] * 1.5);
      expect(served[s]).toBeLessThanOrEqual(2 * served[s - 1] + 10);
    }
    expect(served[4]).toBeGreaterThanOrEqual(190);
    expect(served[5]).toBeGreaterThanOrEqual(190);
    expect(admission.grant("read", 10, 1000, 6000)).toEqual({ units: 10 });
    expect(admission.grant("read", 1, 1, 6000)).toEqual({ units: 0, limit: "KeyRangeThroughputExceeded" });
  });

  it("gives one grant at most a tenth of what is left beyond what it needs, so that many asking at once all get some", () => {
    const admission = new TableAdmission({ billingMode: "PROVISIONED", read: 100, write: 10 }, DEFAULT_ON_DEMAND, 0);
    const grants = Array.from({ length: 20 }, () => admission.grant("read", 1, 10_000, 0).units);
    expect(grants[0]).toBe(3000);
    expect(grants[1]).toBe(2700);
    expect(grants.every((units) => units >= 1)).toBe(true);
  });

  it("never past the per-table quota, refused as the account's limit", () => {
    const settings = { initialPeak: { read: 30_000, write: 30_000 }, tableQuota: 40_000 };
    const admission = new TableAdmission({ billingMode: "PAY_PER_REQUEST", read: 0, write: 0 }, settings, 0);
    expect(admission.rate("read", 0)).toBe(40_000);
    expect(admission.grant("read", 40_000, 50_000, 0)).toEqual({ units: 40_000 });
    expect(admission.grant("read", 1, 1, 0)).toEqual({ units: 0, limit: "AccountLimitExceeded" });
  });
});
