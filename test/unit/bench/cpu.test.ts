import { describe, expect, test } from "vitest";
import { busyTicks, type CpuUse, disturbed, type ProcStat, parseProcStat, treeTicks } from "../../../bench/cpu";

/** /proc/<pid>/stat lines captured on Linux 6.x. */
const STAT = {
  init: "1 (process_api) S 0 0 0 0 -1 4194560 153310 48345958 0 4531 353 1485 222474 47365 10 -10 13 0 24 42291200 3070 18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
  cat: "31873 (cat) R 31871 31871 30885 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 415267 3133440 413 18446744073709551615 94009712594944 94009712614825 140729503014096 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 94009712630832 94009712632448 94010040295424 140729503021795 140729503021815 140729503021815 140729503023083 0\n",
  // A command named "a) (b c" (spaces and parentheses inside the (...) field), its CPU fields edited.
  oddName:
    "31878 (a) (b c) S 31877 31871 30885 0 -1 4194304 139 0 0 0 7 3 2 1 20 0 1 0 415269 2990080 445 18446744073709551615 93971210973184 93971210991113 140736648020128 0 0 0 0 6 0 1 0 0 17 0 0 0 0 0 0 93971211005200 93971211006464 93972076118016 140736648022724 140736648022751 140736648022751 140736648024031 0\n",
};

describe("parseProcStat", () => {
  test.each([
    { name: "a busy init", line: STAT.init, stat: { ppid: 0, own: 353 + 1485, children: 222474 + 47365 } },
    { name: "a fresh process", line: STAT.cat, stat: { ppid: 31871, own: 0, children: 0 } },
    { name: "a command with spaces and parentheses", line: STAT.oddName, stat: { ppid: 31877, own: 10, children: 3 } },
    {
      name: "a line without its trailing newline",
      line: "42 (node) S 7 42 42 0 -1 0 0 0 0 0 120 30 5 6 20 0 11 0 100",
      stat: { ppid: 7, own: 150, children: 11 },
    },
  ])("$name: ppid, utime + stime, cutime + cstime", ({ line, stat }) => {
    expect(parseProcStat(line)).toEqual(stat);
  });
});

describe("treeTicks", () => {
  const snapshot = (entries: [number, ProcStat][]) => new Map(entries);
  const stat = (ppid: number, own: number, children = 0): ProcStat => ({ ppid, own, children });

  test.each([
    {
      name: "a lone process: its own ticks and its reaped children's",
      pid: 10,
      stats: snapshot([[10, stat(1, 100, 40)]]),
      ticks: 140,
    },
    {
      name: "live descendants add their own ticks, at any depth",
      pid: 10,
      stats: snapshot([
        [10, stat(1, 100)],
        [11, stat(10, 20)],
        [12, stat(10, 30)],
        [13, stat(11, 5)],
        [14, stat(13, 1)],
      ]),
      ticks: 156,
    },
    {
      name: "a descendant's reaped children are already in its parent's counts, so they are not added again",
      pid: 10,
      stats: snapshot([
        [10, stat(1, 100, 7)],
        [11, stat(10, 20, 999)],
      ]),
      ticks: 127,
    },
    {
      name: "the parent and siblings of the process are left out",
      pid: 10,
      stats: snapshot([
        [1, stat(0, 5_000, 9_000)],
        [10, stat(1, 100)],
        [20, stat(1, 300)],
        [21, stat(20, 50)],
        [11, stat(10, 1)],
      ]),
      ticks: 101,
    },
    {
      name: "a process that is gone counts 0",
      pid: 99,
      stats: snapshot([[10, stat(1, 100, 40)]]),
      ticks: 0,
    },
  ])("$name", ({ pid, stats, ticks }) => {
    expect(treeTicks(pid, stats)).toBe(ticks);
  });

  test("reads a snapshot of parsed stat lines", () => {
    const stats = snapshot([
      [31871, parseProcStat("31871 (sh) S 1 1 1 0 -1 0 0 0 0 0 4 6 300 20 20 0 1 0 1")],
      [31873, parseProcStat(STAT.cat)],
      [31877, parseProcStat("31877 (bash) S 31871 1 1 0 -1 0 0 0 0 0 8 2 0 0 20 0 1 0 1")],
      [31878, parseProcStat(STAT.oddName)],
    ]);
    // sh: 10 own + 320 reaped; cat: 0; bash: 10; "a) (b c": 10 (its 3 reaped ticks are not counted).
    expect(treeTicks(31871, stats)).toBe(350);
    expect(treeTicks(31877, stats)).toBe(20);
  });
});

describe("busyTicks", () => {
  test.each([
    {
      name: "a captured /proc/stat cpu line (no guest time)",
      line: "cpu  266428 0 56002 486287 6017 0 6305 108 0 0",
      ticks: 266428 + 0 + 56002 + 0 + 6305 + 108,
    },
    {
      name: "every column set: idle, iowait, guest and guest_nice are left out",
      line: "cpu  1 2 4 1000 2000 8 16 32 64 128",
      ticks: 1 + 2 + 4 + 8 + 16 + 32,
    },
    { name: "an old kernel without steal", line: "cpu 10 20 30 40 50 60 70", ticks: 10 + 20 + 30 + 60 + 70 },
    { name: "leading and trailing blanks", line: "  cpu 1 1 1 9 9 1 1 1 \n", ticks: 6 },
  ])("$name", ({ line, ticks }) => {
    expect(busyTicks(line)).toBe(ticks);
  });
});

describe("disturbed", () => {
  const use = (others: number, wallSeconds: number): CpuUse => ({
    server: 5,
    client: 5,
    tool: 1,
    others,
    wallSeconds,
  });

  test.each([
    { others: 0, wall: 10, result: false },
    { others: 2.4, wall: 10, result: false },
    { others: 2.5, wall: 10, result: true },
    { others: 8, wall: 10, result: true },
    { others: 0.3, wall: 1, result: true },
    { others: 0.2, wall: 0, result: false },
    { others: 0.3, wall: 0, result: true },
  ])("others $others s over $wall s wall: $result (a quarter of a core is the limit)", ({ others, wall, result }) => {
    expect(disturbed(use(others, wall))).toBe(result);
  });
});
