import { describe, expect, test } from "vitest";
import { renderMarkdown } from "../../../../bench/report/markdown";
import type { ThroughputResult } from "../../../../bench/results";
import {
  benchResult,
  cellOf,
  cpuUse,
  fullRun,
  phase,
  replicatedRun,
  rowOf,
  summary,
  tableAfter,
  target,
  throughput,
} from "./fixture";

const HEADINGS = {
  throughput: "## Server-bound throughput (wrk, pre-signed requests)",
  ratios: "### dynaflare ÷ each target (ops/s: above 1× is faster; latency: below 1× is faster)",
  checks: "### The issue's targets",
  percentiles: "### p50 / p95 / p99 latency, ms",
  phaseThroughput: "### Closed-loop ops/s per phase (bounded by the client: see CPU below)",
  latencyRatios: "### dynaflare p50 ÷ each target's p50 (below 1× is faster)",
  cpu: "## CPU seconds per process",
  replicationCost: "## Replication cost: dynaflare ÷ dynaflare-1",
  failover: "## Failover (leader crash → first successful write)",
};

describe("renderMarkdown", () => {
  const markdown = renderMarkdown(fullRun(), "latest.svg");

  test("every table row has as many cells as its header, under a --- separator", () => {
    const blocks: string[][] = [];
    let previous = "";
    for (const line of markdown.split("\n")) {
      if (line.startsWith("|") && !previous.startsWith("|")) blocks.push([]);
      if (line.startsWith("|")) blocks[blocks.length - 1].push(line);
      previous = line;
    }
    expect(blocks).toHaveLength(7);
    for (const block of blocks) {
      const width = block[0].split(" | ").length;
      expect(block[1]).toMatch(/^\| ---( \| ---)* \|$/);
      for (const line of block) expect(line.split(" | "), line).toHaveLength(width);
    }
  });

  test("states when, where and how the run was made, and links the chart", () => {
    expect(markdown.startsWith("# Benchmark results\n")).toBe(true);
    expect(markdown).toContain("Run 2025-01-02 03:04 UTC, wall time 6.5 min: `npm run bench`");
    expect(markdown).toContain("Machine: 2 × Test CPU, 8 GiB, Linux 6.1; node v22.23.3.");
    expect(markdown).toContain("Settings: 2,000 records of ~1 KB");
    expect(markdown).toContain("4 closed-loop clients, keep-alive, 5 s per phase after 3 s of unmeasured workload A");
    expect(markdown).toContain("`wrk -t2 -c32 -d10s` over 1,000 pre-signed requests per operation");
    expect(markdown).toContain("![throughput and latency per target](latest.svg)");
    expect(markdown.endsWith("|\n")).toBe(true);
  });

  test("throughput table: figures formatted, CPU µs per operation and what bound the run", () => {
    const rows = tableAfter(markdown, HEADINGS.throughput);
    expect(rows[0]).toEqual([
      "target",
      "operation",
      "ops/s",
      "p50 ms",
      "p90 ms",
      "p99 ms",
      "max ms",
      "errors",
      "server CPU s",
      "wrk CPU s",
      "server CPU µs/op",
      "bound by",
    ]);
    expect(rowOf(rows, "dynaflare", "GetItem")).toEqual([
      "dynaflare",
      "GetItem",
      "3,000",
      "6.00",
      "4.00",
      "40.0",
      "20.0",
      "0",
      "9.5",
      "0.6",
      // 9.5 s of server CPU over 30,000 requests.
      "317",
      "server",
    ]);
    expect(rows.map((cells) => cells.slice(0, 2).join(" "))).toEqual([
      "target operation",
      "dynaflare GetItem",
      "dynaflare PutItem",
      "floor GetItem",
      "floor PutItem",
      "DynamoDB Local (disk) GetItem",
      "DynamoDB Local (disk) PutItem",
    ]);
  });

  test("throughput table: errors of any kind are summed and shown in bold", () => {
    const failing: ThroughputResult = {
      ...throughput("GetItem", 100),
      errors: { connect: 1, read: 0, write: 2, timeout: 0, status: 1_500 },
    };
    const rows = tableAfter(
      renderMarkdown(benchResult([target("floor", "floor", { throughput: [failing] })]), "x.svg"),
      HEADINGS.throughput,
    );
    expect(cellOf(rows, rowOf(rows, "floor", "GetItem"), "errors")).toBe("**1,503**");
  });

  test("dynaflare ÷ each other target: ops/s, p50 and p99 ratios per operation", () => {
    const rows = tableAfter(markdown, HEADINGS.ratios);
    expect(rows).toEqual([
      [
        "dynaflare ÷",
        "GetItem ops/s",
        "GetItem p50",
        "GetItem p99",
        "GetItem (strong) ops/s",
        "GetItem (strong) p50",
        "GetItem (strong) p99",
        "PutItem ops/s",
        "PutItem p50",
        "PutItem p99",
      ],
      ["floor", "0.60×", "1.20×", "0.80×", "–", "–", "–", "0.75×", "1.25×", "0.90×"],
      ["DynamoDB Local (disk)", "0.30×", "2.00×", "6.67×", "–", "–", "–", "1.50×", "0.38×", "1.50×"],
    ]);
  });

  test("the issue's targets: goal, this run's ratio and whether it is met; n/a without the other target", () => {
    expect(tableAfter(markdown, HEADINGS.checks)).toEqual([
      ["target", "goal", "this run", "met"],
      ["GetItem ops/s ÷ floor", "≥ 0.9×", "0.60×", "❌"],
      ["GetItem p50 ÷ floor", "≤ 1.2×", "1.20×", "✅"],
      ["GetItem p50 ÷ floor, 4 SDK clients (workload C, uniform)", "≤ 1.2×", "2.00×", "❌"],
      ["PutItem ops/s ÷ DynamoDB Local (disk)", "≥ 1×", "1.50×", "✅"],
      ["PutItem p50 ÷ floor", "≤ 1.5×", "1.25×", "✅"],
      ["PutItem p50 ÷ floor, 4 SDK clients (load phase)", "≤ 1.5×", "2.00×", "❌"],
      ["TransactWriteItems (2 actions) p50 ÷ PutItem p50", "≤ 3×", "–", "n/a"],
      ["Stream delay p99, PutItem's answer → GetRecords (1 paced writer, 1 polling reader)", "< 200 ms", "–", "n/a"],
      ["PutItem ops/s, NEW_AND_OLD_IMAGES stream ÷ none", "≥ 0.85×", "–", "n/a"],
      ["Requests failed during size splits", "0", "–", "n/a"],
      ["PutItem ops/s after one split for heat ÷ before", "≥ 1.7×", "–", "n/a"],
      ["PutItem ops/s, PITR on ÷ off", "≥ 0.90×", "–", "n/a"],
      ["GetItem ops/s, authentication on ÷ off", "≥ 0.95×", "–", "n/a"],
      ["GetItem ops/s, metrics counted ÷ not", "≥ 0.98×", "–", "n/a"],
      ["GetItem ops/s (eventually consistent), 3 processes ÷ 1", "≥ 1.7×", "–", "n/a"],
      ["GetItem ops/s (strongly consistent), 3 processes ÷ 1", "≥ 0.9×", "–", "n/a"],
      ["PutItem ops/s, 3 processes ÷ 1", "≥ 0.9×", "–", "n/a"],
      ["GetItem ops/s ÷ DynamoDB Local (disk), longer aim", "≥ 1×", "0.30×", "❌"],
      ["GetItem ops/s ÷ DynamoDB Local (memory), longer aim", "≥ 1×", "–", "n/a"],
    ]);
  });

  test.each([
    {
      check: "GetItem ops/s ÷ floor",
      other: "floor",
      op: "GetItem",
      field: "opsPerSecond",
      mine: 900,
      theirs: 1000,
      shown: "0.90×",
      met: "✅",
    },
    {
      check: "GetItem ops/s ÷ floor",
      other: "floor",
      op: "GetItem",
      field: "opsPerSecond",
      mine: 899,
      theirs: 1000,
      shown: "0.90×",
      met: "❌",
    },
    {
      check: "GetItem p50 ÷ floor",
      other: "floor",
      op: "GetItem",
      field: "p50",
      mine: 1.2,
      theirs: 1,
      shown: "1.20×",
      met: "✅",
    },
    {
      check: "GetItem p50 ÷ floor",
      other: "floor",
      op: "GetItem",
      field: "p50",
      mine: 1.21,
      theirs: 1,
      shown: "1.21×",
      met: "❌",
    },
    {
      check: "PutItem ops/s ÷ DynamoDB Local (disk)",
      other: "ddb-local-disk",
      op: "PutItem",
      field: "opsPerSecond",
      mine: 1000,
      theirs: 1000,
      shown: "1.00×",
      met: "✅",
    },
    {
      check: "PutItem ops/s ÷ DynamoDB Local (disk)",
      other: "ddb-local-disk",
      op: "PutItem",
      field: "opsPerSecond",
      mine: 990,
      theirs: 1000,
      shown: "0.99×",
      met: "❌",
    },
    {
      check: "PutItem p50 ÷ floor",
      other: "floor",
      op: "PutItem",
      field: "p50",
      mine: 3,
      theirs: 2,
      shown: "1.50×",
      met: "✅",
    },
    {
      check: "PutItem p50 ÷ floor",
      other: "floor",
      op: "PutItem",
      field: "p50",
      mine: 3.1,
      theirs: 2,
      shown: "1.55×",
      met: "❌",
    },
    {
      check: "GetItem ops/s ÷ DynamoDB Local (disk), longer aim",
      other: "ddb-local-disk",
      op: "GetItem",
      field: "opsPerSecond",
      mine: 1000,
      theirs: 1000,
      shown: "1.00×",
      met: "✅",
    },
    // Three processes against one: their figure divided by the subject's.
    {
      check: "GetItem ops/s (eventually consistent), 3 processes ÷ 1",
      other: "dynaflare-3",
      op: "GetItem",
      field: "opsPerSecond",
      mine: 1000,
      theirs: 1700,
      shown: "1.70×",
      met: "✅",
    },
    {
      check: "PutItem ops/s, 3 processes ÷ 1",
      other: "dynaflare-3",
      op: "PutItem",
      field: "opsPerSecond",
      mine: 1000,
      theirs: 890,
      shown: "0.89×",
      met: "❌",
    },
    {
      check: "GetItem ops/s ÷ DynamoDB Local (memory), longer aim",
      other: "ddb-local-mem",
      op: "GetItem",
      field: "opsPerSecond",
      mine: 2000,
      theirs: 1000,
      shown: "2.00×",
      met: "✅",
    },
    {
      check: "GetItem ops/s, authentication on ÷ off",
      other: "dynaflare-noauth",
      op: "GetItem",
      field: "opsPerSecond",
      mine: 950,
      theirs: 1000,
      shown: "0.95×",
      met: "✅",
    },
    {
      check: "GetItem ops/s, authentication on ÷ off",
      other: "dynaflare-noauth",
      op: "GetItem",
      field: "opsPerSecond",
      mine: 940,
      theirs: 1000,
      shown: "0.94×",
      met: "❌",
    },
    {
      check: "GetItem ops/s, metrics counted ÷ not",
      other: "dynaflare-nometrics",
      op: "GetItem",
      field: "opsPerSecond",
      mine: 980,
      theirs: 1000,
      shown: "0.98×",
      met: "✅",
    },
    {
      check: "GetItem ops/s, metrics counted ÷ not",
      other: "dynaflare-nometrics",
      op: "GetItem",
      field: "opsPerSecond",
      mine: 970,
      theirs: 1000,
      shown: "0.97×",
      met: "❌",
    },
    {
      check: "GetItem ops/s ÷ DynamoDB Local (memory), longer aim",
      other: "ddb-local-mem",
      op: "GetItem",
      field: "opsPerSecond",
      mine: 500,
      theirs: 1000,
      shown: "0.50×",
      met: "❌",
    },
  ] as const)(
    "$check: $mine vs $theirs is $shown, met $met",
    ({ check, other, op, field, mine, theirs, met, shown }) => {
      const run = (value: number) =>
        (["GetItem", "PutItem"] as const).map((name) => ({
          ...throughput(name, 1000, { p50: 2 }),
          ...(name === op ? { [field]: value } : {}),
        }));
      const result = benchResult([
        target("dynaflare", "dynaflare", { throughput: run(mine) }),
        target(other, other, { throughput: run(theirs) }),
      ]);
      const rows = tableAfter(renderMarkdown(result, "x.svg"), HEADINGS.checks);
      expect(rowOf(rows, check).slice(2)).toEqual([shown, met]);
    },
  );

  test.each([
    {
      check: "GetItem p50 ÷ floor, 4 SDK clients (workload C, zipfian)",
      workload: "c",
      op: "read",
      mine: 1.2,
      met: "✅",
    },
    {
      check: "GetItem p50 ÷ floor, 4 SDK clients (workload C, zipfian)",
      workload: "c",
      op: "read",
      mine: 1.21,
      met: "❌",
    },
    { check: "PutItem p50 ÷ floor, 4 SDK clients (load phase)", workload: "load", op: "insert", mine: 1.5, met: "✅" },
    { check: "PutItem p50 ÷ floor, 4 SDK clients (load phase)", workload: "load", op: "insert", mine: 1.55, met: "❌" },
  ] as const)("$check from the SDK phases: p50 $mine vs 1 is met $met", ({ check, workload, op, mine, met }) => {
    const keys = workload === "load" ? "sequential" : "zipfian";
    const latency = (p50: number) => [phase(workload, keys, { [op]: summary(p50, 2, 3) })];
    const result = benchResult([
      target("dynaflare", "dynaflare", { latency: latency(mine) }),
      target("floor", "floor", { latency: latency(1) }),
    ]);
    const rows = tableAfter(renderMarkdown(result, "x.svg"), HEADINGS.checks);
    expect(rowOf(rows, check).slice(2)).toEqual([`${mine.toFixed(2)}×`, met]);
    // Without the floor's phase there is nothing to divide by.
    const alone = benchResult([target("dynaflare", "dynaflare", { latency: latency(mine) })]);
    expect(rowOf(tableAfter(renderMarkdown(alone, "x.svg"), HEADINGS.checks), check).slice(2)).toEqual(["–", "n/a"]);
  });

  test("a target with no throughput runs leaves its checks at n/a", () => {
    const result = benchResult([
      target("dynaflare", "dynaflare", { throughput: [throughput("GetItem", 1000)] }),
      target("floor", "floor", { error: "could not start\nstack trace" }),
    ]);
    const rendered = renderMarkdown(result, "x.svg");
    const rows = tableAfter(rendered, HEADINGS.checks);
    for (const row of rows.slice(1)) expect(row.slice(2)).toEqual(["–", "n/a"]);
    expect(rendered).toContain("- **floor**: floor, as tested. **Blocked**: could not start\n");
    expect(rendered).not.toContain("stack trace");
  });

  test("SDK latency: p50 / p95 / p99 per workload, keys and operation; n/a and – where a target has none", () => {
    const rows = tableAfter(markdown, HEADINGS.percentiles);
    expect(rows).toEqual([
      ["workload", "keys", "op", "dynaflare", "floor", "DynamoDB Local (disk)"],
      ["LOAD", "sequential", "insert", "2.00 / 4.00 / 6.00", "1.00 / 2.00 / 3.00", "–"],
      ["A", "uniform", "read", "3.00 / 6.00 / 12.0", "1.50 / 3.00 / 6.00", "–"],
      ["A", "uniform", "update", "4.00 / 4.00 / 8.00", "2.00 / 4.00 / 8.00", "–"],
      ["C", "uniform", "read", "2.50 / 2.50 / 5.00", "1.25 / 2.50 / 5.00", "–"],
      ["F", "uniform", "read", "1.00 / 2.00 / 3.00", "n/a", "–"],
      ["F", "uniform", "rmw", "4.00 / 5.00 / 6.00 (**3 err**)", "n/a", "–"],
    ]);
  });

  test("SDK latency: closed-loop ops/s per phase and dynaflare's p50 ratios", () => {
    expect(tableAfter(markdown, HEADINGS.phaseThroughput)).toEqual([
      ["workload", "keys", "dynaflare", "floor", "DynamoDB Local (disk)"],
      ["LOAD", "sequential", "1,234", "1,234", "–"],
      ["A", "uniform", "1,234", "1,234", "–"],
      ["C", "uniform", "1,234", "1,234", "–"],
      ["F", "uniform", "1,234", "n/a", "–"],
    ]);
    expect(tableAfter(markdown, HEADINGS.latencyRatios)).toEqual([
      ["workload", "keys", "op", "floor", "DynamoDB Local (disk)"],
      ["LOAD", "sequential", "insert", "2.00×", "–"],
      ["A", "uniform", "read", "2.00×", "–"],
      ["A", "uniform", "update", "2.00×", "–"],
      ["C", "uniform", "read", "2.00×", "–"],
      ["F", "uniform", "read", "n/a", "–"],
      ["F", "uniform", "rmw", "n/a", "–"],
    ]);
  });

  test("CPU table: seconds and share of a core per process, for SDK phases and wrk runs", () => {
    const rows = tableAfter(markdown, HEADINGS.cpu);
    expect(rowOf(rows, "dynaflare", "LOAD (SDK)")).toEqual([
      "dynaflare",
      "LOAD (SDK)",
      "5.0",
      "2.0",
      "4.0",
      "0.0",
      "40%",
      "80%",
      "–",
    ]);
    expect(rowOf(rows, "dynaflare", "A uniform (SDK)")).toHaveLength(9);
    // The wrk run's client is wrk (the tool's CPU), bounded per wrk thread.
    expect(rowOf(rows, "dynaflare", "GetItem (wrk)")).toEqual([
      "dynaflare",
      "GetItem (wrk)",
      "10.0",
      "9.5",
      "0.6",
      "0.0",
      "95%",
      "6%",
      "server",
    ]);
    // The floor's F phase is n/a and has no CPU figures.
    expect(rows.some((cells) => cells[0] === "floor" && cells[1].startsWith("F"))).toBe(false);
  });

  test("a span other processes disturbed is named in a warning; a quiet run has none", () => {
    expect(markdown).not.toContain("**Disturbed**");
    const result = fullRun();
    const dynaflare = result.targets[0];
    dynaflare.latency[1] = { ...dynaflare.latency[1], cpu: cpuUse({ server: 1, others: 2, wallSeconds: 5 }) };
    dynaflare.throughput[1] = { ...dynaflare.throughput[1], cpu: cpuUse({ others: 5 }) };
    const rendered = renderMarkdown(result, "x.svg");
    expect(rendered).toContain(
      "> **Disturbed**: other processes used a quarter of a core or more during dynaflare A uniform; dynaflare PutItem (wrk).",
    );
    const rows = tableAfter(rendered, HEADINGS.cpu);
    expect(cellOf(rows, rowOf(rows, "dynaflare", "A uniform (SDK)"), "bound by")).toBe("⚠ others");
  });

  test("without dynaflare in the run there are no ratio tables or checks", () => {
    const result = fullRun();
    result.targets = result.targets.filter((t) => t.name !== "dynaflare");
    const rendered = renderMarkdown(result, "x.svg");
    expect(rendered).not.toContain(HEADINGS.ratios);
    expect(rendered).not.toContain(HEADINGS.checks);
    expect(rendered).not.toContain(HEADINGS.latencyRatios);
    expect(rendered).toContain(HEADINGS.percentiles);
  });

  test("with dynaflare-1 and a failover phase: both sections, after the issue's targets and before SDK latency", () => {
    const rendered = renderMarkdown(replicatedRun(), "x.svg");
    const at = (heading: string) => rendered.split("\n").indexOf(heading);
    const order = [
      HEADINGS.checks,
      HEADINGS.replicationCost,
      HEADINGS.failover,
      "## Latency through the AWS SDK (closed loop)",
    ].map(at);
    expect(order.every((line) => line >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(rowOf(tableAfter(rendered, HEADINGS.replicationCost), "wrk PutItem ops/s")).toEqual([
      "wrk PutItem ops/s",
      "500",
      "1,000",
      "0.50×",
      "−500 ops/s",
    ]);
    // dynaflare-1 is also one more target among the others in the existing ratio tables.
    expect(rowOf(tableAfter(rendered, HEADINGS.ratios), "dynaflare-1")[7]).toBe("0.50×");
    for (const line of rendered.split("\n").filter((l) => l.startsWith("|")))
      expect(line.endsWith(" |"), line).toBe(true);
  });

  test("without dynaflare-1 or a failover phase neither section appears", () => {
    const rendered = renderMarkdown(fullRun(), "x.svg");
    expect(rendered).not.toContain(HEADINGS.replicationCost);
    expect(rendered).not.toContain(HEADINGS.failover);
  });

  test("zipfian phases are reported apart from uniform ones", () => {
    const result = benchResult([
      target("dynaflare", "dynaflare", {
        latency: [phase("c", "uniform", { read: summary(1, 2, 3) }), phase("c", "zipfian", { read: summary(4, 5, 6) })],
      }),
    ]);
    expect(tableAfter(renderMarkdown(result, "x.svg"), HEADINGS.percentiles).slice(1)).toEqual([
      ["C", "uniform", "read", "1.00 / 2.00 / 3.00"],
      ["C", "zipfian", "read", "4.00 / 5.00 / 6.00"],
    ]);
  });
});
