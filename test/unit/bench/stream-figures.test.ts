import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  dueAt,
  type StreamRunFigures,
  summarizeStreamDelay,
  summarizeStreamWrites,
} from "../../../bench/stream-figures";

const TABLES = ["none", "new-and-old"];

function run(round: number, table: string, opsPerSecond: number, extra: Partial<StreamRunFigures> = {}) {
  return {
    round,
    table,
    writes: opsPerSecond * 5,
    opsPerSecond,
    p50: 10,
    p99: 40,
    errors: 0,
    serverCpu: 2,
    ...extra,
  } satisfies StreamRunFigures;
}

describe("summarizeStreamDelay", () => {
  test("seen − acknowledged per write, nearest-rank p50 and p99, and the maximum", () => {
    const samples = [30, 10, 20, 40].map((delay, i) => ({ ackedAt: 1_000 * i, seenAt: 1_000 * i + delay }));
    expect(summarizeStreamDelay(samples)).toEqual({
      writes: 4,
      failed: 0,
      seen: 4,
      missed: 0,
      seenBeforeAck: 0,
      p50Ms: 20,
      p99Ms: 40,
      maxMs: 40,
    });
  });

  test("a record seen before its write's answer counts 0, and is counted", () => {
    const summary = summarizeStreamDelay([
      { ackedAt: 100, seenAt: 97 },
      { ackedAt: 200, seenAt: 200 },
      { ackedAt: 300, seenAt: 310 },
    ]);
    expect(summary).toMatchObject({ seen: 3, seenBeforeAck: 1, p50Ms: 0, maxMs: 10 });
  });

  test("a failed write is left out of the delay; an answered write never seen is missed", () => {
    const summary = summarizeStreamDelay([
      { ackedAt: null, seenAt: null },
      { ackedAt: null, seenAt: 5 },
      { ackedAt: 10, seenAt: null },
      { ackedAt: 20, seenAt: 25 },
    ]);
    expect(summary).toEqual({
      writes: 4,
      failed: 2,
      seen: 1,
      missed: 1,
      seenBeforeAck: 0,
      p50Ms: 5,
      p99Ms: 5,
      maxMs: 5,
    });
  });

  test("nothing seen: no percentiles", () => {
    expect(summarizeStreamDelay([])).toMatchObject({ writes: 0, seen: 0, p50Ms: null, p99Ms: null, maxMs: null });
    expect(summarizeStreamDelay([{ ackedAt: 1, seenAt: null }])).toMatchObject({ missed: 1, p99Ms: null });
  });

  test("every write is failed, missed or seen; p50 ≤ p99 ≤ max, none negative", () => {
    const sample = fc.record({
      ackedAt: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true })),
      seenAt: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true })),
    });
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 50 }), (samples) => {
        const s = summarizeStreamDelay(samples);
        expect(s.failed + s.missed + s.seen).toBe(samples.length);
        expect(s.seenBeforeAck).toBeLessThanOrEqual(s.seen);
        if (s.seen > 0) {
          expect(s.p50Ms).toBeGreaterThanOrEqual(0);
          expect(s.p50Ms).toBeLessThanOrEqual(s.p99Ms as number);
          expect(s.p99Ms).toBeLessThanOrEqual(s.maxMs as number);
        }
      }),
    );
  });
});

describe("dueAt", () => {
  test("write i is due i × the interval after the start", () => {
    expect([0, 1, 2, 10].map((i) => dueAt(500, i, 15))).toEqual([500, 515, 530, 650]);
  });
});

describe("summarizeStreamWrites", () => {
  test("per table, in the order given: medians with the lowest and highest round; writes and errors summed", () => {
    const summary = summarizeStreamWrites(
      [
        run(1, "none", 1_000),
        run(2, "none", 1_200, { errors: 2 }),
        run(3, "none", 800),
        run(1, "new-and-old", 900, { p50: 12, p99: 50 }),
        run(2, "new-and-old", 1_000, { p50: 14, p99: 60 }),
      ],
      TABLES,
    );
    expect(summary.tables.map((t) => t.table)).toEqual(TABLES);
    const [none, streamed] = summary.tables;
    expect(none).toMatchObject({ runs: 3, writes: 15_000, errors: 2 });
    expect(none.opsPerSecond).toEqual({ median: 1_000, min: 800, max: 1_200, n: 3 });
    expect(streamed.p50).toEqual({ median: 13, min: 12, max: 14, n: 2 });
    expect(streamed.p99).toEqual({ median: 55, min: 50, max: 60, n: 2 });
  });

  test("server CPU per successful write, in µs; none when nothing succeeded", () => {
    const summary = summarizeStreamWrites(
      [run(1, "none", 200, { serverCpu: 2, writes: 1_000 }), run(1, "new-and-old", 0, { writes: 0 })],
      TABLES,
    );
    expect(summary.tables[0].cpuUsPerWrite?.median).toBeCloseTo(2_000);
    expect(summary.tables[1].cpuUsPerWrite).toBeUndefined();
  });

  test("ops/s and CPU per write over the baseline's, within each round, in round order, with the median", () => {
    const summary = summarizeStreamWrites(
      [
        run(2, "new-and-old", 900),
        run(2, "none", 1_000),
        run(1, "none", 1_000),
        run(1, "new-and-old", 800, { serverCpu: 2.5 }),
        run(3, "none", 500),
        run(3, "new-and-old", 475),
      ],
      TABLES,
    );
    expect(summary.ratios).toHaveLength(1);
    const [ratio] = summary.ratios;
    expect(ratio).toMatchObject({ table: "new-and-old", baseline: "none" });
    expect(ratio.rounds.map((r) => r.round)).toEqual([1, 2, 3]);
    expect(ratio.rounds.map((r) => r.ops)).toEqual([0.8, 0.9, 0.95]);
    // Round 1: 2.5 s over 4,000 writes against 2 s over 5,000.
    expect(ratio.rounds[0].cpu).toBeCloseTo(625 / 400);
    // The median of the rounds' ratios (0.9), not the ratio of the medians.
    expect(ratio.ops).toEqual({ median: 0.9, min: 0.8, max: 0.95, n: 3 });
  });

  test("a round missing either run is left out; a run with no write gives no ratio", () => {
    const summary = summarizeStreamWrites(
      [run(1, "none", 1_000), run(2, "new-and-old", 900), run(3, "none", 0, { writes: 0 }), run(3, "new-and-old", 9)],
      TABLES,
    );
    expect(summary.ratios[0].rounds).toEqual([{ round: 3, ops: undefined, cpu: undefined }]);
    expect(summary.ratios[0].ops).toBeUndefined();
  });

  test("no runs: every table with nothing, ratios without rounds", () => {
    const summary = summarizeStreamWrites([], TABLES);
    expect(summary.tables.every((t) => t.runs === 0 && t.opsPerSecond === undefined)).toBe(true);
    expect(summary.ratios.every((r) => r.rounds.length === 0 && r.ops === undefined)).toBe(true);
  });

  test("a streamed table as fast as the plain one in every round has ratio 1", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 9 }), (ops) => {
        const runs = ops.flatMap((value, i) => [run(i + 1, "none", value), run(i + 1, "new-and-old", value)]);
        const ratio = summarizeStreamWrites(runs, TABLES).ratios[0];
        expect(ratio.rounds).toHaveLength(ops.length);
        expect(ratio.ops?.median).toBeCloseTo(1);
        expect(ratio.cpu?.median).toBeCloseTo(1);
      }),
    );
  });
});
