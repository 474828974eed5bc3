/**
 * A table's admission object inside workerd (workers/admission/admission-object.ts): grants out of
 * the table's buckets, a refusal naming the limit, and the catalog's word on the table's capacity
 * winning over the older one a router's cached route sends.
 */
import { env } from "cloudflare:workers";
import { describe, expect, test } from "vitest";
import type { TableCapacity } from "../../../shared/capacity/table-admission";

const stub = () => env.ADMISSION.get(env.ADMISSION.idFromName(`test/${crypto.randomUUID()}`));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the admission object", () => {
  test("grants a provisioned table's burst, then refuses past it", async () => {
    const admission = stub();
    const capacity: TableCapacity = { billingMode: "PROVISIONED", read: 1, write: 1 };
    const first = await admission.grant({ capacity, operation: "write", units: 300 });
    expect(first).toMatchObject({ units: 300 });
    expect((first as { until: number }).until).toBeGreaterThan(Date.now());
    expect(await admission.grant({ capacity, operation: "write", units: 5 })).toEqual({
      units: 0,
      limit: "ProvisionedThroughputExceeded",
    });
  });

  test("a capacity the catalog configured wins over a router's older one", async () => {
    const admission = stub();
    const stale: TableCapacity = { billingMode: "PROVISIONED", read: 1, write: 1 };
    await admission.grant({ capacity: stale, operation: "write", units: 300 });
    await admission.configure({ billingMode: "PROVISIONED", read: 1, write: 1000 });
    await sleep(150);
    // At 1,000 units a second, 100 have come in 150 ms, whatever the router still believes.
    expect(await admission.grant({ capacity: stale, operation: "write", units: 100 })).toMatchObject({ units: 100 });
  });
});
