import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compareHlc,
  decodeHlc,
  encodeHlc,
  HLC_MAX_LOGICAL,
  HLC_MAX_PHYSICAL,
  HLC_ZERO,
  HlcDriftError,
  type HlcTimestamp,
  HybridClock,
  parseHlc,
} from "../../../../workers/replication/hlc";

const T = 1_700_000_000_000;

/** A clock whose time the test sets. */
function manualTime(start: number) {
  const time = { now: start };
  return { time, now: () => time.now };
}

const hlc = (physical: number, logical: number) => encodeHlc(physical, logical);

describe("encodeHlc / decodeHlc", () => {
  it.each<[string, number, number, string]>([
    ["zero", 0, 0, "0000000000000000"],
    ["one logical tick", 0, 1, "0000000000000001"],
    ["one millisecond", 1, 0, "0000000000010000"],
    ["a 2023 wall time", T, 7, "018bcfe568000007"],
    ["the largest timestamp", HLC_MAX_PHYSICAL, HLC_MAX_LOGICAL, "ffffffffffffffff"],
  ])("encodeHlc: %s is 16 lowercase hex digits", (_name, physical, logical, text) => {
    expect(encodeHlc(physical, logical)).toBe(text);
    expect(decodeHlc(text as HlcTimestamp)).toEqual({ physical, logical });
  });

  it.each<[string, number, number]>([
    ["negative physical", -1, 0],
    ["fractional physical", 1.5, 0],
    ["physical beyond 48 bits", HLC_MAX_PHYSICAL + 1, 0],
    ["NaN physical", Number.NaN, 0],
    ["negative logical", 0, -1],
    ["logical beyond 16 bits", 0, HLC_MAX_LOGICAL + 1],
    ["fractional logical", 0, 0.5],
  ])("encodeHlc: rejects %s with RangeError", (_name, physical, logical) => {
    expect(() => encodeHlc(physical, logical)).toThrow(RangeError);
  });

  it("decodeHlc: inverts encodeHlc, whose text is the 64-bit number physical·2^16 + logical", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: HLC_MAX_PHYSICAL }),
        fc.integer({ min: 0, max: HLC_MAX_LOGICAL }),
        (physical, logical) => {
          const ts = encodeHlc(physical, logical);
          expect(decodeHlc(ts)).toEqual({ physical, logical });
          expect(BigInt(`0x${ts}`)).toBe(BigInt(physical) * 65536n + BigInt(logical));
        },
      ),
    );
  });
});

describe("parseHlc", () => {
  it("parseHlc: accepts 16 lowercase hex digits", () => {
    expect(parseHlc("018bcfe568000007")).toBe("018bcfe568000007");
  });

  it.each([
    ["too short", "018bcfe56800000"],
    ["too long", "018bcfe5680000070"],
    ["uppercase hex (would sort differently)", "018BCFE568000007"],
    ["not hex", "018bcfe56800000g"],
    ["empty", ""],
  ])("parseHlc: rejects %s with RangeError", (_name, text) => {
    expect(() => parseHlc(text)).toThrow(RangeError);
  });
});

describe("compareHlc", () => {
  const pair = fc.tuple(fc.integer({ min: 0, max: HLC_MAX_PHYSICAL }), fc.integer({ min: 0, max: HLC_MAX_LOGICAL }));

  it("compareHlc: orders by physical time, then logical counter, and text order agrees", () => {
    fc.assert(
      fc.property(pair, pair, ([pa, la], [pb, lb]) => {
        const expected = Math.sign(pa - pb || la - lb);
        const a = encodeHlc(pa, la);
        const b = encodeHlc(pb, lb);
        expect(Math.sign(compareHlc(a, b))).toBe(expected);
      }),
    );
  });

  it("HLC_ZERO: is below every other timestamp", () => {
    expect(compareHlc(HLC_ZERO, hlc(0, 1))).toBeLessThan(0);
    expect(compareHlc(HLC_ZERO, HLC_ZERO)).toBe(0);
  });
});

type Step = { now: number } & ({ op: "tick" } | { op: "receive"; remote: HlcTimestamp });

describe("HybridClock: Kulkarni's rules", () => {
  it.each<[string, HlcTimestamp, Step, HlcTimestamp]>([
    [
      "tick: wall time ahead starts a new millisecond at counter 0",
      hlc(T, 5),
      { now: T + 3, op: "tick" },
      hlc(T + 3, 0),
    ],
    ["tick: same millisecond increments the counter", hlc(T, 5), { now: T, op: "tick" }, hlc(T, 6)],
    ["tick: wall time behind keeps physical and increments", hlc(T, 5), { now: T - 1000, op: "tick" }, hlc(T, 6)],
    ["tick: counter overflow carries into physical", hlc(T, HLC_MAX_LOGICAL), { now: T, op: "tick" }, hlc(T + 1, 0)],
    [
      "receive: remote ahead of both takes remote counter + 1",
      hlc(T, 5),
      { now: T + 1, op: "receive", remote: hlc(T + 50, 9) },
      hlc(T + 50, 10),
    ],
    [
      "receive: wall time ahead of both starts at counter 0",
      hlc(T, 5),
      { now: T + 100, op: "receive", remote: hlc(T + 50, 9) },
      hlc(T + 100, 0),
    ],
    [
      "receive: local ahead of remote increments the local counter",
      hlc(T + 10, 2),
      { now: T, op: "receive", remote: hlc(T + 5, 900) },
      hlc(T + 10, 3),
    ],
    [
      "receive: same physical takes the larger counter + 1 (remote larger)",
      hlc(T, 2),
      { now: T, op: "receive", remote: hlc(T, 40) },
      hlc(T, 41),
    ],
    [
      "receive: same physical takes the larger counter + 1 (local larger)",
      hlc(T, 40),
      { now: T - 5, op: "receive", remote: hlc(T, 2) },
      hlc(T, 41),
    ],
    [
      "receive: remote counter overflow carries into physical",
      hlc(T, 0),
      { now: T, op: "receive", remote: hlc(T + 1, HLC_MAX_LOGICAL) },
      hlc(T + 2, 0),
    ],
    [
      "receive: fractional wall time is truncated to the millisecond",
      hlc(T, 5),
      { now: T + 7.9, op: "receive", remote: hlc(T, 1) },
      hlc(T + 7, 0),
    ],
  ])("%s", (_name, last, step, expected) => {
    const { time, now } = manualTime(step.now);
    const clock = new HybridClock(now, { last });
    time.now = step.now;
    const result = step.op === "tick" ? clock.tick() : clock.receive(step.remote);
    expect(result).toBe(expected);
    expect(clock.last).toBe(expected);
  });

  it("HybridClock: starts at HLC_ZERO without a last timestamp", () => {
    const clock = new HybridClock(() => T);
    expect(clock.last).toBe(HLC_ZERO);
    expect(clock.tick()).toBe(hlc(T, 0));
  });

  it("HybridClock: restarted with the persisted last timestamp stays above it though wall time went back", () => {
    const first = new HybridClock(() => T + 500);
    const persisted = first.tick();
    const restarted = new HybridClock(() => T, { last: persisted });
    expect(compareHlc(restarted.tick(), persisted)).toBeGreaterThan(0);
  });

  it("HybridClock: throws RangeError instead of overflowing 48 physical bits", () => {
    const clock = new HybridClock(() => 0, { last: hlc(HLC_MAX_PHYSICAL, HLC_MAX_LOGICAL) });
    expect(() => clock.tick()).toThrow(/overflowed 48 bits/);
    expect(clock.last).toBe(hlc(HLC_MAX_PHYSICAL, HLC_MAX_LOGICAL));
  });

  it.each([
    ["NaN", Number.NaN],
    ["negative", -1],
    ["infinite", Number.POSITIVE_INFINITY],
    ["beyond 48 bits", HLC_MAX_PHYSICAL + 1],
  ])("HybridClock: rejects a %s wall time with RangeError", (_name, wall) => {
    const clock = new HybridClock(() => wall);
    expect(() => clock.tick()).toThrow(RangeError);
    expect(() => clock.receive(hlc(1, 0))).toThrow(RangeError);
  });

  it.each([-1, Number.NaN])("HybridClock: rejects maxDriftMs %s with RangeError", (maxDriftMs) => {
    expect(() => new HybridClock(() => T, { maxDriftMs })).toThrow(RangeError);
  });
});

describe("HybridClock: maxDriftMs", () => {
  it("receive: accepts a remote exactly maxDriftMs ahead", () => {
    const clock = new HybridClock(() => T, { maxDriftMs: 100 });
    expect(clock.receive(hlc(T + 100, 3))).toBe(hlc(T + 100, 4));
  });

  it("receive: rejects a remote more than maxDriftMs ahead with HlcDriftError and leaves the clock unchanged", () => {
    const clock = new HybridClock(() => T, { maxDriftMs: 100, last: hlc(T, 9) });
    const remote = hlc(T + 101, 0);
    const error = (() => {
      try {
        clock.receive(remote);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(HlcDriftError);
    expect(error).toMatchObject({ name: "HlcDriftError", remote, physicalNow: T, maxDriftMs: 100 });
    expect((error as Error).message).toMatch(/101 ms ahead/);
    expect(clock.last).toBe(hlc(T, 9));
    expect(clock.tick()).toBe(hlc(T, 10));
  });

  it("receive: measures drift against wall time, not against a clock already pushed ahead", () => {
    const clock = new HybridClock(() => T, { maxDriftMs: 100 });
    clock.receive(hlc(T + 100, 0));
    expect(() => clock.receive(hlc(T + 150, 0))).toThrow(HlcDriftError);
  });

  it("receive: without maxDriftMs accepts any remote time", () => {
    const clock = new HybridClock(() => T);
    expect(clock.receive(hlc(T + 10 ** 9, 0))).toBe(hlc(T + 10 ** 9, 1));
  });
});

describe("HybridClock: properties under a clock that jumps back and forth", () => {
  // Wall-time jumps of up to ±2 s; remote timestamps near the wall time with small counters, so the
  // counter never overflows and Kulkarni's bound (physical = the max time seen) holds exactly.
  const step = fc.oneof(
    fc.record({ op: fc.constant("tick" as const), jump: fc.integer({ min: -2000, max: 2000 }) }),
    fc.record({
      op: fc.constant("receive" as const),
      jump: fc.integer({ min: -2000, max: 2000 }),
      offset: fc.integer({ min: -3000, max: 3000 }),
      logical: fc.integer({ min: 0, max: 1000 }),
    }),
  );

  it("every result is greater than every earlier one and than the remote it merged", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const { time, now } = manualTime(T);
        const clock = new HybridClock(now);
        let previous = clock.last;
        let maxSeen = 0;
        for (const s of steps) {
          time.now = Math.max(0, time.now + s.jump);
          maxSeen = Math.max(maxSeen, time.now);
          let result: HlcTimestamp;
          if (s.op === "tick") {
            result = clock.tick();
          } else {
            const remote = hlc(Math.max(0, time.now + s.offset), s.logical);
            maxSeen = Math.max(maxSeen, decodeHlc(remote).physical);
            result = clock.receive(remote);
            expect(compareHlc(result, remote)).toBeGreaterThan(0);
          }
          expect(compareHlc(result, previous)).toBeGreaterThan(0);
          expect(clock.last).toBe(result);
          const { physical } = decodeHlc(result);
          expect(physical).toBeGreaterThanOrEqual(time.now);
          expect(physical).toBe(maxSeen);
          previous = result;
        }
      }),
    );
  });

  it("a tick after receive is greater than the remote, even with the wall clock far behind", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: HLC_MAX_PHYSICAL - 1 }),
        fc.integer({ min: 0, max: HLC_MAX_LOGICAL }),
        fc.integer({ min: 0, max: HLC_MAX_PHYSICAL }),
        (physical, logical, wall) => {
          const clock = new HybridClock(() => wall);
          const remote = hlc(physical, logical);
          clock.receive(remote);
          expect(compareHlc(clock.tick(), remote)).toBeGreaterThan(0);
        },
      ),
    );
  });
});
