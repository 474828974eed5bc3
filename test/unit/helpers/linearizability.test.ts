import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../bench/random";
import type { HistoryEntry, RegisterOp, RegisterOutput } from "../../helpers/linearizability";
import { checkLinearizable, formatFailure } from "../../helpers/linearizability";

type Ret = number | undefined;

const put = (client: number, call: number, ret: Ret, value: string, key = "k"): HistoryEntry => ({
  key,
  client,
  call,
  ret,
  op: { kind: "put", value },
});
const del = (client: number, call: number, ret: Ret, key = "k"): HistoryEntry => ({
  key,
  client,
  call,
  ret,
  op: { kind: "delete" },
});
const read = (client: number, call: number, ret: Ret, value: string | undefined, key = "k"): HistoryEntry => ({
  key,
  client,
  call,
  ret,
  op: { kind: "read" },
  output: { value },
});
const cas = (
  client: number,
  call: number,
  ret: Ret,
  expected: string | undefined,
  value: string | undefined,
  ok: boolean | undefined,
  key = "k",
): HistoryEntry => ({
  key,
  client,
  call,
  ret,
  op: { kind: "cas", expected, value },
  ...(ok === undefined ? {} : { output: { ok } }),
});

interface Case {
  name: string;
  history: HistoryEntry[];
  ok: boolean;
  initial?: string;
}

const cases: Case[] = [
  { name: "an empty history", history: [], ok: true },
  {
    name: "sequential put, read, put, read",
    history: [put(1, 0, 1, "a"), read(1, 2, 3, "a"), put(2, 4, 5, "b"), read(1, 6, 7, "b")],
    ok: true,
  },
  { name: "a read of a never-written key sees absent", history: [read(1, 0, 1, undefined)], ok: true },
  {
    name: "a read concurrent with a put may see the old value",
    history: [put(1, 0, 1, "a"), put(1, 2, 6, "b"), read(2, 3, 4, "a")],
    ok: true,
  },
  {
    name: "a read concurrent with a put may see the new value",
    history: [put(1, 0, 1, "a"), put(1, 2, 6, "b"), read(2, 3, 4, "b")],
    ok: true,
  },
  {
    name: "a stale read after a write returned is a violation",
    history: [put(1, 0, 1, "a"), put(1, 2, 3, "b"), read(2, 4, 5, "a")],
    ok: false,
  },
  {
    name: "two reads concurrent with a put cannot see new then old once ordered",
    history: [put(1, 0, 1, "a"), put(1, 2, 10, "b"), read(2, 3, 4, "b"), read(2, 5, 6, "a")],
    ok: false,
  },
  {
    name: "a read of a value never written is a violation",
    history: [put(1, 0, 1, "a"), read(2, 2, 3, "z")],
    ok: false,
  },
  {
    name: "ops touching at a timestamp are concurrent (a.ret === b.call)",
    history: [put(1, 0, 2, "a"), read(2, 2, 3, undefined)],
    ok: true,
  },
  { name: "ops apart by any time are ordered", history: [put(1, 0, 2, "a"), read(2, 2.001, 3, undefined)], ok: false },
  {
    name: "delete then read sees absent",
    history: [put(1, 0, 1, "a"), del(1, 2, 3), read(2, 4, 5, undefined)],
    ok: true,
  },
  {
    name: "a read after a delete returned cannot see the deleted value",
    history: [put(1, 0, 1, "a"), del(1, 2, 3), read(2, 4, 5, "a")],
    ok: false,
  },
  { name: "the initial value is readable", history: [read(1, 0, 1, "x")], ok: true, initial: "x" },
  {
    name: "absent is not readable under an initial value",
    history: [read(1, 0, 1, undefined)],
    ok: false,
    initial: "x",
  },
  {
    name: "cas: success when current equals expected",
    history: [put(1, 0, 1, "a"), cas(2, 2, 3, "a", "b", true), read(1, 4, 5, "b")],
    ok: true,
  },
  {
    name: "cas: success when current differs from expected is a violation",
    history: [put(1, 0, 1, "a"), cas(2, 2, 3, "x", "b", true)],
    ok: false,
  },
  {
    name: "cas: failure when current differs leaves the value",
    history: [put(1, 0, 1, "a"), cas(2, 2, 3, "x", "b", false), read(1, 4, 5, "a")],
    ok: true,
  },
  {
    name: "cas: failure when current equals expected is a violation",
    history: [put(1, 0, 1, "a"), cas(2, 2, 3, "a", "b", false)],
    ok: false,
  },
  {
    name: "cas: a failed cas has no effect",
    history: [put(1, 0, 1, "a"), cas(2, 2, 3, "x", "b", false), read(1, 4, 5, "b")],
    ok: false,
  },
  {
    name: "cas: attribute_not_exists succeeds on an absent item",
    history: [cas(1, 0, 1, undefined, "a", true), read(2, 2, 3, "a")],
    ok: true,
  },
  {
    name: "cas: attribute_not_exists twice in sequence cannot both succeed",
    history: [cas(1, 0, 1, undefined, "a", true), cas(2, 2, 3, undefined, "b", true)],
    ok: false,
  },
  {
    name: "cas: a conditional delete makes the item absent",
    history: [put(1, 0, 1, "a"), cas(1, 2, 3, "a", undefined, true), cas(2, 4, 5, undefined, "b", true)],
    ok: true,
  },
  {
    name: "cas: two overlapping cas from the same expected value cannot both win",
    history: [put(1, 0, 1, "a"), cas(1, 2, 6, "a", "b", true), cas(2, 3, 5, "a", "c", true)],
    ok: false,
  },
  {
    name: "cas: of two overlapping cas from the same expected value one wins, one fails",
    history: [put(1, 0, 1, "a"), cas(1, 2, 6, "a", "b", true), cas(2, 3, 5, "a", "c", false), read(3, 7, 8, "b")],
    ok: true,
  },
  {
    name: "cas: the loser's value is never visible",
    history: [put(1, 0, 1, "a"), cas(1, 2, 6, "a", "b", true), cas(2, 3, 5, "a", "c", false), read(3, 7, 8, "c")],
    ok: false,
  },
  {
    name: "unknown put: observed later",
    history: [put(1, 0, 1, "a"), put(2, 2, undefined, "u"), read(1, 5, 6, "u")],
    ok: true,
  },
  {
    name: "unknown put: never observed",
    history: [put(1, 0, 1, "a"), put(2, 2, undefined, "u"), read(1, 5, 6, "a"), read(1, 7, 8, "a")],
    ok: true,
  },
  {
    name: "unknown put: may take effect long after its call",
    history: [put(1, 0, 1, "a"), put(2, 2, undefined, "u"), read(1, 3, 4, "a"), read(1, 50, 60, "u")],
    ok: true,
  },
  {
    name: "unknown put: observed before its call is a violation",
    history: [read(1, 0, 1, "u"), put(2, 2, undefined, "u")],
    ok: false,
  },
  {
    name: "unknown put: once observed it cannot be undone",
    history: [put(1, 0, 1, "a"), put(2, 2, undefined, "u"), read(1, 3, 4, "u"), read(1, 5, 6, "a")],
    ok: false,
  },
  {
    name: "unknown put: may explain a failed cas",
    history: [put(1, 0, 1, "a"), put(2, 2, undefined, "u"), cas(1, 3, 4, "a", "b", false)],
    ok: true,
  },
  {
    name: "unknown delete: may have applied",
    history: [put(1, 0, 1, "a"), del(2, 2, undefined), read(1, 3, 4, undefined)],
    ok: true,
  },
  {
    name: "unknown cas: may have applied",
    history: [cas(1, 0, undefined, undefined, "a", undefined), read(2, 5, 6, "a")],
    ok: true,
  },
  {
    name: "unknown cas: may not have applied",
    history: [cas(1, 0, undefined, undefined, "a", undefined), read(2, 5, 6, undefined)],
    ok: true,
  },
  {
    name: "unknown cas: cannot apply when its expected value never holds",
    history: [put(1, 0, 1, "b"), cas(1, 2, undefined, "x", "a", undefined), read(2, 5, 6, "a")],
    ok: false,
  },
  {
    name: "unknown read: dropped, whatever it returned",
    history: [put(1, 0, 1, "a"), read(2, 2, undefined, "z")],
    ok: true,
  },
];

describe("checkLinearizable", () => {
  it.each(cases)("$name: ok=$ok", ({ history, ok, initial }) => {
    const result = checkLinearizable(history, { initial: () => initial });
    expect(result.ok, formatFailure(result)).toBe(ok);
    expect(result.unknown).toBeUndefined();
    expect(result.failure?.key).toBe(ok ? undefined : "k");
  });

  it("checks keys independently and reports the failing key", () => {
    const history = [
      put(1, 0, 1, "a", "k1"),
      put(1, 0, 1, "a", "k2"),
      read(2, 2, 3, "a", "k2"),
      read(2, 2, 3, "a", "k3"),
    ];
    expect(checkLinearizable(history.slice(0, 3))).toEqual({ ok: true, keys: 2 });
    const result = checkLinearizable(history);
    expect(result).toMatchObject({ ok: false, keys: 3, failure: { key: "k3" } });
  });

  it("takes the initial value per key", () => {
    const history = [read(1, 0, 1, "x", "a"), read(1, 0, 1, "y", "b")];
    expect(checkLinearizable(history, { initial: (key) => (key === "a" ? "x" : "y") }).ok).toBe(true);
    expect(checkLinearizable(history, { initial: () => "x" }).failure?.key).toBe("b");
  });

  it("explains a failure with the key's entries by call and the longest linearizable prefix", () => {
    const [a, b, stale, lost] = [put(1, 0, 1, "a"), put(1, 2, 3, "b"), read(2, 4, 5, "a"), read(3, 1, undefined, "z")];
    const result = checkLinearizable([stale, b, lost, a]);
    expect(result.failure).toEqual({ key: "k", entries: [a, b, stale], longestPrefix: [a, b] });
    const text = formatFailure(result);
    expect(text).toContain('key "k" is not linearizable: 3 ops, longest linearizable prefix 2');
    expect(text).toContain('[2, 3] client 1: put "b"');
    expect(text).toContain('[4, 5] client 2: read -> "a"');
  });

  it("formats each kind of op, unknown outcomes and fractional times", () => {
    const history = [
      cas(1, 0.25, 1.5, undefined, "a", true),
      cas(2, 2, undefined, "a", "b", undefined),
      del(3, 3, undefined),
      read(1, 10, 11, "z"),
    ];
    const text = formatFailure(checkLinearizable(history));
    expect(text).toContain('[0.250, 1.500] client 1: cas absent -> "a": ok');
    expect(text).toContain('[2, ?] client 2: cas "a" -> "b": outcome unknown');
    expect(text).toContain("[3, ?] client 3: delete (outcome unknown)");
    expect(text).toContain('[10, 11] client 1: read -> "z"');
    expect(formatFailure({ ok: true, keys: 2 })).toBe("linearizable: 2 key(s) checked");
  });

  it("reports unknown, not a verdict, when the search exceeds maxSteps", () => {
    const history = Array.from({ length: 10 }, (_, i) => put(1, 2 * i, 2 * i + 1, `v${i}`));
    const result = checkLinearizable(history, { maxSteps: 5 });
    expect(result).toEqual({ ok: false, keys: 1, unknown: true, unknownKeys: ["k"] });
    expect(formatFailure(result)).toContain('inconclusive: the search exceeded maxSteps for key(s) ["k"]');
    expect(checkLinearizable(history, { maxSteps: 10 }).ok).toBe(true);
  });

  it.each([
    ["a return before its call", put(1, 5, 4, "a"), /ret 4 is not a time at or after its call/],
    ["a known read without a value", { ...read(1, 0, 1, "a"), output: undefined }, /needs output \{ value \}/],
    ["a known cas without ok", cas(1, 0, 1, "a", "b", undefined), /needs output \{ ok \}/],
    ["a non-finite call", put(1, Number.NaN, 1, "a"), /call is not a finite number/],
  ])("rejects %s", (_name, entry, message) => {
    expect(() => checkLinearizable([entry])).toThrow(message);
  });
});

/**
 * The definition, by brute force: some order of the known ops and a subset of the unknown ones
 * respects real-time order (A.ret < B.call puts A first) and the register's semantics.
 */
function bruteForce(history: HistoryEntry[], initial?: string): boolean {
  const ops = history.filter((entry) => entry.op.kind !== "read" || entry.ret !== undefined);
  const done = new Set<HistoryEntry>();
  const extend = (state: string | undefined): boolean => {
    if (ops.every((entry) => entry.ret === undefined || done.has(entry))) return true;
    return ops.some((entry) => {
      if (done.has(entry)) return false;
      if (ops.some((other) => !done.has(other) && other.ret !== undefined && other.ret < entry.call)) return false;
      const next = apply(entry, state);
      if (next === false) return false;
      done.add(entry);
      const found = extend(next.state);
      done.delete(entry);
      return found;
    });
  };
  return extend(initial);
}

function apply(entry: HistoryEntry, state: string | undefined): { state: string | undefined } | false {
  const op = entry.op;
  const output = entry.output as { ok?: boolean; value?: string } | undefined;
  const known = entry.ret !== undefined;
  switch (op.kind) {
    case "put":
      return { state: op.value };
    case "delete":
      return { state: undefined };
    case "read":
      return output?.value === state && { state };
    case "cas":
      if (!known) return { state: state === op.expected ? op.value : state };
      return output?.ok === (state === op.expected) && { state: output.ok ? op.value : state };
  }
}

const valueArb = fc.constantFrom(undefined, "a", "b");
const arbitraryEntryArb = fc
  .record({
    client: fc.nat(3),
    call: fc.integer({ min: 0, max: 12 }),
    length: fc.integer({ min: 0, max: 6 }),
    known: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    op: fc.oneof(
      fc.record({ kind: fc.constant("put" as const), value: fc.constantFrom("a", "b") }),
      fc.record({ kind: fc.constant("cas" as const), expected: valueArb, value: valueArb }),
      fc.record({ kind: fc.constant("read" as const) }),
      fc.record({ kind: fc.constant("delete" as const) }),
    ),
    value: valueArb,
    ok: fc.boolean(),
  })
  .map(({ client, call, length, known, op, value, ok }): HistoryEntry => {
    const output = op.kind === "read" ? { value } : op.kind === "cas" ? { ok } : undefined;
    return { key: "k", client, call, ret: known ? call + length : undefined, op, ...(output ? { output } : {}) };
  });

describe("checkLinearizable against a brute-force search", () => {
  it("agrees on small arbitrary histories over a few values, with unknown outcomes", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryEntryArb, { maxLength: 9 }),
        fc.option(fc.constantFrom("a", "b")),
        (history, initial) => {
          const result = checkLinearizable(history, { initial: () => initial ?? undefined });
          expect(result.ok, formatFailure(result)).toBe(bruteForce(history, initial ?? undefined));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

/** One op of a simulated run against a real atomic register. */
interface Spec {
  key: number;
  client: number;
  kind: RegisterOp["kind"];
  gap: number;
  duration: number;
  /** Where in [0, 1) of its reach the op takes effect. */
  effect: number;
  /** known: returned; applied: timed out but took effect, maybe after the timeout; lost: never took effect. */
  fate: "known" | "applied" | "lost";
  /** cas: expect the value current at the effect point, else a pick among written values. */
  casCurrent: boolean;
  pick: number;
}

/**
 * Runs `specs` against one atomic register per key: each client issues its ops in sequence, and
 * each op takes effect at a point strictly inside its interval (a timed-out op anywhere up to three
 * times its timeout, or never). Returns the history a client would record.
 */
function simulate(specs: Spec[]): HistoryEntry[] {
  const clock = new Map<number, number>();
  const planned = specs.map((spec, i) => {
    const call = (clock.get(spec.client) ?? 0) + spec.gap;
    const ret = call + spec.duration;
    clock.set(spec.client, ret);
    const reach = spec.fate === "applied" ? 3 * spec.duration : spec.duration;
    const at = spec.fate === "lost" ? Number.POSITIVE_INFINITY : call + 0.5 + Math.floor(spec.effect * reach);
    return { spec, i, call, ret, at };
  });
  const current = new Map<number, string | undefined>();
  const written = new Map<number, (string | undefined)[]>();
  const ops: RegisterOp[] = [];
  const outputs: (RegisterOutput | undefined)[] = [];
  for (const { spec, i, at } of [...planned].sort((a, b) => a.at - b.at || a.i - b.i)) {
    const state = current.get(spec.key);
    const values = written.get(spec.key) ?? [undefined];
    const value = `k${spec.key}-w${i}`;
    const effective = at !== Number.POSITIVE_INFINITY;
    if (spec.kind === "put") {
      ops[i] = { kind: "put", value };
      if (effective) current.set(spec.key, value);
    } else if (spec.kind === "delete") {
      ops[i] = { kind: "delete" };
      if (effective) current.set(spec.key, undefined);
    } else if (spec.kind === "read") {
      ops[i] = { kind: "read" };
      outputs[i] = { value: state };
    } else {
      const expected = spec.casCurrent && effective ? state : values[spec.pick % values.length];
      ops[i] = { kind: "cas", expected, value };
      outputs[i] = { ok: effective && state === expected };
      if (effective && state === expected) current.set(spec.key, value);
    }
    if (spec.kind === "put" || spec.kind === "cas") written.set(spec.key, [...values, value]);
  }
  return planned.map(({ spec, i, call, ret }) => {
    const known = spec.fate === "known";
    const output = known ? outputs[i] : undefined;
    return {
      key: `k${spec.key}`,
      client: spec.client,
      call,
      ret: known ? ret : undefined,
      op: ops[i],
      ...(output ? { output } : {}),
    };
  });
}

const specArb = (keys: number, clients: number): fc.Arbitrary<Spec> =>
  fc.record({
    key: fc.integer({ min: 0, max: keys - 1 }),
    client: fc.integer({ min: 0, max: clients - 1 }),
    kind: fc.oneof(
      { weight: 2, arbitrary: fc.constant("put" as const) },
      { weight: 3, arbitrary: fc.constant("cas" as const) },
      { weight: 4, arbitrary: fc.constant("read" as const) },
      { weight: 1, arbitrary: fc.constant("delete" as const) },
    ),
    gap: fc.integer({ min: 0, max: 4 }),
    duration: fc.integer({ min: 1, max: 12 }),
    effect: fc.integer({ min: 0, max: 999 }).map((n) => n / 1000),
    fate: fc.oneof(
      { weight: 8, arbitrary: fc.constant("known" as const) },
      { weight: 1, arbitrary: fc.constant("applied" as const) },
      { weight: 1, arbitrary: fc.constant("lost" as const) },
    ),
    casCurrent: fc.boolean(),
    pick: fc.nat(),
  });

const historyArb = fc.array(specArb(3, 6), { minLength: 1, maxLength: 80 });

describe("checkLinearizable on simulated atomic registers", () => {
  it("judges every history of a real atomic register linearizable", () => {
    fc.assert(
      fc.property(historyArb, (specs) => {
        const result = checkLinearizable(simulate(specs));
        expect(result.unknown, formatFailure(result)).toBeUndefined();
        expect(result.ok, formatFailure(result)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("judges a history not linearizable once one read returns a value never written", () => {
    fc.assert(
      fc.property(historyArb, fc.nat(), (specs, choice) => {
        const history = simulate(specs);
        const reads = history.filter((entry) => entry.op.kind === "read" && entry.ret !== undefined);
        fc.pre(reads.length > 0);
        const victim = reads[choice % reads.length];
        const mutated = history.map((entry) =>
          entry === victim ? { ...entry, output: { value: "never-written" } } : entry,
        );
        const result = checkLinearizable(mutated);
        expect(result.unknown).toBeUndefined();
        expect(result.ok).toBe(false);
        expect(result.failure?.key).toBe(victim.key);
      }),
      { numRuns: 300 },
    );
  });

  it("checks a 5-key x 300-op history of 10 concurrent clients with timeouts", () => {
    const random = seededRandom(20_250_101);
    const int = (n: number) => Math.floor(random() * n);
    const kinds = ["put", "put", "cas", "cas", "cas", "read", "read", "read", "read", "delete"] as const;
    const specs = Array.from(
      { length: 1500 },
      (_, i): Spec => ({
        key: i % 5,
        client: int(10),
        kind: kinds[int(kinds.length)],
        gap: int(3),
        duration: 1 + int(20),
        effect: random(),
        fate: random() < 0.95 ? "known" : random() < 0.5 ? "applied" : "lost",
        casCurrent: random() < 0.5,
        pick: int(1000),
      }),
    );
    const history = simulate(specs);
    expect(history.filter((entry) => entry.ret === undefined).length).toBeGreaterThan(20);
    const result = checkLinearizable(history);
    expect(result, formatFailure(result)).toEqual({ ok: true, keys: 5 });
  });
});
