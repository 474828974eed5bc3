import { afterEach, describe, expect, test } from "vitest";
import { distancesOf, regionOfZone } from "../../../../workers/link/distances";
import { callFate, faults } from "../../../../workers/link/faults";

afterEach(() => faults.reset());

describe("distances between regions", () => {
  test.each([
    ["us-east-1", "eu-west-1", 70],
    ["eu-west-1", "us-east-1", 70],
    ["us-east-1", "ap-northeast-1", 150],
    ["eu-west-1", "ap-northeast-1", 220],
    ["us-east-1", "us-west-2", 20],
    ["us-east-1", "us-east-1", 0],
  ])("default: %s ↔ %s is %i ms round trip", (a, b, ms) => {
    expect(distancesOf("default")?.(a, b)).toBe(ms);
  });

  test("JSON names pairs in either order; others are 0; off and absent are no distances", () => {
    const distances = distancesOf('{"eu-west-1|us-east-1": 80}');
    expect(distances?.("us-east-1", "eu-west-1")).toBe(80);
    expect(distances?.("us-east-1", "ap-northeast-1")).toBe(0);
    expect(distancesOf("off")).toBeUndefined();
    expect(distancesOf(undefined)).toBeUndefined();
  });

  test("a zone's region drops the zone letter", () => {
    expect(regionOfZone("us-east-1a")).toBe("us-east-1");
    expect(regionOfZone("ap-northeast-1c")).toBe("ap-northeast-1");
  });
});

describe("callFate across regions", () => {
  const us = { name: "t/p0/us-east-1/us-east-1a", zone: "us-east-1a" };
  const eu = { name: "t/p0/eu-west-1/eu-west-1a", zone: "eu-west-1a" };
  const usB = { name: "t/p0/us-east-1/us-east-1b", zone: "us-east-1b" };

  test("a call between regions waits half the round trip each way; within a region none", () => {
    const distances = distancesOf("default");
    expect(callFate(us, eu, distances)).toBe(35);
    expect(callFate(us, usB, distances)).toBe(0);
    expect(callFate(undefined, eu, distances)).toBe(0);
  });

  test("an isolated region neither calls nor is called from another region, but works within itself", () => {
    faults.isolate("eu-west-1");
    expect(callFate(us, eu)).toBe("refused");
    expect(callFate(eu, us)).toBe("refused");
    expect(callFate(us, usB)).toBe(0);
    faults.rejoin("eu-west-1");
    expect(callFate(us, eu)).toBe(0);
  });
});
