import { describe, expect, test } from "vitest";
import { renderMarkdown } from "../../../../bench/report/markdown";
import { heatGoal, SPLITS_HEADING, splitsSection, splitTargetRows } from "../../../../bench/report/splits";
import type { HeatSplitResult, HeatSplitWindow, SizeSplitResult, SplitsResult } from "../../../../bench/results";
import { summarizeSplitLoad } from "../../../../bench/split-figures";
import { benchResult, cpuUse, replicatedRun, rowOf, tableAfter, target } from "./fixture";

/** The markdown table whose header row starts with `start`. */
const tableAt = (markdown: string, start: string) => tableAfter(`\n${markdown.slice(markdown.indexOf(start))}`, "");

const split = (parent: string, children: string[], since: number, took: number, reason: "size" | "heat" = "size") => ({
  parent,
  children,
  point: "8000000000000000",
  reason,
  since,
  at: since + took,
  lsn: 100,
});

function sizeResult(extra: Partial<SizeSplitResult> = {}): SizeSplitResult {
  const splits = [split("p0", ["p1", "p2"], 10_000, 1_200), split("p2", ["p3", "p4"], 12_000, 900)];
  return {
    vars: { ADMIN_API: "on", INITIAL_PARTITIONS: "1", SPLIT_SIZE_BYTES: "524288" },
    table: "usertable_split_size",
    splitSizeBytes: 524_288,
    items: 1_176,
    concurrency: 4,
    mix: { put: 0.5, get: 0.35, scan: 0.15 },
    scanLimit: 100,
    tailMs: 2_000,
    splits,
    partitions: 3,
    load: summarizeSplitLoad(
      [
        { op: "put", start: 9_000, end: 9_010, ok: true },
        { op: "get", start: 9_100, end: 9_105, ok: true },
        { op: "put", start: 10_500, end: 10_700, ok: true },
        { op: "scan", start: 11_000, end: 11_020, ok: false, error: "TimeoutError: socket | hang up\nat …" },
        { op: "scan", start: 14_000, end: 14_030, ok: true },
      ],
      splits,
    ),
    scans: { passes: 12, faulty: 0, duplicates: 0, missing: 0 },
    loadSeconds: 8,
    itemsCheck: { items: 1_176, unreadable: 0, wrongValue: 0 },
    scanCheck: { returned: 1_177, distinct: 1_177, duplicates: 0, missing: 0, unacknowledged: 1 },
    cpu: cpuUse({ wallSeconds: 8 }),
    ...extra,
  };
}

const heatWindowOf = (opsPerSecond: number, extra: Partial<HeatSplitWindow> = {}): HeatSplitWindow => ({
  from: 0,
  to: 5_000,
  writes: opsPerSecond * 5,
  throttled: 900,
  errors: 0,
  opsPerSecond,
  cutShort: false,
  cpu: cpuUse({ server: 3.4, wallSeconds: 5 }),
  ...extra,
});

function heatResult(extra: Partial<HeatSplitResult> = {}): HeatSplitResult {
  return {
    vars: { PARTITION_WRITE_UNITS: "100", SPLIT_HEAT_PERCENT: "80", SPLIT_HEAT_SECONDS: "8" },
    table: "usertable_split_heat",
    concurrency: 4,
    keys: 10_000,
    throttledPauseMs: 10,
    windowSeconds: 5,
    settleMs: 1_000,
    before: heatWindowOf(100),
    after: heatWindowOf(190),
    waitedMs: 4_300,
    splits: [split("p0", ["p1", "p2"], 20_000, 1_190, "heat")],
    partitions: 2,
    ...extra,
  };
}

function runWith(splits: SplitsResult) {
  const run = replicatedRun();
  run.targets[0].splits = splits;
  return run;
}

describe("splitsSection", () => {
  const text = splitsSection(runWith({ size: sizeResult(), heat: heatResult() })).join("\n");

  test("states what was measured and how", () => {
    expect(text.startsWith(SPLITS_HEADING)).toBe(true);
    expect(text).toContain("SPLIT_SIZE_BYTES=524288");
    expect(text).toContain("50% PutItem, 35% GetItem (consistent), 15% Scan page");
    expect(text).toContain("until 1,176 were sent (about 2.4× SPLIT_SIZE_BYTES");
    expect(text).toContain("PARTITION_WRITE_UNITS=100");
    expect(text).toContain("on a random one of 10,000 keys; a throttled write is counted and sent again after 10 ms");
  });

  test("one row per split with its duration, then p50 and max over the splits", () => {
    expect(tableAt(text, "| split | parent")).toEqual([
      ["split", "parent → children", "reason", "point", "duration ms"],
      ["1", "p0 → p1, p2", "size", "`8000000000000000`", "1,200"],
      ["2", "p2 → p3, p4", "size", "`8000000000000000`", "900"],
    ]);
    expect(text).toContain("2 splits into 3 partitions: duration p50 900 ms, max 1,200 ms; the load ran 8.0 s in all.");
  });

  test("the load's requests per period and operation; empty cells left out, failures in bold", () => {
    const rows = tableAt(text, "| period | request");
    expect(rows.slice(1).map((r) => `${r[0]} / ${r[1]}`)).toEqual([
      "before the splits / PutItem",
      "before the splits / GetItem (consistent)",
      "during the splits / PutItem",
      "during the splits / Scan page",
      "after the splits / Scan page",
    ]);
    expect(rowOf(rows, "during the splits", "Scan page")).toEqual([
      "during the splits",
      "Scan page",
      "1",
      "**1**",
      "–",
      "–",
      "–",
    ]);
    expect(rowOf(rows, "during the splits", "PutItem").slice(4)).toEqual(["200", "200", "200"]);
  });

  test("the checks against their goal of none, and the first failure on one line", () => {
    const checks = tableAt(text, "| check | goal");
    expect(rowOf(checks, "requests failed during the splits")).toEqual([
      "requests failed during the splits",
      "0",
      "1",
      "❌",
    ]);
    expect(rowOf(checks, "requests failed, whole load (5 requests)").at(-1)).toBe("❌");
    expect(rowOf(checks, "after: a full Scan's keys twice or missing (1,177 returned)").slice(2)).toEqual(["0", "✅"]);
    expect(text).toContain("returned 1 items whose PutItem failed");
    expect(text).toContain("First failure during the splits: `scan: TimeoutError: socket \\| hang up`.");
    expect(text).not.toContain("at …");
  });

  test("the heat windows, the ratio against the goal, and the splits made", () => {
    const windows = tableAt(text, "| window | s");
    expect(rowOf(windows, "before the split (one partition)")).toEqual([
      "before the split (one partition)",
      "5.0",
      "500",
      "100",
      "900",
      "0",
      "3.4",
      "–",
    ]);
    expect(rowOf(windows, "after the split (two partitions)")[3]).toBe("190");
    expect(rowOf(tableAt(text, "| figure | goal"), "writes/s after one split ÷ before")).toEqual([
      "writes/s after one split ÷ before",
      "≥ 1.70×",
      "1.90×",
      "✅",
    ]);
    expect(text).toContain("The split (p0 → p1, p2, heat) took 1,190 ms");
    expect(text).toContain("the table had 2 partitions and 1 split (heat)");
  });

  test("a window cut short or disturbed is marked; below the goal it is not met", () => {
    const slow = heatResult({
      after: heatWindowOf(150, { cutShort: true, cpu: cpuUse({ others: 3, wallSeconds: 5 }) }),
    });
    const section = splitsSection(runWith({ heat: slow })).join("\n");
    expect(rowOf(tableAt(section, "| window | s"), "after the split (two partitions)").at(-1)).toBe(
      "cut short by a split, ⚠ disturbed",
    );
    expect(rowOf(tableAt(section, "| figure | goal"), "writes/s after one split ÷ before").slice(2)).toEqual([
      "1.50×",
      "❌",
    ]);
    expect(section).not.toContain("**Size**");
    const more = splitsSection(runWith({ heat: heatResult({ splitting: 2 }) })).join("\n");
    expect(more).toContain("the table had 2 partitions and 1 split (heat), and 2 more under way.");
  });

  test("a part stopped early: what it measured and its error on one line", () => {
    const section = splitsSection(
      runWith({
        size: sizeResult({
          splits: [],
          load: undefined,
          loadSeconds: undefined,
          error: "the splits were not done\nlog",
        }),
        heat: heatResult({ before: undefined, after: undefined, splits: [], partitions: 1, error: "no split" }),
      }),
    ).join("\n");
    expect(section).toContain("0 splits into 3 partitions: duration p50 – ms, max – ms.");
    expect(section).not.toContain("| period | request");
    expect(section).toContain("**Stopped early**: the splits were not done");
    expect(section).not.toContain("done\nlog");
    expect(rowOf(tableAt(section, "| figure | goal"), "writes/s after one split ÷ before").slice(2)).toEqual([
      "–",
      "n/a",
    ]);
    expect(section).toContain("**Stopped early**: no split");
  });

  test("no target with the phase: no section", () => {
    expect(splitsSection(benchResult([target("floor", "floor")]))).toEqual([]);
    expect(splitsSection(replicatedRun())).toEqual([]);
  });
});

describe("the issue's targets", () => {
  test("failed requests during the size splits, and the heat split's ratio", () => {
    const run = runWith({ size: sizeResult(), heat: heatResult() });
    expect(heatGoal(run.targets[0])).toEqual({ ratio: 1.9, met: true });
    expect(splitTargetRows(run.targets[0])).toEqual([
      "| Requests failed during size splits, 4 SDK clients (mixed load) | 0 | 1 | ❌ |",
      "| PutItem ops/s after one split for heat ÷ before, 4 SDK clients | ≥ 1.7× | 1.90× | ✅ |",
    ]);
    const markdown = renderMarkdown(run, "chart.svg");
    expect(markdown).toContain(
      "| PutItem ops/s after one split for heat ÷ before, 4 SDK clients | ≥ 1.7× | 1.90× | ✅ |",
    );
    expect(markdown).toContain(SPLITS_HEADING);
  });

  test("the phase did not run: n/a", () => {
    const run = replicatedRun();
    expect(heatGoal(run.targets[0])).toBeUndefined();
    expect(splitTargetRows(run.targets[0])).toEqual([
      "| Requests failed during size splits | 0 | – | n/a |",
      "| PutItem ops/s after one split for heat ÷ before | ≥ 1.7× | – | n/a |",
    ]);
  });

  test("a disturbed heat window is named at the top of the report", () => {
    const run = runWith({
      heat: heatResult({ before: heatWindowOf(100, { cpu: cpuUse({ others: 3, wallSeconds: 5 }) }) }),
    });
    expect(renderMarkdown(run, "chart.svg")).toContain("dynaflare heat split, window before (SDK)");
  });
});
