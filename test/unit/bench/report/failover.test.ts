import { describe, expect, test } from "vitest";
import { failoverSection } from "../../../../bench/report/failover";
import { benchResult, cellOf, cpuUse, failoverResult, fullRun, replicatedRun, rowOf, target } from "./fixture";

const HEADING = "## Failover (leader crash → first successful write)";

/** The markdown tables of a section, each as rows of cells (header first, separator dropped). */
function tables(lines: string[]): string[][][] {
  const blocks: string[][][] = [];
  let previous = "";
  for (const line of lines) {
    if (line.startsWith("|") && !previous.startsWith("|")) blocks.push([]);
    if (line.startsWith("|") && !/^\| -/.test(line)) blocks[blocks.length - 1].push(line.slice(2, -2).split(" | "));
    previous = line;
  }
  return blocks;
}

describe("failoverSection", () => {
  const lines = failoverSection(replicatedRun());
  const text = lines.join("\n");

  test("states how the phase ran: settings, the writer, what is timed, and the writes sent", () => {
    expect(lines[0]).toBe(HEADING);
    expect(text).toContain("REPLICATION_FACTOR=3, LEASE_MS=1000, INITIAL_PARTITIONS=1");
    expect(text).toContain("from just before the crash call to the answer of the first successful PutItem");
    expect(text).toContain("(at most 30 s)");
    expect(text).toContain("Writes: 300 succeeded, 3 failed.");
  });

  test("summary: rounds measured, the goal, p50 and max in seconds, and whether it is met", () => {
    const [summary] = tables(lines);
    expect(summary).toEqual([
      ["target", "rounds", "goal", "p50 s", "max s", "met"],
      ["dynaflare: leader crash → first successful write", "3 of 3", "< 2.00 s", "1.01", "1.25", "✅"],
    ]);
  });

  test("rounds: zones of the crashed and new leader, terms, times, failed writes and the first error escaped", () => {
    const [, rounds] = tables(lines);
    expect(rounds[0]).toEqual([
      "round",
      "crashed leader",
      "term before",
      "new leader",
      "term after",
      "failover s",
      "failed writes",
      "first error",
      "crash call ms",
      "catch-up s",
      "other processes",
    ]);
    expect(rowOf(rounds, "1")).toEqual([
      "1",
      "us-east-1a",
      "1",
      "us-east-1b",
      "2",
      "1.01",
      "0",
      "–",
      "12",
      "0.64",
      "–",
    ]);
    expect(cellOf(rounds, rowOf(rounds, "2"), "first error")).toBe("`TimeoutError: socket \\| hang up`");
    expect(rounds.map((row) => row[0])).toEqual(["round", "1", "2", "3"]);
  });

  test.each<[string, (number | null)[], string[]]>([
    ["a round at 2 s or more misses the goal", [1_000, 2_400], ["2 of 2", "< 2.00 s", "1.00", "2.40", "❌"]],
    ["a round without a successful write misses it too", [1_000, null], ["1 of 2", "< 2.00 s", "1.00", "1.00", "❌"]],
  ])("%s", (_, times, summary) => {
    const result = benchResult([target("dynaflare", "dynaflare")]);
    result.targets[0].failover = failoverResult(times);
    const section = failoverSection(result);
    const [table, rounds] = tables(section);
    expect(table[1].slice(1)).toEqual(summary);
    if (times.includes(null)) {
      const missed = rowOf(rounds, "2");
      expect([cellOf(rounds, missed, "failover s"), cellOf(rounds, missed, "new leader")]).toEqual(["**none**", "–"]);
    }
  });

  test("a disturbed round is flagged; a phase stopped early says why and keeps its rounds", () => {
    const result = benchResult([target("dynaflare", "dynaflare")]);
    const failover = failoverResult([1_000, 1_100], { error: "the group had no leader within 10000 ms\nstack" });
    failover.rounds[1].cpu = cpuUse({ others: 0.5, wallSeconds: 1 });
    result.targets[0].failover = failover;
    const section = failoverSection(result);
    expect(section).toContain("**Stopped early**: the group had no leader within 10000 ms");
    const [, rounds] = tables(section);
    expect(cellOf(rounds, rowOf(rounds, "2"), "other processes")).toBe("⚠ disturbed");
    expect(cellOf(rounds, rowOf(rounds, "1"), "other processes")).toBe("–");
  });

  test("a phase that failed before any round shows the summary at n/a and no rounds table", () => {
    const result = benchResult([target("dynaflare", "dynaflare")]);
    result.targets[0].failover = failoverResult([], { error: "could not start" });
    const blocks = tables(failoverSection(result));
    expect(blocks).toHaveLength(1);
    expect(blocks[0][1].slice(1)).toEqual(["0 of 0", "< 2.00 s", "–", "–", "n/a"]);
  });

  test("nothing when no target has a failover phase", () => {
    expect(failoverSection(fullRun())).toEqual([]);
  });
});
