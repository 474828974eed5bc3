import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeHlc, HLC_MAX_LOGICAL, HLC_MAX_PHYSICAL } from "../../../../workers/replication/hlc";
import {
  asRegionId,
  compareVersions,
  decodeVersion,
  encodeVersion,
  type ItemVersion,
} from "../../../../workers/replication/version";

const T = 1_700_000_000_000;
const v = (physical: number, logical: number, region: string): ItemVersion => ({
  ts: encodeHlc(physical, logical),
  region: asRegionId(region),
});

const anyVersion = fc
  .record({
    physical: fc.integer({ min: 0, max: HLC_MAX_PHYSICAL }),
    logical: fc.integer({ min: 0, max: HLC_MAX_LOGICAL }),
    region: fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/),
  })
  .map(({ physical, logical, region }) => v(physical, logical, region));

/** Small domains, so that equal timestamps and shared region prefixes come up often. */
const nearbyVersion = fc
  .record({
    physical: fc.integer({ min: T, max: T + 2 }),
    logical: fc.integer({ min: 0, max: 2 }),
    region: fc.constantFrom("us", "us-east-1", "us-east-2", "eu-west-1", "ap-northeast-1", "US-EAST-1"),
  })
  .map(({ physical, logical, region }) => v(physical, logical, region));

describe("asRegionId", () => {
  it.each(["us-east-1", "eu-west-1", "ap-northeast-1", "r1", "Local_Test.2"])("asRegionId: accepts %s", (name) => {
    expect(asRegionId(name)).toBe(name);
  });

  it.each([
    ["empty", ""],
    ["a slash (the version separator)", "us/east"],
    ["a space", "us east"],
    ["non-ASCII (would sort differently in SQLite)", "ü-1"],
    ["over 64 characters", "r".repeat(65)],
  ])("asRegionId: rejects %s with RangeError", (_name, name) => {
    expect(() => asRegionId(name)).toThrow(RangeError);
  });
});

describe("compareVersions", () => {
  it.each<[string, ItemVersion, ItemVersion, number]>([
    ["later physical time wins", v(T + 1, 0, "ap-northeast-1"), v(T, 9, "us-east-1"), 1],
    ["same millisecond: larger counter wins", v(T, 2, "ap-northeast-1"), v(T, 1, "us-east-1"), 1],
    ["equal timestamps: region id breaks the tie", v(T, 1, "us-east-1"), v(T, 1, "eu-west-1"), 1],
    ["equal timestamps: a region id prefix loses", v(T, 1, "us"), v(T, 1, "us-east-1"), -1],
    ["equal timestamps: uppercase sorts before lowercase", v(T, 1, "US-EAST-1"), v(T, 1, "us-east-1"), -1],
    ["the same version", v(T, 1, "us-east-1"), v(T, 1, "us-east-1"), 0],
  ])("compareVersions: %s", (_name, a, b, expected) => {
    expect(Math.sign(compareVersions(a, b))).toBe(expected);
    expect(Math.sign(compareVersions(b, a)) + expected).toBe(0);
  });

  it("compareVersions: is a total order (antisymmetric, transitive, zero only for equal versions)", () => {
    fc.assert(
      fc.property(nearbyVersion, nearbyVersion, nearbyVersion, (a, b, c) => {
        expect(Math.sign(compareVersions(a, b)) + Math.sign(compareVersions(b, a))).toBe(0);
        expect(compareVersions(a, b) === 0).toBe(a.ts === b.ts && a.region === b.region);
        if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0) {
          expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
        }
      }),
    );
  });
});

describe("encodeVersion / decodeVersion", () => {
  it("encodeVersion: writes ts/region", () => {
    expect(encodeVersion(v(T, 7, "us-east-1"))).toBe("018bcfe568000007/us-east-1");
  });

  it("decodeVersion: inverts encodeVersion", () => {
    fc.assert(
      fc.property(anyVersion, (version) => {
        expect(decodeVersion(encodeVersion(version))).toEqual(version);
      }),
    );
  });

  it("encodeVersion: text order equals compareVersions order", () => {
    fc.assert(
      fc.property(fc.oneof(anyVersion, nearbyVersion), fc.oneof(anyVersion, nearbyVersion), (a, b) => {
        const ea = encodeVersion(a);
        const eb = encodeVersion(b);
        expect(Math.sign(compareVersions(a, b))).toBe(ea < eb ? -1 : ea > eb ? 1 : 0);
        // SQLite's BINARY collation compares UTF-8 bytes.
        expect(Math.sign(compareVersions(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(ea), Buffer.from(eb))));
      }),
    );
  });

  it.each([
    ["no separator", "018bcfe568000007us-east-1"],
    ["wrong separator", "018bcfe568000007:us-east-1"],
    ["short timestamp", "018bcfe56800007/us-east-1"],
    ["uppercase timestamp", "018BCFE568000007/us-east-1"],
    ["empty region", "018bcfe568000007/"],
    ["invalid region", "018bcfe568000007/us/east"],
    ["empty", ""],
  ])("decodeVersion: rejects %s with RangeError", (_name, text) => {
    expect(() => decodeVersion(text)).toThrow(RangeError);
  });
});
