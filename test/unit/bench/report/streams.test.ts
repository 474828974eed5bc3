import { describe, expect, test } from "vitest";
import { renderMarkdown } from "../../../../bench/report/markdown";
import {
  STREAMS_HEADING,
  streamGoals,
  streamsSection,
  streamTargetRows,
  streamWritesOf,
} from "../../../../bench/report/streams";
import type { StreamDelayResult, StreamRun, StreamsResult } from "../../../../bench/results";
import { STREAM_TABLES } from "../../../../bench/stream-writes";
import { benchResult, cellOf, cpuUse, fullRun, replicatedRun, rowOf, tableAfter, target } from "./fixture";

/** The markdown table whose header row starts with `start`. */
const tableAt = (markdown: string, start: string) => tableAfter(`\n${markdown.slice(markdown.indexOf(start))}`, "");

function streamRun(round: number, table: string, opsPerSecond: number, extra: Partial<StreamRun> = {}): StreamRun {
  const p50 = 4_000 / opsPerSecond;
  return {
    round,
    table,
    seconds: 5,
    latency: { count: opsPerSecond * 5, errors: 0, p50, p95: p50 * 2, p99: p50 * 3, mean: p50, max: p50 * 4 },
    opsPerSecond,
    cpu: cpuUse({ server: 2, wallSeconds: 5 }),
    ...extra,
  };
}

function delay(extra: Partial<StreamDelayResult> = {}): StreamDelayResult {
  return {
    writes: 1_000,
    failed: 0,
    seen: 998,
    missed: 2,
    seenBeforeAck: 3,
    p50Ms: 6.5,
    p99Ms: 42,
    maxMs: 120,
    everyMs: 15,
    shards: 4,
    put: { count: 1_000, errors: 0, p50: 3.2, p95: 5, p99: 8, mean: 3.5, max: 20 },
    getRecords: { count: 5_000, errors: 0, p50: 1.5, p95: 3, p99: 4, mean: 1.7, max: 9 },
    passes: 1_250,
    emptyPasses: 300,
    records: 998,
    cpu: cpuUse({ server: 3, wallSeconds: 16 }),
    ...extra,
  };
}

/** Two rounds: the streamed table at 0.8× and 0.9× the plain one (median 0.85×, the goal's edge). */
function streamsResult(extra: Partial<StreamsResult> = {}): StreamsResult {
  return {
    vars: {},
    tables: STREAM_TABLES.map((t) => ({ ...t })),
    keys: 2_000,
    delay: delay(),
    concurrency: 4,
    seconds: 5,
    rounds: 2,
    warmupSeconds: 3,
    runs: [
      streamRun(1, "none", 1_000),
      streamRun(1, "new-and-old", 800),
      streamRun(2, "new-and-old", 810, {
        cpu: cpuUse({ server: 2, others: 3, wallSeconds: 5 }),
        latency: { count: 4_050, errors: 2, p50: 5, p95: 10, p99: 15, mean: 5, max: 20 },
        firstError: "TimeoutError: socket hang up\nat …",
      }),
      streamRun(2, "none", 900),
    ],
    ...extra,
  };
}

function runWith(streams: StreamsResult) {
  const run = replicatedRun();
  run.targets[0].streams = streams;
  return run;
}

describe("streamsSection", () => {
  const text = streamsSection(runWith(streamsResult())).join("\n");

  test("states what was measured and how", () => {
    expect(text.startsWith(STREAMS_HEADING)).toBe(true);
    expect(text).toContain("as `npm start` runs it");
    expect(text).toContain("each loaded first with 2,000 items of ~1 KB");
    expect(text).toContain("one every 15 ms");
    expect(text).toContain("a `LATEST` iterator on each of its 4 shards taken before the first write");
    expect(text).toContain("4 clients sharing keep-alive connections");
    expect(text).toContain("After 3 s of each table unmeasured, 2 rounds run each table for 5 s");
    expect(text).toContain("whether or not anyone reads them");
  });

  test("the stream delay: records got, missed, early, p50/p99/max against the goal", () => {
    const rows = tableAt(text, "| writes | records got");
    expect(rows).toEqual([
      [
        "writes",
        "records got",
        "missed",
        "failed writes",
        "got before the answer",
        "delay p50 ms",
        "delay p99 ms",
        "delay max ms",
        "goal (p99)",
        "met",
      ],
      ["1,000", "998", "**2**", "0", "3", "6.50", "42.0", "120", "< 200 ms", "✅"],
    ]);
    expect(text).toContain("The paced PutItems took 3.20 ms at p50 and 8.00 ms at p99");
    expect(text).toContain("1,250 passes over the shards (300 got no record)");
    expect(text).not.toContain("**Disturbed**");
  });

  test("a p99 of 200 ms or more misses the goal; none seen is n/a", () => {
    const slow = streamsSection(runWith(streamsResult({ delay: delay({ p99Ms: 200 }) }))).join("\n");
    expect(tableAt(slow, "| writes | records got")[1].at(-1)).toBe("❌");
    const none = streamsSection(
      runWith(streamsResult({ delay: delay({ seen: 0, missed: 1_000, p50Ms: null, p99Ms: null, maxMs: null }) })),
    ).join("\n");
    expect(tableAt(none, "| writes | records got")[1].slice(5)).toEqual(["–", "–", "–", "< 200 ms", "n/a"]);
  });

  test("one row per table: medians over the rounds with their spread, the ops/s ratio to no stream", () => {
    const rows = tableAt(text, "| table | ops/s");
    expect(rows.slice(1).map((r) => r[0])).toEqual(STREAM_TABLES.map((t) => t.label));
    const none = rowOf(rows, "no stream");
    expect(cellOf(rows, none, "ops/s")).toBe("950 (900–1,000)");
    expect(cellOf(rows, none, "ops/s ÷ no stream")).toBe("1×");
    const streamed = rowOf(rows, "stream, `NEW_AND_OLD_IMAGES`");
    expect(cellOf(rows, streamed, "ops/s ÷ no stream")).toBe("0.85× (0.80×–0.90×)");
    expect(cellOf(rows, streamed, "errors")).toBe("**2**");
    // 2 server CPU s over 5,000 writes (round 1's plain run) and over 4,500
    expect(cellOf(rows, none, "server CPU µs/write")).toBe("422 (400–444)");
  });

  test("ratios within each round, the goal checked on ops/s", () => {
    const ratios = tableAt(text, "| ratio | median");
    expect(rowOf(ratios, "stream ÷ no stream, ops/s")).toEqual([
      "stream ÷ no stream, ops/s",
      "0.85×",
      "0.80×–0.90×",
      "2",
      "≥ 0.85×",
      "✅",
    ]);
    expect(rowOf(ratios, "stream ÷ no stream, server CPU per write").slice(3)).toEqual(["2", "", ""]);
  });

  test("below 0.85×: the goal is not met", () => {
    const slow = streamsResult();
    slow.runs = slow.runs.map((run) =>
      run.table === "new-and-old" ? { ...run, opsPerSecond: run.opsPerSecond * 0.99 } : run,
    );
    const ratios = tableAt(streamsSection(runWith(slow)).join("\n"), "| ratio | median");
    expect(rowOf(ratios, "stream ÷ no stream, ops/s").at(-1)).toBe("❌");
  });

  test("one row per round: the order, each table's ops/s, the ratio and the disturbed runs", () => {
    const rounds = tableAt(text, "| round | order");
    expect(rounds[0]).toEqual([
      "round",
      "order",
      "no stream ops/s",
      "stream ops/s",
      "stream ÷ no stream",
      "disturbed runs",
    ]);
    expect(rowOf(rounds, "1")).toEqual(["1", "no stream, stream", "1,000", "800", "0.80×", "none"]);
    expect(rowOf(rounds, "2")).toEqual(["2", "stream, no stream", "900", "810", "0.90×", "stream"]);
  });

  test("the first error of each table's runs and of the delay", () => {
    expect(text).toContain("- stream, `NEW_AND_OLD_IMAGES`: errors; the first: TimeoutError: socket hang up");
    expect(text).not.toContain("at …");
    const failed = streamsSection(
      runWith(streamsResult({ delay: delay({ firstError: "GetRecords: ExpiredIteratorException: x\ny" }) })),
    ).join("\n");
    expect(failed).toContain("- stream delay: errors; the first: GetRecords: ExpiredIteratorException: x");
  });

  test("no delay and no runs: the description and the phase's error, no tables", () => {
    const section = streamsSection(
      runWith(streamsResult({ delay: undefined, runs: [], error: "server did not start\nlog" })),
    ).join("\n");
    expect(section).toContain("closed-loop PutItem");
    expect(section).not.toContain("| writes |");
    expect(section).not.toContain("| table |");
    expect(section).toContain("**Stopped early**: server did not start");
    expect(section).not.toContain("start\nlog");
  });

  test("no target with the phase: no section", () => {
    expect(streamsSection(benchResult([target("floor", "floor")]))).toEqual([]);
    expect(streamsSection(replicatedRun())).toEqual([]);
  });
});

describe("streamWritesOf and streamGoals", () => {
  test("the summary follows the runs, tables in the phase's order", () => {
    const summary = streamWritesOf(streamsResult());
    expect(summary?.tables.map((t) => t.table)).toEqual(["none", "new-and-old"]);
    expect(summary?.tables[1]).toMatchObject({ errors: 2, writes: 4_000 + 4_050 });
    expect(streamWritesOf(streamsResult({ runs: [] }))).toBeUndefined();
  });

  test("the goals: the delay's p99 and the median of the rounds' ratios", () => {
    const goals = streamGoals(runWith(streamsResult()).targets[0]);
    expect(goals).toMatchObject({ delayP99Ms: 42, rounds: 2 });
    expect(goals?.ratio).toBeCloseTo(0.85);
    expect(streamGoals(runWith(streamsResult({ runs: [], delay: undefined })).targets[0])).toEqual({
      delayP99Ms: undefined,
      rounds: 0,
      ratio: undefined,
    });
    expect(streamGoals(replicatedRun().targets[0])).toBeUndefined();
    expect(streamGoals(undefined)).toBeUndefined();
  });

  test("the targets rows: n/a without the phase", () => {
    expect(streamTargetRows(replicatedRun().targets[0])).toEqual([
      "| Stream delay p99, PutItem's answer → GetRecords (1 paced writer, 1 polling reader) | < 200 ms | – | n/a |",
      "| PutItem ops/s, NEW_AND_OLD_IMAGES stream ÷ none | ≥ 0.85× | – | n/a |",
    ]);
  });
});

describe("in the full report", () => {
  const run = fullRun();
  run.targets[0].streams = streamsResult();
  const markdown = renderMarkdown(run, "latest.svg");

  test("the issue's targets carry the goals' rows", () => {
    const rows = tableAfter(markdown, "### The issue's targets");
    expect(rowOf(rows, "Stream delay p99, PutItem's answer → GetRecords (1 paced writer, 1 polling reader)")).toEqual([
      "Stream delay p99, PutItem's answer → GetRecords (1 paced writer, 1 polling reader)",
      "< 200 ms",
      "42.0 ms",
      "✅",
    ]);
    expect(
      rowOf(rows, "PutItem ops/s, NEW_AND_OLD_IMAGES stream ÷ none, 4 SDK clients (median of 2 paired rounds)"),
    ).toEqual([
      "PutItem ops/s, NEW_AND_OLD_IMAGES stream ÷ none, 4 SDK clients (median of 2 paired rounds)",
      "≥ 0.85×",
      "0.85×",
      "✅",
    ]);
  });

  test("the section comes after the issue's targets and before SDK latency", () => {
    expect(markdown.indexOf(STREAMS_HEADING)).toBeGreaterThan(markdown.indexOf("### The issue's targets"));
    expect(markdown.indexOf(STREAMS_HEADING)).toBeLessThan(markdown.indexOf("## Latency through the AWS SDK"));
  });

  test("a disturbed run is named in the report's warning at the top", () => {
    expect(markdown).toContain("dynaflare streams PutItem on new-and-old, round 2 (SDK)");
  });

  test("a disturbed delay measurement too", () => {
    const disturbed = fullRun();
    disturbed.targets[0].streams = streamsResult({
      delay: delay({ cpu: cpuUse({ server: 3, others: 5, wallSeconds: 16 }) }),
    });
    const rendered = renderMarkdown(disturbed, "latest.svg");
    expect(rendered).toContain("dynaflare stream delay (SDK)");
    expect(rendered).toContain("**Disturbed**: other processes used a quarter of a core or more meanwhile.");
  });
});
