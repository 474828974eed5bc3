import { describe, expect, it } from "vitest";
import { capacityUnits, readUnitsForBytes, writeUnits } from "../../../../shared/api/capacity";

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
