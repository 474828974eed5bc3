import { describe, expect, it } from "vitest";
import { PartitionAdmission } from "../../../../workers/replica/admission";
import { ManualClock } from "../../../helpers/manual-clock";

describe("PartitionAdmission", () => {
  it("admits up to the partition's rate, holds back once in debt, and admits again as it refills", async () => {
    const clock = new ManualClock(0);
    const admission = new PartitionAdmission(clock, { readUnits: 3000, writeUnits: 1000 });
    let served = 0;
    while (admission.admits("write")) {
      admission.charge("write", 1);
      served++;
    }
    expect(served).toBe(1000);
    expect(admission.admits("read")).toBe(true);
    await clock.advance(10);
    expect(admission.admits("write")).toBe(true);
    // A 400 KB write takes the bucket into debt: nothing more for 0.4 s.
    admission.charge("write", 400);
    await clock.advance(300);
    expect(admission.admits("write")).toBe(false);
    await clock.advance(200);
    expect(admission.admits("write")).toBe(true);
  });

  it("keeps the units charged and the requests throttled per second over the last minute", async () => {
    const clock = new ManualClock(5_000);
    const admission = new PartitionAdmission(clock, { readUnits: 10, writeUnits: 5 });
    admission.charge("read", 4);
    admission.charge("write", 6);
    expect(admission.admits("write")).toBe(false);
    await clock.advance(1_000);
    admission.charge("read", 0.5);
    await clock.advance(1_000);
    expect(admission.recent(3)).toEqual({
      read: [0, 4, 0.5],
      write: [0, 6, 0],
      throttledReads: [0, 0, 0],
      throttledWrites: [0, 1, 0],
    });
    await clock.advance(120_000);
    expect(admission.recent(2).read).toEqual([0, 0]);
  });
});
