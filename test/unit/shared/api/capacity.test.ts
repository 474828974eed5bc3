import { describe, expect, it } from "vitest";
import { capacityUnits, readUnitsForBytes, transactionalUnits, writeUnits } from "../../../../shared/api/capacity";

describe("capacity", () => {
  it.each([
    [0, true, 1],
    [0, false, 0.5],
    [1, true, 1],
    [4096, true, 1],
    [4097, true, 2],
    [4097, false, 1],
    [409600, true, 100],
    [409600, false, 50],
    [3 * 4096 + 1, false, 2],
  ])("capacityUnits: reading %d bytes (consistent: %s) costs %d units", (bytes, consistent, units) => {
    expect(capacityUnits(bytes, "read", consistent)).toBe(units);
  });

  it.each([
    [0, 1],
    [1, 1],
    [1024, 1],
    [1025, 2],
    [409600, 400],
  ])("capacityUnits: writing %d bytes costs %d units", (bytes, units) => {
    expect(capacityUnits(bytes, "write")).toBe(units);
  });

  it("readUnitsForBytes: a Query or Scan rounds the summed size once and charges the minimum when empty", () => {
    expect(readUnitsForBytes(3 * 1500, true)).toBe(2);
    expect(readUnitsForBytes(3 * 1500, false)).toBe(1);
    expect(readUnitsForBytes(0, true)).toBe(1);
    expect(readUnitsForBytes(0, false)).toBe(0.5);
  });

  it("writeUnits: a replacing write costs by the larger of the old and new item", () => {
    expect(writeUnits(3000, 10)).toBe(3);
    expect(writeUnits(0, 2049)).toBe(3);
    expect(writeUnits(0, 0)).toBe(1);
  });
});

/**
 * The worked examples of DynamoDB's developer guide, "DynamoDB read and write operations" (KB is
 * 1,024 bytes there, as in the size limits).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
 */
describe("capacity: the developer guide's examples", () => {
  const KB = 1024;

  it("reading a 3,500-byte item costs what a 4 KB item does; a 10 KB item is rounded up to 12 KB", () => {
    expect(capacityUnits(3500, "read")).toBe(capacityUnits(4 * KB, "read"));
    expect(capacityUnits(3500, "read")).toBe(1);
    expect(capacityUnits(10 * KB, "read")).toBe(3);
  });

  it("an 8 KB item: 2 units strongly consistent, 1 eventually consistent, 4 in a transaction (twice a strong read)", () => {
    expect(capacityUnits(8 * KB, "read", true)).toBe(2);
    expect(capacityUnits(8 * KB, "read", false)).toBe(1);
    expect(transactionalUnits(capacityUnits(8 * KB, "read", true))).toBe(4);
  });

  it("BatchGetItem of a 1.5 KB and a 6.5 KB item counts 12 KB (each item rounded), not 8 KB", () => {
    const units = capacityUnits(1.5 * KB, "read") + capacityUnits(6.5 * KB, "read");
    expect(units).toBe(3);
    expect(units).not.toBe(readUnitsForBytes(8 * KB, true));
  });

  it("a Query of 10 items totalling 40.8 KB is rounded once to 44 KB: 11 units strongly consistent", () => {
    expect(readUnitsForBytes(Math.round(40.8 * KB), true)).toBe(11);
    expect(readUnitsForBytes(Math.round(40.8 * KB), false)).toBe(5.5);
  });

  it("a Query of 1,500 items of 64 bytes reads 96 KB: 24 units", () => {
    expect(readUnitsForBytes(1500 * 64, true)).toBe(24);
  });

  it("writes: 1 unit per 1 KB, a 1.5 KB item costs 2, a delete or replacement by the larger item", () => {
    expect(capacityUnits(1.5 * KB, "write")).toBe(2);
    expect(writeUnits(1.5 * KB, 0)).toBe(2);
    expect(writeUnits(500, 2.5 * KB)).toBe(3);
    expect(transactionalUnits(writeUnits(0, 1.5 * KB))).toBe(4);
  });
});
