import { describe, expect, test } from "vitest";
import {
  FAILOVER_GOAL_MS,
  type FailoverSummary,
  failoverWindow,
  summarizeFailover,
  type WriteEvent,
} from "../../../bench/failover-timeline";

const ok = (start: number, end: number): WriteEvent => ({ start, end, ok: true });
const failed = (start: number, end: number, error = "ServiceUnavailable: no leader"): WriteEvent => ({
  start,
  end,
  ok: false,
  error,
});

describe("failoverWindow", () => {
  test.each<[string, WriteEvent[], number, number | undefined, ReturnType<typeof failoverWindow>]>([
    [
      "a write in flight at the crash blocks through the election: the next write sent counts",
      [ok(900, 910), ok(995, 2_100), ok(2_100, 2_110)],
      1_000,
      1_005,
      { failoverMs: 1_110, failedWrites: 0 },
    ],
    [
      "failed writes between the crash and the first success are counted; the first error is kept",
      [
        ok(950, 990),
        failed(990, 1_500, "TimeoutError: 500 ms"),
        failed(1_505, 1_510, "InternalServerError: leader unreachable"),
        ok(1_515, 1_900),
        failed(1_900, 1_950),
      ],
      1_000,
      1_000,
      { failoverMs: 900, failedWrites: 2, firstError: "TimeoutError: 500 ms" },
    ],
    [
      "a success sent before the crash call returned may come from the old leader: it does not count",
      [ok(1_002, 1_004), ok(1_010, 1_800)],
      1_000,
      1_010,
      { failoverMs: 800, failedWrites: 0 },
    ],
    [
      "without sentAfter, writes sent from the crash on count",
      [ok(1_002, 1_004), ok(1_010, 1_800)],
      1_000,
      undefined,
      { failoverMs: 4, failedWrites: 0 },
    ],
    [
      "no success after the crash: null, and every failure after it is counted",
      [ok(500, 600), failed(600, 1_200), failed(1_200, 6_200), failed(6_200, 11_200)],
      1_000,
      1_000,
      { failoverMs: null, failedWrites: 3, firstError: "ServiceUnavailable: no leader" },
    ],
    [
      "failures answered before the crash are not part of the window",
      [failed(100, 200), ok(1_000, 1_300)],
      1_000,
      1_000,
      { failoverMs: 300, failedWrites: 0 },
    ],
    ["no writes at all", [], 1_000, 1_000, { failoverMs: null, failedWrites: 0 }],
  ])("%s", (_, events, crashAt, sentAfter, expected) => {
    expect(failoverWindow(events, crashAt, sentAfter)).toEqual(expected);
  });

  test("the first success is the earliest answer, whatever the order of the events", () => {
    const events = [ok(1_200, 1_900), ok(1_100, 1_700), ok(1_300, 1_800)];
    expect(failoverWindow(events, 1_000).failoverMs).toBe(700);
  });
});

describe("summarizeFailover", () => {
  test.each<[string, (number | null)[], Omit<FailoverSummary, "goalMs">]>([
    [
      "five rounds under the goal: the median and the maximum, met",
      [1_020, 1_005, 1_400, 990, 1_010],
      { rounds: 5, measured: 5, p50Ms: 1_010, maxMs: 1_400, met: true },
    ],
    [
      "an even count takes the lower middle (nearest rank)",
      [1_000, 1_200],
      { rounds: 2, measured: 2, p50Ms: 1_000, maxMs: 1_200, met: true },
    ],
    [
      "one round at the goal: not met (the goal is strictly under 2 s)",
      [1_000, 2_000],
      { rounds: 2, measured: 2, p50Ms: 1_000, maxMs: 2_000, met: false },
    ],
    [
      "a round with no success within the bound is not met, and left out of the figures",
      [1_000, null, 1_100],
      { rounds: 3, measured: 2, p50Ms: 1_000, maxMs: 1_100, met: false },
    ],
    ["no rounds: nothing to judge", [], { rounds: 0, measured: 0, p50Ms: null, maxMs: null, met: null }],
    ["no round measured", [null], { rounds: 1, measured: 0, p50Ms: null, maxMs: null, met: false }],
  ])("%s", (_, times, expected) => {
    expect(summarizeFailover(times, FAILOVER_GOAL_MS)).toEqual({ ...expected, goalMs: 2_000 });
  });

  test("leaves the rounds' order untouched", () => {
    const times = [3, 1, 2];
    summarizeFailover(times, 10);
    expect(times).toEqual([3, 1, 2]);
  });
});
