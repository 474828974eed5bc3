import { describe, expect, test } from "vitest";
import { renderMarkdown } from "../../../../bench/report/markdown";
import { median, pairedMedians, pairedSection, roundRatios } from "../../../../bench/report/paired";
import { type PairedResult, type PairedRun, readResult } from "../../../../bench/results";
import type { ThroughputOp } from "../../../../bench/signed-requests";
import { cellOf, fullRun, rowOf, tableAfter, throughput } from "./fixture";

/** A run of `target` in `round`: ops/s, p50, and server CPU seconds over its 10 s. */
function run(
  round: number,
  target: string,
  operation: ThroughputOp,
  ops: number,
  p50: number,
  server: number,
): PairedRun {
  return { round, target, ...throughput(operation, ops, { p50 }, { server }) };
}

/** Three rounds of GetItem: dynaflare ÷ floor is 0.8×, 0.5× (a slow spell on dynaflare alone), 0.9×. */
function paired(): PairedResult {
  return {
    subject: "dynaflare",
    baseline: "floor",
    seconds: 5,
    runs: [
      run(1, "dynaflare", "GetItem", 4_000, 6, 10),
      run(1, "floor", "GetItem", 5_000, 5, 10),
      run(2, "floor", "GetItem", 4_000, 6, 10),
      run(2, "dynaflare", "GetItem", 2_000, 12, 10),
      run(3, "dynaflare", "GetItem", 4_500, 5.5, 10),
      run(3, "floor", "GetItem", 5_000, 5, 10),
      run(1, "dynaflare", "PutItem", 1_000, 30, 8),
      run(1, "floor", "PutItem", 2_000, 15, 8),
    ],
  };
}

/** DynamoDB Local on disk as the baseline: PutItem 1.125×, 0.875×, 1.25×; GetItem 0.33× once. */
function pairedWithDisk(): PairedResult {
  return {
    subject: "dynaflare",
    baseline: "ddb-local-disk",
    seconds: 5,
    runs: [
      run(1, "dynaflare", "PutItem", 900, 35, 8),
      run(1, "ddb-local-disk", "PutItem", 800, 40, 8),
      run(2, "ddb-local-disk", "PutItem", 800, 40, 8),
      run(2, "dynaflare", "PutItem", 700, 45, 8),
      run(3, "dynaflare", "PutItem", 1_000, 32, 8),
      run(3, "ddb-local-disk", "PutItem", 800, 40, 8),
      run(1, "dynaflare", "GetItem", 3_000, 9, 10),
      run(1, "ddb-local-disk", "GetItem", 9_000, 3, 10),
    ],
  };
}

describe("paired rounds", () => {
  test("median of an odd and an even count, ignoring missing figures; none without any", () => {
    expect(median([3, undefined, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([undefined])).toBeUndefined();
  });

  test("each round's ratios are the subject's figures over the baseline's of the same round", () => {
    const rounds = roundRatios(paired(), "GetItem");
    expect(rounds.map((r) => r.round)).toEqual([1, 2, 3]);
    expect(rounds.map((r) => r.ops)).toEqual([0.8, 0.5, 0.9]);
    expect(rounds.map((r) => r.p50)).toEqual([1.2, 2, 1.1]);
    // Same server CPU seconds, so CPU per request goes as 1 / requests.
    expect(rounds[0].cpu).toBeCloseTo(5 / 4);
  });

  test("the medians over the rounds leave out the slow spell; a round missing its pair is not counted", () => {
    expect(pairedMedians(paired(), "GetItem")).toMatchObject({ rounds: 3, ops: 0.8, p50: 1.2 });
    const lonely = paired();
    lonely.runs.push(run(2, "dynaflare", "PutItem", 900, 31, 8));
    expect(pairedMedians(lonely, "PutItem")).toMatchObject({ rounds: 1, ops: 0.5, p50: 2 });
    expect(pairedMedians(undefined, "GetItem")).toBeUndefined();
  });

  test("the section lists every round and the median per operation", () => {
    const result = { ...fullRun(), paired: [paired()] };
    const section = pairedSection(result);
    const rows = tableAfter(section.join("\n"), section[0]);
    const median = rowOf(rows, "**median**", "GetItem");
    expect(cellOf(rows, median, "ops/s ratio")).toBe("**0.80×**");
    expect(cellOf(rows, rowOf(rows, "2", "GetItem"), "ops/s ratio")).toBe("0.50×");
    expect(cellOf(rows, rowOf(rows, "1", "PutItem"), "p50 ratio")).toBe("2.00×");
    expect(pairedSection(fullRun())).toEqual([]);
  });

  test("the issue's floor targets show the paired medians beside the single runs", () => {
    const markdown = renderMarkdown({ ...fullRun(), paired: [paired()] }, "chart.svg");
    const rows = tableAfter(markdown, "### The issue's targets");
    expect(cellOf(rows, rowOf(rows, "GetItem ops/s ÷ floor, paired (median of 3 rounds)"), "this run")).toBe("0.80×");
    expect(cellOf(rows, rowOf(rows, "GetItem p50 ÷ floor, paired (median of 3 rounds)"), "met")).toBe("✅");
    expect(cellOf(rows, rowOf(rows, "PutItem p50 ÷ floor, paired (median of 1 rounds)"), "met")).toBe("❌");
  });

  test("a pairing with DynamoDB Local on disk gets its own section and its own target rows", () => {
    const result = { ...fullRun(), paired: [paired(), pairedWithDisk()] };
    const lines = pairedSection(result);
    const headings = lines.flatMap((line, i) => (line.startsWith("## Paired throughput") ? [i] : []));
    expect(headings).toHaveLength(2);
    expect(lines[headings[1] - 1]).toBe("");
    const markdown = renderMarkdown(result, "chart.svg");
    const rows = tableAfter(markdown, "### The issue's targets");
    const put = rowOf(rows, "PutItem ops/s ÷ DynamoDB Local (disk), paired (median of 3 rounds)");
    expect(cellOf(rows, put, "this run")).toBe("1.13×");
    expect(cellOf(rows, put, "met")).toBe("✅");
    const get = rowOf(rows, "GetItem ops/s ÷ DynamoDB Local (disk), longer aim, paired (median of 1 rounds)");
    expect(cellOf(rows, get, "this run")).toBe("0.33×");
    expect(cellOf(rows, rowOf(rows, "GetItem ops/s ÷ floor, paired (median of 3 rounds)"), "this run")).toBe("0.80×");
  });

  test("results written before session 5 held one pairing as an object; reading them back makes it a list", () => {
    const legacy = JSON.stringify({ ...fullRun(), paired: paired() });
    expect(readResult(legacy).paired).toEqual([paired()]);
    expect(readResult(JSON.stringify({ ...fullRun(), paired: [paired()] })).paired).toEqual([paired()]);
    expect(readResult(JSON.stringify(fullRun())).paired).toBeUndefined();
  });
});
