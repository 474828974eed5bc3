import { describe, expect, it } from "vitest";
import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
  ValidationException,
} from "../../../../shared/api/errors";
import { forEachBounded, interleaveByGroup, isTransient } from "../../../../workers/router/batch-fan-out";

describe("batch fan-out", () => {
  it("interleaveByGroup: takes one item per group in turn, groups in first-seen order, order kept within a group", () => {
    const items = ["a1", "a2", "a3", "b1", "c1", "b2"];
    expect(interleaveByGroup(items, (item) => item[0])).toEqual(["a1", "b1", "c1", "a2", "b2", "a3"]);
    expect(interleaveByGroup([], (item: string) => item)).toEqual([]);
  });

  it("forEachBounded: never has more than `limit` calls in flight, and makes every call", async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachBounded(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async (i) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, (i * 7) % 5));
        inFlight--;
        done.push(i);
      },
    );
    expect(peak).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("forEachBounded: after a failure starts no further call and rethrows the first error once the others settle", async () => {
    const started: number[] = [];
    let settled = 0;
    const run = forEachBounded([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      await new Promise((resolve) => setTimeout(resolve, i === 0 ? 1 : 5));
      settled++;
      if (i === 0) throw new Error("first");
    });
    await expect(run).rejects.toThrow("first");
    expect(started).toEqual([0, 1]);
    expect(settled).toBe(2);
  });

  it.each([
    [new ProvisionedThroughputExceededException("slow down"), true],
    [new InternalServerError("oops"), true],
    [new ValidationException("bad"), false],
    [new ResourceNotFoundException(), false],
    [new Error("bug"), false],
  ])("isTransient: %s → %s", (error, expected) => {
    expect(isTransient(error)).toBe(expected);
  });
});
