import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { summarizeTransactions, type TransactionRunFigures } from "../../../bench/transaction-figures";

const WORKLOADS = ["put", "write-2", "get-10"];

function run(round: number, workload: string, p50: number, extra: Partial<TransactionRunFigures> = {}) {
  return {
    round,
    workload,
    transactions: 1_000,
    transactionsPerSecond: 200,
    itemsPerSecond: 400,
    p50,
    p99: p50 * 4,
    cancelled: 0,
    errors: 0,
    serverCpu: 2,
    ...extra,
  } satisfies TransactionRunFigures;
}

describe("summarizeTransactions", () => {
  test("per workload, in the order given: medians with the lowest and highest round; counts summed", () => {
    const summary = summarizeTransactions(
      [
        run(1, "put", 10, { transactionsPerSecond: 300 }),
        run(2, "put", 14, { transactionsPerSecond: 100 }),
        run(3, "put", 12, { transactionsPerSecond: 200 }),
        run(1, "write-2", 30, { cancelled: 1, errors: 2 }),
        run(2, "write-2", 28, { cancelled: 3 }),
      ],
      WORKLOADS,
    );
    expect(summary.workloads.map((w) => w.workload)).toEqual(WORKLOADS);
    const [put, write, get] = summary.workloads;
    expect(put.runs).toBe(3);
    expect(put.transactionsPerSecond).toEqual({ median: 200, min: 100, max: 300, n: 3 });
    expect(put.p50).toEqual({ median: 12, min: 10, max: 14, n: 3 });
    expect(put.p99).toEqual({ median: 48, min: 40, max: 56, n: 3 });
    expect(put.transactions).toBe(3_000);
    expect(write).toMatchObject({ runs: 2, cancelled: 4, errors: 2, transactions: 2_000 });
    expect(get).toMatchObject({ runs: 0, transactions: 0, cancelled: 0, errors: 0 });
    expect(get.p50).toBeUndefined();
  });

  test("server CPU per successful transaction, in µs; none when nothing succeeded", () => {
    const summary = summarizeTransactions(
      [run(1, "put", 10, { serverCpu: 2, transactions: 1_000 }), run(1, "write-2", 30, { transactions: 0 })],
      WORKLOADS,
    );
    expect(summary.workloads[0].cpuUsPerTransaction?.median).toBeCloseTo(2_000);
    expect(summary.workloads[1].cpuUsPerTransaction).toBeUndefined();
  });

  test("each other workload's p50 over the baseline's, within each round, in round order, with the median", () => {
    const summary = summarizeTransactions(
      [
        run(2, "write-2", 45),
        run(2, "put", 15),
        run(1, "put", 10),
        run(1, "write-2", 20),
        run(3, "put", 10),
        run(3, "write-2", 25),
        run(1, "get-10", 5),
      ],
      WORKLOADS,
    );
    expect(summary.ratios.map((r) => [r.workload, r.baseline])).toEqual([
      ["write-2", "put"],
      ["get-10", "put"],
    ]);
    const [write, get] = summary.ratios;
    expect(write.rounds).toEqual([
      { round: 1, p50: 2 },
      { round: 2, p50: 3 },
      { round: 3, p50: 2.5 },
    ]);
    // The median of the rounds' ratios (2.5), not the ratio of the medians (25 / 10).
    expect(write.p50).toEqual({ median: 2.5, min: 2, max: 3, n: 3 });
    expect(get.p50).toEqual({ median: 0.5, min: 0.5, max: 0.5, n: 1 });
  });

  test("a round missing either run is left out; a p50 of a run with no success (NaN) gives no ratio", () => {
    const summary = summarizeTransactions(
      [
        run(1, "put", 10),
        run(1, "write-2", Number.NaN, { transactions: 0 }),
        run(2, "write-2", 30),
        run(3, "put", 0),
        run(3, "write-2", 30),
      ],
      WORKLOADS,
    );
    const write = summary.ratios[0];
    expect(write.rounds).toEqual([
      { round: 1, p50: undefined },
      { round: 3, p50: undefined },
    ]);
    expect(write.p50).toBeUndefined();
    expect(summary.workloads[1].p50).toEqual({ median: 30, min: 30, max: 30, n: 2 });
  });

  test("no runs: every workload with nothing, ratios without rounds", () => {
    const summary = summarizeTransactions([], WORKLOADS);
    expect(summary.workloads.every((w) => w.runs === 0 && w.p50 === undefined)).toBe(true);
    expect(summary.ratios.every((r) => r.rounds.length === 0 && r.p50 === undefined)).toBe(true);
  });

  test("a workload of the baseline's p50 in every round has ratio 1", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 9 }), (p50s) => {
        const runs = p50s.flatMap((p50, i) => [run(i + 1, "put", p50), run(i + 1, "write-2", p50)]);
        const ratio = summarizeTransactions(runs, WORKLOADS).ratios[0];
        expect(ratio.rounds).toHaveLength(p50s.length);
        expect(ratio.p50?.median).toBeCloseTo(1);
      }),
    );
  });
});
