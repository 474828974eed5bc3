import { describe, expect, test } from "vitest";
import { type BenchOptions, DEFAULTS, parseOptions, usage } from "../../../bench/options";

const options = (argv: string[], env: Record<string, string | undefined> = {}): BenchOptions => {
  const parsed = parseOptions(argv, env);
  if (parsed === "help") throw new Error("unexpected help");
  return parsed;
};

describe("parseOptions", () => {
  test("no flags and no environment: the defaults (eight targets, workloads a b c f, both distributions, failover, replication lag, indexes, transactions, streams, splits and backups on)", () => {
    expect(options([])).toEqual({
      targets: [
        "dynaflare",
        "dynaflare-1",
        "dynaflare-noauth",
        "dynaflare-nometrics",
        "dynaflare-3",
        "floor",
        "floor-2",
        "floor-3",
        "ddb-local-disk",
        "ddb-local-mem",
        "dynalite",
      ],
      workloads: ["a", "b", "c", "f"],
      distributions: ["uniform", "zipfian"],
      records: 2_000,
      concurrency: 4,
      seconds: 5,
      warmupSeconds: 3,
      latency: true,
      throughput: true,
      failover: true,
      failoverRounds: 5,
      replicationLag: true,
      replicationSeconds: 5,
      indexes: true,
      indexKeys: 200,
      indexRounds: 6,
      indexSeconds: 5,
      indexProjection: "ALL",
      transactions: true,
      transactionRounds: 5,
      transactionSeconds: 5,
      streams: true,
      streamWrites: 1_000,
      streamRounds: 6,
      streamSeconds: 5,
      splits: true,
      splitSeconds: 5,
      backups: true,
      backupItems: 20_000,
      pitrRounds: 6,
      pitrSeconds: 5,
      wrkSeconds: 10,
      wrkThreads: 2,
      wrkConnections: 32,
      variants: 1_000,
      pairedRounds: 5,
      pairedSeconds: 5,
      suiteRounds: 5,
      suiteSeconds: 2,
      profile: false,
      seed: 1,
      outDir: "bench/results",
    });
    expect(options([])).toEqual(DEFAULTS);
  });

  test.each<[string, string[], Partial<BenchOptions>]>([
    ["--targets", ["--targets", "dynaflare,floor"], { targets: ["dynaflare", "floor"] }],
    ["--targets trims and drops empty items", ["--targets", " floor , ,dynalite "], { targets: ["floor", "dynalite"] }],
    ["--workloads", ["--workloads", "c"], { workloads: ["c"] }],
    ["--distributions", ["--distributions", "zipfian"], { distributions: ["zipfian"] }],
    ["--records", ["--records", "500"], { records: 500 }],
    ["--records rounds to an integer", ["--records", "2.6"], { records: 3 }],
    ["--concurrency", ["--concurrency", "8"], { concurrency: 8 }],
    ["--duration keeps fractions", ["--duration", "2.5"], { seconds: 2.5 }],
    ["--warmup 0 turns the warm-up off", ["--warmup", "0"], { warmupSeconds: 0 }],
    ["--wrk-duration", ["--wrk-duration", "20"], { wrkSeconds: 20 }],
    ["--wrk-threads", ["--wrk-threads", "4"], { wrkThreads: 4 }],
    ["--wrk-connections", ["--wrk-connections", "64"], { wrkConnections: 64 }],
    ["--variants", ["--variants", "50"], { variants: 50 }],
    ["--seed", ["--seed", "7"], { seed: 7 }],
    ["--out", ["--out", "/tmp/results"], { outDir: "/tmp/results" }],
    ["--name=value", ["--records=300"], { records: 300 }],
    ["--name=value splits at the first =", ["--out=a=b"], { outDir: "a=b" }],
    ["--no-latency", ["--no-latency"], { latency: false, throughput: true }],
    ["--no-throughput", ["--no-throughput"], { latency: true, throughput: false }],
    ["--no-failover", ["--no-failover"], { failover: false, latency: true, throughput: true }],
    ["--failover-rounds", ["--failover-rounds", "2"], { failoverRounds: 2 }],
    ["--paired-rounds 0 turns the paired phase off", ["--paired-rounds", "0"], { pairedRounds: 0 }],
    ["--paired-duration", ["--paired-duration", "8"], { pairedSeconds: 8 }],
    ["--no-replication-lag", ["--no-replication-lag"], { replicationLag: false, failover: true }],
    ["--profile", ["--profile"], { profile: true, throughput: true }],
    ["--no-indexes", ["--no-indexes"], { indexes: false, replicationLag: true }],
    ["--index-keys", ["--index-keys", "50"], { indexKeys: 50 }],
    ["--index-rounds", ["--index-rounds", "3"], { indexRounds: 3 }],
    ["--index-duration", ["--index-duration", "8"], { indexSeconds: 8 }],
    ["--index-projection, any case", ["--index-projection", "keys_only"], { indexProjection: "KEYS_ONLY" }],
    ["--no-transactions", ["--no-transactions"], { transactions: false, indexes: true }],
    ["--transaction-rounds", ["--transaction-rounds", "3"], { transactionRounds: 3 }],
    ["--transaction-duration keeps fractions", ["--transaction-duration", "2.5"], { transactionSeconds: 2.5 }],
    ["--no-streams", ["--no-streams"], { streams: false, transactions: true }],
    ["--stream-writes", ["--stream-writes", "300"], { streamWrites: 300 }],
    ["--stream-rounds", ["--stream-rounds", "8"], { streamRounds: 8 }],
    ["--stream-duration keeps fractions", ["--stream-duration", "2.5"], { streamSeconds: 2.5 }],
    ["--no-splits", ["--no-splits"], { splits: false, streams: true }],
    ["--split-duration keeps fractions", ["--split-duration", "3.5"], { splitSeconds: 3.5 }],
    ["--no-backups", ["--no-backups"], { backups: false, splits: true }],
    ["--backup-items", ["--backup-items", "5000"], { backupItems: 5_000 }],
    ["--pitr-rounds", ["--pitr-rounds", "8"], { pitrRounds: 8 }],
    ["--pitr-duration", ["--pitr-duration", "3"], { pitrSeconds: 3 }],
    ["--replication-seconds keeps fractions", ["--replication-seconds", "2.5"], { replicationSeconds: 2.5 }],
    ["--targets dynaflare-1", ["--targets", "dynaflare-1,dynaflare"], { targets: ["dynaflare-1", "dynaflare"] }],
    [
      "several flags",
      ["--no-throughput", "--records", "10", "--seed=3"],
      { throughput: false, records: 10, seed: 3, concurrency: 4 },
    ],
  ])("%s", (_, argv, expected) => {
    expect(options(argv)).toEqual({ ...DEFAULTS, ...expected });
  });

  test.each<[string, Record<string, string>, Partial<BenchOptions>]>([
    ["BENCH_TARGETS", { BENCH_TARGETS: "floor" }, { targets: ["floor"] }],
    ["BENCH_WORKLOADS", { BENCH_WORKLOADS: "a,f" }, { workloads: ["a", "f"] }],
    ["BENCH_DISTRIBUTIONS", { BENCH_DISTRIBUTIONS: "uniform" }, { distributions: ["uniform"] }],
    ["BENCH_RECORDS", { BENCH_RECORDS: "100" }, { records: 100 }],
    ["BENCH_CONCURRENCY", { BENCH_CONCURRENCY: "2" }, { concurrency: 2 }],
    ["BENCH_DURATION", { BENCH_DURATION: "1" }, { seconds: 1 }],
    ["BENCH_WARMUP", { BENCH_WARMUP: "0" }, { warmupSeconds: 0 }],
    ["BENCH_WRK_DURATION", { BENCH_WRK_DURATION: "3" }, { wrkSeconds: 3 }],
    ["BENCH_WRK_THREADS", { BENCH_WRK_THREADS: "1" }, { wrkThreads: 1 }],
    ["BENCH_WRK_CONNECTIONS", { BENCH_WRK_CONNECTIONS: "16" }, { wrkConnections: 16 }],
    ["BENCH_VARIANTS", { BENCH_VARIANTS: "10" }, { variants: 10 }],
    ["BENCH_SEED", { BENCH_SEED: "9" }, { seed: 9 }],
    ["BENCH_FAILOVER_ROUNDS", { BENCH_FAILOVER_ROUNDS: "3" }, { failoverRounds: 3 }],
    ["BENCH_REPLICATION_SECONDS", { BENCH_REPLICATION_SECONDS: "3" }, { replicationSeconds: 3 }],
    ["BENCH_OUT", { BENCH_OUT: "out" }, { outDir: "out" }],
    ["BENCH_INDEX_KEYS", { BENCH_INDEX_KEYS: "20" }, { indexKeys: 20 }],
    ["BENCH_INDEX_ROUNDS", { BENCH_INDEX_ROUNDS: "2" }, { indexRounds: 2 }],
    ["BENCH_INDEX_DURATION", { BENCH_INDEX_DURATION: "3" }, { indexSeconds: 3 }],
    ["BENCH_INDEX_PROJECTION", { BENCH_INDEX_PROJECTION: "ALL" }, { indexProjection: "ALL" }],
    ["BENCH_TRANSACTION_ROUNDS", { BENCH_TRANSACTION_ROUNDS: "2" }, { transactionRounds: 2 }],
    ["BENCH_TRANSACTION_DURATION", { BENCH_TRANSACTION_DURATION: "3" }, { transactionSeconds: 3 }],
    ["BENCH_STREAM_WRITES", { BENCH_STREAM_WRITES: "500" }, { streamWrites: 500 }],
    ["BENCH_STREAM_ROUNDS", { BENCH_STREAM_ROUNDS: "4" }, { streamRounds: 4 }],
    ["BENCH_STREAM_DURATION", { BENCH_STREAM_DURATION: "3" }, { streamSeconds: 3 }],
    ["BENCH_SPLIT_DURATION", { BENCH_SPLIT_DURATION: "4" }, { splitSeconds: 4 }],
    ["BENCH_BACKUP_ITEMS", { BENCH_BACKUP_ITEMS: "1000" }, { backupItems: 1_000 }],
    ["BENCH_PITR_ROUNDS", { BENCH_PITR_ROUNDS: "4" }, { pitrRounds: 4 }],
    ["BENCH_PITR_DURATION", { BENCH_PITR_DURATION: "2" }, { pitrSeconds: 2 }],
    ["an empty variable is ignored", { BENCH_RECORDS: "" }, {}],
    ["unrelated variables are ignored", { RECORDS: "5", PATH: "/bin" }, {}],
  ])("environment: %s", (_, env, expected) => {
    expect(options([], env)).toEqual({ ...DEFAULTS, ...expected });
  });

  test("flags win over environment variables, which win over the defaults", () => {
    const env = { BENCH_RECORDS: "100", BENCH_SEED: "5" };
    expect(options(["--records", "300"], env)).toMatchObject({ records: 300, seed: 5, concurrency: 4 });
  });

  test("a flag given twice: the last one wins", () => {
    expect(options(["--seed", "2", "--seed", "3"]).seed).toBe(3);
  });

  test.each([["--help"], ["-h"], ["--records", "10", "--help"]])("%s asks for help", (...argv) => {
    expect(parseOptions(argv, {})).toBe("help");
  });

  test("parsing leaves DEFAULTS untouched", () => {
    const before = structuredClone(DEFAULTS);
    const parsed = options(["--targets", "floor", "--no-latency"]);
    parsed.workloads.push("load");
    expect(DEFAULTS).toEqual(before);
  });

  test.each<[string, string[], Record<string, string>, string]>([
    ["zero", ["--records", "0"], {}, '--records must be a positive number, got "0"'],
    [
      "a fraction that rounds to zero",
      ["--concurrency", "0.4"],
      {},
      '--concurrency must be a whole number ≥ 1, got "0.4"',
    ],
    ["negative", ["--concurrency", "-2"], {}, '--concurrency must be a positive number, got "-2"'],
    ["not a number", ["--duration", "soon"], {}, '--duration must be a positive number, got "soon"'],
    ["infinite", ["--wrk-threads", "Infinity"], {}, '--wrk-threads must be a positive number, got "Infinity"'],
    ["negative warm-up", ["--warmup", "-1"], {}, '--warmup must be a number ≥ 0, got "-1"'],
    [
      "unknown target",
      ["--targets", "dynaflare,redis"],
      {},
      '--targets: unknown "redis"; known: dynaflare, dynaflare-1, dynaflare-noauth, dynaflare-nometrics, dynaflare-3, floor',
    ],
    [
      "zero replication seconds",
      ["--replication-seconds", "0"],
      {},
      '--replication-seconds must be a positive number, got "0"',
    ],
    ["zero index rounds", ["--index-rounds", "0"], {}, '--index-rounds must be a positive number, got "0"'],
    [
      "an unknown projection",
      ["--index-projection", "INCLUDE"],
      {},
      '--index-projection: unknown "INCLUDE"; known: ALL, KEYS_ONLY',
    ],
    [
      "zero transaction rounds",
      ["--transaction-rounds", "0"],
      {},
      '--transaction-rounds must be a positive number, got "0"',
    ],
    ["zero stream rounds", ["--stream-rounds", "0"], {}, '--stream-rounds must be a positive number, got "0"'],
    ["zero stream writes", ["--stream-writes", "0"], {}, '--stream-writes must be a positive number, got "0"'],
    ["zero failover rounds", ["--failover-rounds", "0"], {}, '--failover-rounds must be a positive number, got "0"'],
    ["zero split duration", ["--split-duration", "0"], {}, '--split-duration must be a positive number, got "0"'],
    ["zero backup items", ["--backup-items", "0"], {}, '--backup-items must be a positive number, got "0"'],
    ["zero PITR rounds", ["--pitr-rounds", "0"], {}, '--pitr-rounds must be a positive number, got "0"'],
    [
      "fractional paired rounds",
      ["--paired-rounds", "1.5"],
      {},
      '--paired-rounds must be a whole number ≥ 0, got "1.5"',
    ],
    ["the load phase is not optional", ["--workloads", "load"], {}, '--workloads: unknown "load"; known: a, b, c, f'],
    ["unknown distribution", ["--distributions", "latest"], {}, '--distributions: unknown "latest"'],
    ["bad environment value", [], { BENCH_SEED: "x" }, '--seed must be a positive number, got "x"'],
    ["unknown flag", ["--record", "5"], {}, "unknown flag --record\nusage: npm run bench"],
    ["bare argument", ["dynaflare"], {}, "unexpected argument dynaflare\nusage: npm run bench"],
    ["missing value", ["--records"], {}, "--records needs a value"],
  ])("rejects %s", (_, argv, env, message) => {
    expect(() => parseOptions(argv, env)).toThrow(message);
  });
});

describe("usage", () => {
  test("lists every flag with its environment variable and default", () => {
    const text = usage();
    for (const [flag, env, fallback] of [
      [
        "--targets",
        "BENCH_TARGETS",
        "dynaflare,dynaflare-1,dynaflare-noauth,dynaflare-nometrics,dynaflare-3,floor,floor-2,floor-3,ddb-local-disk,ddb-local-mem,dynalite",
      ],
      ["--failover-rounds", "BENCH_FAILOVER_ROUNDS", "5"],
      ["--paired-rounds", "BENCH_PAIRED_ROUNDS", "5"],
      ["--replication-seconds", "BENCH_REPLICATION_SECONDS", "5"],
      ["--index-keys", "BENCH_INDEX_KEYS", "200"],
      ["--index-rounds", "BENCH_INDEX_ROUNDS", "6"],
      ["--index-duration", "BENCH_INDEX_DURATION", "5"],
      ["--index-projection", "BENCH_INDEX_PROJECTION", "ALL"],
      ["--transaction-rounds", "BENCH_TRANSACTION_ROUNDS", "5"],
      ["--transaction-duration", "BENCH_TRANSACTION_DURATION", "5"],
      ["--stream-writes", "BENCH_STREAM_WRITES", "1000"],
      ["--stream-rounds", "BENCH_STREAM_ROUNDS", "6"],
      ["--stream-duration", "BENCH_STREAM_DURATION", "5"],
      ["--split-duration", "BENCH_SPLIT_DURATION", "5"],
      ["--backup-items", "BENCH_BACKUP_ITEMS", "20000"],
      ["--pitr-rounds", "BENCH_PITR_ROUNDS", "6"],
      ["--pitr-duration", "BENCH_PITR_DURATION", "5"],
      ["--workloads", "BENCH_WORKLOADS", "a,b,c,f"],
      ["--records", "BENCH_RECORDS", "2000"],
      ["--duration", "BENCH_DURATION", "5"],
      ["--warmup", "BENCH_WARMUP", "3"],
      ["--wrk-connections", "BENCH_WRK_CONNECTIONS", "32"],
      ["--out", "BENCH_OUT", "bench/results"],
    ]) {
      const line = text.split("\n").find((l) => l.trimStart().startsWith(`${flag} `));
      expect(line, flag).toBeDefined();
      expect(line).toContain(env);
      expect(line).toContain(`(default ${fallback})`);
    }
    expect(text).toContain("--no-latency");
    expect(text).toContain("--no-throughput");
    expect(text).toContain("--no-failover");
    expect(text).toContain("--no-replication-lag");
    expect(text).toContain("--no-indexes");
    expect(text).toContain("--no-transactions");
    expect(text).toContain("--no-streams");
    expect(text).toContain("--no-splits");
    expect(text).toContain("--no-backups");
    expect(text).toContain("--profile");
    expect(text).toContain("--render");
  });
});
