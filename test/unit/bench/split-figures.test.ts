import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  checkScan,
  HEAT_SPLIT_GOAL,
  heatRatio,
  heatWindow,
  ITEM_BYTES,
  itemsFor,
  periodOf,
  SIZE_MULTIPLE,
  type SplitRequest,
  splitDurations,
  splitSpan,
  splitsSettled,
  summarizeSplitLoad,
} from "../../../bench/split-figures";

const request = (op: SplitRequest["op"], start: number, end: number, error?: string): SplitRequest => ({
  op,
  start,
  end,
  ok: error === undefined,
  ...(error === undefined ? {} : { error }),
});

/** Two splits: the first asked for at 1,000 and published at 2,200, the second from 2,500 to 3,000. */
const SPLITS = [
  { since: 1_000, at: 2_200 },
  { since: 2_500, at: 3_000 },
];

describe("splitDurations", () => {
  test("at − since of each split, in the history's order; nearest-rank p50 and the maximum", () => {
    expect(splitDurations([...SPLITS, { since: 4_000, at: 4_900 }])).toEqual({
      splits: 3,
      durationsMs: [1_200, 500, 900],
      p50Ms: 900,
      maxMs: 1_200,
    });
  });

  test("no split: no p50 and no maximum", () => {
    expect(splitDurations([])).toEqual({ splits: 0, durationsMs: [], p50Ms: null, maxMs: null });
  });
});

describe("splitSpan and periodOf", () => {
  test("the span runs from the first split asked for to the last published, whatever the history's order", () => {
    expect(splitSpan([SPLITS[1], SPLITS[0]])).toEqual({ from: 1_000, to: 3_000 });
    expect(splitSpan([])).toBeUndefined();
  });

  test.each<[string, number, number, string]>([
    ["answered before the first split was asked for", 500, 999, "before"],
    ["answered as the first split was asked for", 500, 1_000, "during"],
    ["sent before and answered during", 900, 1_100, "during"],
    ["between two splits, still in the span", 2_300, 2_400, "during"],
    ["sent as the last split was published", 3_000, 3_010, "during"],
    ["in flight across the whole span", 900, 3_100, "during"],
    ["sent after the last split was published", 3_001, 3_050, "after"],
  ])("a request %s is %s", (_, start, end, period) => {
    expect(periodOf({ start, end }, splitSpan(SPLITS))).toBe(period);
  });

  test("with no split every request is before", () => {
    expect(periodOf({ start: 5_000, end: 6_000 }, undefined)).toBe("before");
  });
});

describe("summarizeSplitLoad", () => {
  const requests = [
    request("put", 100, 110),
    request("put", 120, 150),
    request("get", 130, 135),
    request("put", 1_100, 1_300),
    request("get", 1_200, 1_204, "Error: GetItem of acknowledged user3 returned no item"),
    request("scan", 900, 1_050, "TimeoutError: socket hang up"),
    request("scan", 3_100, 3_120),
    request("put", 400, 420, "InternalServerError: boom"),
  ];
  const summary = summarizeSplitLoad(requests, SPLITS);

  test("one cell per period and operation, in order, empty ones included", () => {
    expect(summary.cells.map((c) => `${c.period}/${c.op}`)).toEqual([
      "before/put",
      "before/get",
      "before/scan",
      "during/put",
      "during/get",
      "during/scan",
      "after/put",
      "after/get",
      "after/scan",
    ]);
    expect(summary.cells.find((c) => c.period === "after" && c.op === "get")).toEqual({
      period: "after",
      op: "get",
      requests: 0,
      failed: 0,
      p50: null,
      p99: null,
      max: null,
    });
  });

  test("latency over the successful requests only (nearest rank), failures counted apart", () => {
    expect(summary.cells.find((c) => c.period === "before" && c.op === "put")).toEqual({
      period: "before",
      op: "put",
      requests: 3,
      failed: 1,
      p50: 10,
      p99: 30,
      max: 30,
    });
    expect(summary.cells.find((c) => c.period === "during" && c.op === "get")).toMatchObject({
      requests: 1,
      failed: 1,
      p50: null,
    });
    expect(summary.cells.find((c) => c.period === "after" && c.op === "scan")).toMatchObject({ p50: 20, max: 20 });
  });

  test("failures in all and during the splits, the first of each by answer time", () => {
    expect(summary).toMatchObject({
      requests: 8,
      failed: 3,
      failedDuring: 2,
      firstError: "put: InternalServerError: boom",
      firstErrorDuring: "scan: TimeoutError: socket hang up",
    });
  });

  test("no failure: no first error", () => {
    const clean = summarizeSplitLoad([request("put", 0, 5)], SPLITS);
    expect(clean).toEqual(expect.objectContaining({ requests: 1, failed: 0, failedDuring: 0 }));
    expect(clean).not.toHaveProperty("firstError");
    expect(clean).not.toHaveProperty("firstErrorDuring");
  });

  test("every request lands in exactly one cell", () => {
    const op = fc.constantFrom<SplitRequest["op"]>("put", "get", "scan");
    const arbitraryRequest = fc
      .record({ op, start: fc.integer({ min: 0, max: 5_000 }), took: fc.nat(500), ok: fc.boolean() })
      .map(({ op, start, took, ok }) => request(op, start, start + took, ok ? undefined : "x"));
    fc.assert(
      fc.property(fc.array(arbitraryRequest, { maxLength: 60 }), (list) => {
        const s = summarizeSplitLoad(list, SPLITS);
        expect(s.cells.reduce((n, c) => n + c.requests, 0)).toBe(list.length);
        expect(s.cells.reduce((n, c) => n + c.failed, 0)).toBe(s.failed);
        expect(s.failedDuring).toBeLessThanOrEqual(s.failed);
      }),
    );
  });
});

describe("checkScan", () => {
  const acknowledged = new Set(["a", "b", "c"]);

  test("each acknowledged key exactly once: nothing twice, nothing missing", () => {
    expect(checkScan(["c", "a", "b"], acknowledged)).toEqual({
      returned: 3,
      distinct: 3,
      duplicates: 0,
      missing: 0,
      unacknowledged: 0,
    });
  });

  test("a key returned twice, one missing, and one never acknowledged (a failed write that was applied)", () => {
    expect(checkScan(["a", "b", "a", "a", "z"], acknowledged)).toEqual({
      returned: 5,
      distinct: 3,
      duplicates: 2,
      missing: 1,
      unacknowledged: 1,
    });
  });
});

describe("splitsSettled", () => {
  const partition = (extra: Partial<{ leader: string | null; splitting: null | object; sizeBytes: number | null }>) =>
    ({ leader: "t/p1/us-east-1/a", splitting: null, sizeBytes: 400, ...extra }) as Parameters<
      typeof splitsSettled
    >[0][number];

  test("every partition led, none splitting, none past the size", () => {
    expect(splitsSettled([partition({}), partition({ sizeBytes: 500 })], 500)).toBe(true);
  });

  test.each<[string, Parameters<typeof partition>[0]]>([
    ["a partition without a leader", { leader: null }],
    ["a partition splitting", { splitting: { point: "8000000000000000", reason: "size", since: 1 } }],
    ["a partition past the size (another split is due)", { sizeBytes: 501 }],
    ["a partition whose size is unknown", { sizeBytes: null }],
  ])("not with %s", (_, extra) => {
    expect(splitsSettled([partition({}), partition(extra)], 500)).toBe(false);
  });
});

describe("heatWindow and heatRatio", () => {
  const answers = { acknowledged: [999, 1_000, 1_500, 1_999, 2_000], throttled: [1_200, 2_500], errors: [1_800] };

  test("the answers in [from, to), and the acknowledged writes per second", () => {
    expect(heatWindow(answers, 1_000, 2_000)).toEqual({
      from: 1_000,
      to: 2_000,
      writes: 3,
      throttled: 1,
      errors: 1,
      opsPerSecond: 3,
    });
    expect(heatWindow(answers, 1_000, 1_500).opsPerSecond).toBe(2);
    expect(heatWindow(answers, 1_000, 1_000).opsPerSecond).toBe(0);
  });

  test("after ÷ before, checked against the goal", () => {
    const window = (opsPerSecond: number) => ({ ...heatWindow(answers, 0, 1), opsPerSecond });
    expect(heatRatio(window(100), window(197))).toEqual({ ratio: 1.97, met: true });
    expect(heatRatio(window(100), window(100 * HEAT_SPLIT_GOAL))).toMatchObject({ met: true });
    expect(heatRatio(window(100), window(150))).toEqual({ ratio: 1.5, met: false });
    expect(heatRatio(window(100), window(150), 1.4)).toMatchObject({ met: true });
  });

  test("without both windows, or with no write before: no ratio", () => {
    const window = { ...heatWindow(answers, 1_000, 2_000) };
    expect(heatRatio(undefined, window)).toEqual({});
    expect(heatRatio(window, undefined)).toEqual({});
    expect(heatRatio({ ...window, opsPerSecond: 0 }, window)).toEqual({});
  });
});

describe("itemsFor", () => {
  test("SIZE_MULTIPLE × SPLIT_SIZE_BYTES of items, rounded up", () => {
    expect(itemsFor(512 * 1024)).toBe(Math.ceil((SIZE_MULTIPLE * 512 * 1024) / ITEM_BYTES));
    expect(itemsFor(ITEM_BYTES)).toBe(Math.ceil(SIZE_MULTIPLE));
  });
});
