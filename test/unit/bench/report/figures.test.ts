import { describe, expect, test } from "vitest";
import {
  boundBy,
  formatCount,
  formatMs,
  formatRatio,
  formatSeconds,
  phaseOf,
  ratio,
  SUBJECT,
  throughputOf,
} from "../../../../bench/report/figures";
import { cpuUse, phase, summary, target, throughput } from "./fixture";

const MISSING = [undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

describe("number formats", () => {
  test.each([
    [0, "0"],
    [7.4, "7"],
    [999.5, "1,000"],
    [3346.54, "3,347"],
    [1_234_567, "1,234,567"],
  ])("formatCount(%d) = %s", (value, text) => {
    expect(formatCount(value)).toBe(text);
  });

  test.each([
    [0, "0.00"],
    [0.171, "0.17"],
    [8.485, "8.48"],
    [9.5, "9.50"],
    [10, "10.0"],
    [13.993, "14.0"],
    [98.277, "98.3"],
    [100, "100"],
    [107.4, "107"],
    [1234.5, "1235"],
  ])("formatMs(%d) = %s: two decimals below 10, one below 100, none above", (value, text) => {
    expect(formatMs(value)).toBe(text);
  });

  test.each([
    [0, "0.0"],
    [0.61, "0.6"],
    [10.39, "10.4"],
    [125, "125.0"],
  ])("formatSeconds(%d) = %s", (value, text) => {
    expect(formatSeconds(value)).toBe(text);
  });

  test.each(MISSING)("a missing figure (%s) shows as – in every format", (value) => {
    expect([
      formatCount(value),
      formatMs(value),
      formatSeconds(value),
      formatRatio(value, 1),
      formatRatio(1, value),
    ]).toEqual(["–", "–", "–", "–", "–"]);
  });
});

describe("ratios", () => {
  test.each([
    { a: 3, b: 2, value: 1.5, text: "1.50×" },
    { a: 3346.54, b: 5190.2, value: 3346.54 / 5190.2, text: "0.64×" },
    { a: 98.277, b: 6.336, value: 98.277 / 6.336, text: "15.51×" },
    { a: 0, b: 5, value: 0, text: "0.00×" },
    { a: 1, b: 0, value: undefined, text: "–" },
    { a: 1, b: -2, value: undefined, text: "–" },
    { a: undefined, b: 2, value: undefined, text: "–" },
    { a: 2, b: undefined, value: undefined, text: "–" },
    { a: Number.NaN, b: 2, value: undefined, text: "–" },
  ])("$a ÷ $b = $value, shown as $text", ({ a, b, value, text }) => {
    expect(ratio(a, b)).toBe(value);
    expect(formatRatio(a, b)).toBe(text);
  });
});

describe("boundBy", () => {
  test.each([
    { name: "nothing near a limit", cpu: cpuUse({ server: 5, client: 1, tool: 0 }), client: 1, machine: 2, text: "–" },
    {
      name: "the server at 90% of a core",
      cpu: cpuUse({ server: 9, client: 0, tool: 1 }),
      client: 2,
      machine: 4,
      text: "server",
    },
    {
      name: "the server just under 90%",
      cpu: cpuUse({ server: 8.9, client: 0, tool: 1 }),
      client: 2,
      machine: 4,
      text: "–",
    },
    {
      name: "the Node client at one core",
      cpu: cpuUse({ server: 2, client: 9.5, tool: 0 }),
      client: 1,
      machine: 4,
      text: "client",
    },
    {
      name: "wrk at its two threads",
      cpu: cpuUse({ server: 1, client: 0.2, tool: 18 }),
      client: 2,
      machine: 4,
      text: "client",
    },
    {
      name: "client and server filling both cores",
      cpu: cpuUse({ server: 9.5, client: 9, tool: 0 }),
      client: 1,
      machine: 2,
      text: "client, server, machine",
    },
    {
      name: "together at 90% of the machine",
      cpu: cpuUse({ server: 8.5, client: 0, tool: 10 }),
      client: 2,
      machine: 2,
      text: "machine",
    },
    {
      name: "other processes at a quarter core",
      cpu: cpuUse({ server: 1, client: 1, tool: 0, others: 2.5 }),
      client: 1,
      machine: 2,
      text: "⚠ others",
    },
    {
      name: "server-bound and disturbed",
      cpu: cpuUse({ server: 9.5, client: 1, tool: 0, others: 3 }),
      client: 1,
      machine: 4,
      text: "server, ⚠ others",
    },
    {
      name: "rates are per wall second",
      cpu: cpuUse({ server: 1.8, client: 0, tool: 0, wallSeconds: 2 }),
      client: 1,
      machine: 2,
      text: "server",
    },
  ])("$name: $text", ({ cpu, client, machine, text }) => {
    expect(boundBy(cpu, client, machine)).toBe(text);
  });
});

describe("lookups", () => {
  const subject = target("dynaflare", "dynaflare", {
    throughput: [throughput("GetItem", 100), throughput("PutItem", 50)],
    latency: [phase("a", "uniform", { read: summary(1, 2, 3) }), phase("a", "zipfian", { read: summary(4, 5, 6) })],
  });

  test("the subject of every ratio is dynaflare", () => {
    expect(SUBJECT).toBe("dynaflare");
  });

  test("throughputOf finds the run of an operation, or nothing", () => {
    expect(throughputOf(subject, "PutItem")?.opsPerSecond).toBe(50);
    expect(throughputOf(target("floor", "floor"), "GetItem")).toBeUndefined();
    expect(throughputOf(undefined, "GetItem")).toBeUndefined();
  });

  test("phaseOf finds a phase by workload and distribution, or nothing", () => {
    expect(phaseOf(subject, "a", "zipfian")?.ops.read?.p50).toBe(4);
    expect(phaseOf(subject, "a", "uniform")?.ops.read?.p50).toBe(1);
    expect(phaseOf(subject, "b", "uniform")).toBeUndefined();
    expect(phaseOf(undefined, "a", "uniform")).toBeUndefined();
  });
});
