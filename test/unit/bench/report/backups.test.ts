import { describe, expect, test } from "vitest";
import {
  BACKUPS_HEADING,
  backupsSection,
  backupTargetRows,
  pitrCostGoal,
  pitrCostOf,
} from "../../../../bench/report/backups";
import { renderMarkdown } from "../../../../bench/report/markdown";
import type { BackupSpeedResult, BackupsResult, PitrCostResult, PitrRun } from "../../../../bench/results";
import { benchResult, cpuUse, replicatedRun, rowOf, tableAfter, target } from "./fixture";

/** The markdown table whose header row starts with `start`. */
const tableAt = (markdown: string, start: string) => tableAfter(`\n${markdown.slice(markdown.indexOf(start))}`, "");

function speedResult(extra: Partial<BackupSpeedResult> = {}): BackupSpeedResult {
  return {
    vars: {},
    table: "usertable_backup_source",
    restoredTable: "usertable_backup_restored",
    items: 20_000,
    load: { concurrency: 4, batchSize: 25, seconds: 25, unprocessed: 12 },
    pollMs: 20,
    source: { itemCount: 20_000, sizeBytes: 21_400_000, scanned: 20_000 },
    backup: {
      ms: 500,
      requestMs: 24,
      polls: 9,
      lastPollMs: 6,
      cpu: cpuUse({ server: 0.5, wallSeconds: 0.5 }),
      sizeBytes: 24_068_890,
    },
    restore: { ms: 5_000, requestMs: 20, polls: 6, lastPollMs: 900, cpu: cpuUse({ server: 4.2, wallSeconds: 5 }) },
    restored: { itemCount: 20_000, sizeBytes: 21_400_000, scanned: 20_000 },
    ...extra,
  };
}

const pitrRun = (round: number, table: "off" | "on", opsPerSecond: number, extra: Partial<PitrRun> = {}): PitrRun => ({
  round,
  table,
  requests: opsPerSecond * 5,
  seconds: 5,
  opsPerSecond,
  p50: 30,
  p90: 50,
  p99: 90,
  p999: 120,
  mean: 33,
  max: 200,
  errors: { connect: 0, read: 0, write: 0, timeout: 0, status: 0 },
  cpu: cpuUse({ server: 4, wallSeconds: 5 }),
  drainMs: 1_600,
  drainCpu: table === "on" ? 0.2 : 0.05,
  ...extra,
});

function pitrResult(extra: Partial<PitrCostResult> = {}): PitrCostResult {
  return {
    vars: {},
    tables: [
      { table: "off", name: "usertable_pitr_off", pitr: false, label: "PITR off" },
      { table: "on", name: "usertable_pitr_on", pitr: true, label: "PITR on" },
    ],
    threads: 2,
    connections: 32,
    variants: 1_000,
    records: 2_000,
    seconds: 5,
    rounds: 2,
    warmupSeconds: 3,
    settleMs: 1_500,
    windowOpenMs: 51,
    archived: { segments: 40, bytes: 12_500_000 },
    runs: [pitrRun(1, "off", 800), pitrRun(1, "on", 720), pitrRun(2, "on", 784), pitrRun(2, "off", 800)],
    ...extra,
  };
}

function runWith(backups: BackupsResult) {
  const run = replicatedRun();
  run.targets[0].backups = backups;
  return run;
}

describe("backupsSection", () => {
  const text = backupsSection(runWith({ speed: speedResult(), pitr: pitrResult() })).join("\n");

  test("states what was measured and how", () => {
    expect(text.startsWith(BACKUPS_HEADING)).toBe(true);
    expect(text).toContain("loaded with 20,000 items of ~1 KB (10 fields × 100 B) by 4 closed-loop clients");
    expect(text).toContain("BatchWriteItems of 25 (25.0 s, 800 items/s; 12 items sent again");
    expect(text).toContain("DescribeBackup every 20 ms until the backup was `AVAILABLE`");
    expect(text).toContain("`wrk -t2 -c32` with 1,000 pre-signed PutItems");
    expect(text).toContain("the order alternating by round (off on, on off, …)");
    expect(text).toContain(
      "every partition's first snapshot taken), 51 ms after UpdateContinuousBackups answered, and 2 s more",
    );
  });

  test("backup and restore: items/s and MB/s of the source's items and TableSizeBytes", () => {
    const rows = tableAt(text, "| step |");
    expect(rows[0]).toEqual([
      "step",
      "items",
      "MB",
      "s",
      "items/s",
      "MB/s",
      "request ms",
      "polls",
      "last poll ms",
      "server CPU s",
      "note",
    ]);
    expect(rowOf(rows, "backup (CreateBackup → `AVAILABLE`)").slice(1)).toEqual([
      "20,000",
      "21.4",
      "0.50",
      "40,000",
      "42.8",
      "24",
      "9",
      "6",
      "0.5",
      "–",
    ]);
    expect(rowOf(rows, "restore (RestoreTableFromBackup → `ACTIVE`)").slice(3, 6)).toEqual(["5.00", "4,000", "4.3"]);
    expect(text).toContain("the backup's `BackupSizeBytes` 24,068,890");
  });

  test("the restore check: equal counts met, any difference not", () => {
    expect(
      rowOf(tableAt(text, "| check |"), "the restored table's items (a Scan's Count) against the source's (20,000)"),
    ).toEqual(["the restored table's items (a Scan's Count) against the source's (20,000)", "equal", "20,000", "✅"]);
    const short = backupsSection(
      runWith({ speed: speedResult({ restored: { itemCount: 19_990, sizeBytes: 21_000_000, scanned: 19_990 } }) }),
    ).join("\n");
    expect(tableAt(short, "| check |")[1].slice(2)).toEqual(["19,990", "❌"]);
  });

  test("PITR cost: each table's medians, the ratios within each round and the goal", () => {
    const tables = tableAt(text, "| table |");
    expect(rowOf(tables, "PITR off").slice(1, 5)).toEqual([
      "800 (800–800)",
      "30.0 (30.0–30.0)",
      "90.0 (90.0–90.0)",
      "1×",
    ]);
    expect(rowOf(tables, "PITR on")[1]).toBe("752 (720–784)");
    expect(rowOf(tables, "PITR on")[4]).toBe("0.94× (0.90×–0.98×)");
    // CPU per write: 4 s over 3,600 and 3,920 writes; with the archive pass, 4.2 s.
    expect(rowOf(tables, "PITR on").slice(5)).toEqual(["1,066 (1,020–1,111)", "1,119 (1,071–1,167)", "0"]);
    const goals = tableAt(text, "| ratio |");
    expect(rowOf(goals, "PITR on ÷ off, PutItem ops/s").slice(1)).toEqual([
      "0.94×",
      "0.90×–0.98×",
      "2",
      "≥ 0.90×",
      "✅",
    ]);
    const rounds = tableAt(text, "| round |");
    expect(rounds.slice(1)).toEqual([
      ["1", "PITR off, PITR on", "800", "720", "0.90×", "none"],
      ["2", "PITR on, PITR off", "800", "784", "0.98×", "none"],
    ]);
    expect(text).toContain("archived 40 log segments (12.5 MB)");
  });

  test("a part that stopped early says so, and keeps what it measured", () => {
    const stopped = backupsSection(
      runWith({
        speed: speedResult({
          backup: undefined,
          restore: undefined,
          restored: undefined,
          error: "CreateBackup | failed\nat …",
        }),
        pitr: pitrResult({ runs: [], error: "the PITR window did not open" }),
      }),
    ).join("\n");
    expect(rowOf(tableAt(stopped, "| step |"), "backup (CreateBackup → `AVAILABLE`)").slice(3)).toEqual(
      Array(8).fill("–"),
    );
    expect(stopped).toContain("**Stopped early**: CreateBackup \\| failed");
    expect(stopped).toContain("**Stopped early**: the PITR window did not open");
    expect(stopped).not.toContain("| table |");
  });

  test("no target with the phase: no section", () => {
    expect(backupsSection(benchResult([target("floor", "floor")]))).toEqual([]);
    expect(backupsSection(replicatedRun())).toEqual([]);
  });
});

describe("the issue's targets", () => {
  test("PITR on ÷ off PutItem, the median of the rounds, against 0.9×", () => {
    const run = runWith({ pitr: pitrResult() });
    expect(pitrCostGoal(run.targets[0])).toMatchObject({ rounds: 2, met: true });
    expect(pitrCostGoal(run.targets[0])?.ratio).toBeCloseTo(0.94);
    expect(backupTargetRows(run.targets[0])).toEqual([
      "| PutItem ops/s, PITR on ÷ off, wrk -t2 -c32 (median of 2 paired rounds) | ≥ 0.90× | 0.94× | ✅ |",
    ]);
    expect(renderMarkdown(run, "chart.svg")).toContain(
      "| PutItem ops/s, PITR on ÷ off, wrk -t2 -c32 (median of 2 paired rounds) | ≥ 0.90× | 0.94× | ✅ |",
    );
    const slow = runWith({ pitr: pitrResult({ runs: [pitrRun(1, "off", 1_000), pitrRun(1, "on", 850)] }) });
    expect(backupTargetRows(slow.targets[0])[0]).toContain("| ≥ 0.90× | 0.85× | ❌ |");
  });

  test("the phase did not run: n/a", () => {
    const run = replicatedRun();
    expect(pitrCostGoal(run.targets[0])).toBeUndefined();
    expect(backupTargetRows(run.targets[0])).toEqual(["| PutItem ops/s, PITR on ÷ off | ≥ 0.90× | – | n/a |"]);
  });

  test("the summary follows the runs (a re-render recomputes it)", () => {
    expect(pitrCostOf(pitrResult({ runs: [] }))).toBeUndefined();
    expect(pitrCostOf(pitrResult())?.ratios[0].rounds.map((r) => r.ops)).toEqual([0.9, 0.98]);
  });

  test("disturbed spans are named at the top of the report", () => {
    const run = runWith({
      speed: speedResult({ restore: { ...speedResult().restore!, cpu: cpuUse({ others: 3, wallSeconds: 5 }) } }),
      pitr: pitrResult({ runs: [pitrRun(1, "off", 800), pitrRun(1, "on", 700, { cpu: cpuUse({ others: 4 }) })] }),
    });
    const markdown = renderMarkdown(run, "chart.svg");
    expect(markdown).toContain("dynaflare restore (SDK)");
    expect(markdown).toContain("dynaflare PutItem with PITR on, round 1 (wrk)");
  });
});
