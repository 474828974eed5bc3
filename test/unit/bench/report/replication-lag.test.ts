import { describe, expect, test } from "vitest";
import { summarizeVisibility } from "../../../../bench/replication-figures";
import { renderMarkdown } from "../../../../bench/report/markdown";
import { replicationLagSection } from "../../../../bench/report/replication-lag";
import type { ReplicationLagResult, ReplicationLagSetting } from "../../../../bench/results";
import { benchResult, cellOf, replicatedRun, rowOf, tableAfter, target } from "./fixture";

const HEADING = "## Replication lag between regions (global table)";

function setting(latency: string, lags: [number, number][], extra: Partial<ReplicationLagSetting> = {}) {
  const regions = ["eu-west-1", "ap-northeast-1"];
  return {
    latency,
    writeSeconds: 5,
    writes: { ok: 400, failed: 2 },
    drainMs: 250,
    destinations: lags.map(([p50, p99], i) => ({
      region: regions[i],
      lagP50Ms: p50,
      lagP99Ms: p99,
      samples: 400,
      pending: 0,
      visible: summarizeVisibility([p50 / 2, p50 / 2 + 1, p99 / 2]),
    })),
    ...extra,
  } satisfies ReplicationLagSetting;
}

function lagResult(settings: ReplicationLagSetting[]): ReplicationLagResult {
  return {
    vars: { ADMIN_API: "on", INITIAL_PARTITIONS: "2" },
    homeRegion: "us-east-1",
    writers: 4,
    visibilityKeys: 3,
    pollEveryMs: 5,
    pollBoundMs: 10_000,
    drainBoundMs: 30_000,
    settings,
  };
}

function runWith(lag: ReplicationLagResult) {
  const run = replicatedRun();
  run.targets[0].replicationLag = lag;
  return run;
}

const measured = lagResult([
  setting("off", [
    [30, 54],
    [31, 61],
  ]),
  setting("default", [
    [142, 190],
    [292, 696],
  ]),
]);

describe("replicationLagSection", () => {
  const lines = replicationLagSection(runWith(measured));
  const text = lines.join("\n");
  const rows = tableAfter(text, HEADING);

  test("states how the phase ran: vars, home region, writers, what each figure measures and its bounds", () => {
    expect(lines[0]).toBe(HEADING);
    expect(text).toContain("(ADMIN_API=on, INITIAL_PARTITIONS=2)");
    expect(text).toContain("created in us-east-1");
    expect(text).toContain("4 closed-loop SDK clients");
    expect(text).toContain("from a change's version time at the origin leader to its acknowledgement");
    expect(text).toContain("3 new keys, one at a time");
    expect(text).toContain("polled every 5 ms, at most 10 s");
    expect(text).toContain("(at most 30 s)");
  });

  test("one row per setting and destination: server lag, samples, pending, client visible-after", () => {
    expect(rows[0]).toEqual([
      "REGION_LATENCY_MS",
      "destination",
      "lag p50 ms",
      "lag p99 ms",
      "lag samples",
      "pending after drain",
      "visible after p50 ms",
      "visible after p99 ms",
      "keys visible",
    ]);
    expect(rows).toHaveLength(5);
    expect(rowOf(rows, "off (no added latency)", "eu-west-1")).toEqual([
      "off (no added latency)",
      "eu-west-1",
      "30.0",
      "54.0",
      "400",
      "0",
      "16.0",
      "27.0",
      "3 of 3",
    ]);
    const ap = rowOf(rows, "default (70 ms US↔EU, 150 ms US↔AP round trips)", "ap-northeast-1");
    expect(cellOf(rows, ap, "lag p99 ms")).toBe("696.0");
    expect(cellOf(rows, ap, "visible after p50 ms")).toBe("147.0");
  });

  test("each setting's writes and drain time are listed", () => {
    expect(text).toContain("- REGION_LATENCY_MS=off: 400 writes (2 failed) in 5 s; drained 0.25 s after the writes");
  });

  test("a setting that did not drain, missed keys, null figures and an error are shown as such", () => {
    const failed = setting("default", [[10, 20]], {
      drainMs: null,
      error: "replica eu-west-1 not ACTIVE within 60 s\nstack",
    });
    failed.destinations[0] = {
      ...failed.destinations[0],
      lagP50Ms: null,
      lagP99Ms: null,
      pending: null,
      visible: summarizeVisibility([null, 5]),
    };
    const empty = setting("off", [], { error: "boom" });
    const section = replicationLagSection(runWith(lagResult([failed, empty]))).join("\n");
    const table = tableAfter(section, HEADING);
    expect(rowOf(table, "default (70 ms US↔EU, 150 ms US↔AP round trips)", "eu-west-1")).toEqual([
      "default (70 ms US↔EU, 150 ms US↔AP round trips)",
      "eu-west-1",
      "–",
      "–",
      "400",
      "–",
      "5.0",
      "5.0",
      "**1 of 2**",
    ]);
    expect(rowOf(table, "off (no added latency)")).toEqual(["off (no added latency)", ...Array(8).fill("–")]);
    expect(section).toContain(
      "did **not** drain within the bound; **stopped early**: replica eu-west-1 not ACTIVE within 60 s",
    );
    expect(section).not.toContain("stack");
    expect(section).toContain(
      "REGION_LATENCY_MS=off: 400 writes (2 failed) in 5 s; drained 0.25 s after the writes; **stopped early**: boom",
    );
  });

  test("an unknown setting (a JSON distance table) is shown verbatim", () => {
    const section = replicationLagSection(runWith(lagResult([setting('{"a":1}', [[1, 2]])]))).join("\n");
    expect(rowOf(tableAfter(section, HEADING), '{"a":1}', "eu-west-1")[2]).toBe("1.0");
  });

  test("no target with the phase: no section", () => {
    expect(replicationLagSection(benchResult([target("floor", "floor")]))).toEqual([]);
    expect(replicationLagSection(replicatedRun())).toEqual([]);
  });

  test("the full report carries the section after the failover section", () => {
    const markdown = renderMarkdown(runWith(measured), "latest.svg");
    const failover = markdown.indexOf("## Failover");
    const lag = markdown.indexOf(HEADING);
    expect(failover).toBeGreaterThan(0);
    expect(lag).toBeGreaterThan(failover);
  });
});
