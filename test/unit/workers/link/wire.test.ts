/**
 * The wire format of calls between processes (workers/link/wire.ts): every kind of value a call
 * passes comes back as structured clone would give it, and no value is mistaken for a tag.
 */
import { describe, expect, test } from "vitest";
import { decodeWire, encodeWire } from "../../../../workers/link/wire";

const roundTrip = (value: unknown) => decodeWire(encodeWire(value));

describe("wire", () => {
  test("JSON's own values travel as they are", () => {
    const value = { a: 1, b: "two", c: [true, false, null], d: { e: { f: -2.5e-7 } }, "": "" };
    expect(encodeWire(value)).toBe(JSON.stringify({ v: value }));
    expect(roundTrip(value)).toEqual(value);
  });

  test("what JSON loses comes back", () => {
    const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
    const value = {
      numbers: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0],
      big: 12345678901234567890123n,
      when: new Date(1_800_000_000_123),
      bytes,
      buffer: bytes.slice().buffer,
      map: new Map<unknown, unknown>([
        ["k", { nested: new Set([1, "x"]) }],
        [2, undefined],
      ]),
      list: [1, undefined, 3],
    };
    const back = roundTrip(value) as typeof value;
    expect(back.numbers[0]).toBeNaN();
    expect(back.numbers.slice(1, 3)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(Object.is(back.numbers[3], -0)).toBe(true);
    expect(Object.is(back.numbers[4], 0)).toBe(true);
    expect(back.big).toBe(12345678901234567890123n);
    expect(back.when).toEqual(new Date(1_800_000_000_123));
    expect(back.bytes).toEqual(bytes);
    expect(new Uint8Array(back.buffer)).toEqual(bytes);
    expect(back.map).toEqual(value.map);
    expect(back.list).toHaveLength(3);
    expect([back.list[0], back.list[1], back.list[2]]).toEqual([1, undefined, 3]);
  });

  test("undefined at the top comes back, and an object property that is undefined is left out", () => {
    expect(roundTrip(undefined)).toBeUndefined();
    expect(roundTrip({ a: undefined, b: 1 })).toEqual({ b: 1 });
  });

  test("an object with a property named like the tag is not mistaken for one", () => {
    const item = { $w: { S: "u" }, v: { N: "1" }, nested: { $w: "n", v: "NaN" } };
    expect(roundTrip(item)).toEqual(item);
    expect(roundTrip([{ $w: "u" }])).toEqual([{ $w: "u" }]);
  });

  test("__proto__ as a name stays an own property and changes no prototype", () => {
    const item = JSON.parse('{"__proto__": {"S": "x"}, "$w": 1}');
    const back = roundTrip(item) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.hasOwn(back, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(back, "__proto__")?.value).toEqual({ S: "x" });
  });

  test("errors come back with their name and message", () => {
    const error = new TypeError("bad key");
    const back = roundTrip({ error }) as { error: Error };
    expect(back.error).toBeInstanceOf(Error);
    expect([back.error.name, back.error.message]).toEqual(["TypeError", "bad key"]);
  });

  test("what structured clone refuses is refused", () => {
    expect(() => encodeWire({ f: () => 1 })).toThrow(TypeError);
    expect(() => encodeWire([Symbol("s")])).toThrow(TypeError);
    expect(() => encodeWire({ x: new (class Point {})() })).toThrow(/Point cannot be sent/);
  });
});
