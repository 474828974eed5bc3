/**
 * Admission between accounts (shared/capacity/account-shares.ts): each account within its quota,
 * and under a deployment's capacity, each its max-min fair share of the last second's demands.
 */
import { describe, expect, it } from "vitest";
import { AccountShares, fairShares, WINDOW_MS } from "../../../../shared/capacity/account-shares";

const T0 = 1_000_000;

describe("fairShares", () => {
  it("an account asking for less than an equal share gets what it asks; the others split the rest", () => {
    const shares = fairShares(
      100,
      new Map([
        ["a", 500],
        ["b", 10],
        ["c", 80],
      ]),
    );
    expect(Object.fromEntries(shares)).toEqual({ b: 10, a: 45, c: 45 });
  });

  it("alone, an account gets the whole capacity, or what it asks", () => {
    expect(fairShares(100, new Map([["a", 500]])).get("a")).toBe(100);
    expect(fairShares(100, new Map([["a", 30]])).get("a")).toBe(30);
  });
});

describe("AccountShares", () => {
  it("each account at most its quota a second, whatever the others do", () => {
    const shares = new AccountShares({ quota: { read: 100, write: 50 } }, T0);
    expect(shares.take("a", "write", 10, 40, T0)).toBe(40);
    expect(shares.take("a", "write", 10, 40, T0)).toBe(10);
    expect(shares.take("a", "write", 1, 1, T0)).toBe(0);
    expect(shares.take("b", "write", 10, 40, T0)).toBe(40);
    expect(shares.take("a", "read", 10, 100, T0)).toBe(100);
    // A second later the quota has refilled.
    expect(shares.take("a", "write", 10, 50, T0 + 1000)).toBe(50);
  });

  it("under a deployment's capacity, a hungry account leaves a light one its share", () => {
    const shares = new AccountShares({ quota: { read: 1000, write: 1000 }, deployment: { write: 100 } }, T0);
    // The first window: the hungry account asks first and takes what the deployment has; the
    // light one, asking later, is served at once (its demand gives it a share).
    let hungry = 0;
    for (let i = 0; i < 20; i++) hungry += shares.take("hungry", "write", 5, 10, T0 + i);
    expect(hungry).toBe(100);
    expect(shares.take("light", "write", 5, 5, T0 + 300) + shares.take("light", "write", 5, 5, T0 + 301)).toBe(10);
    // From the next window on, the light account's demand counts from the start: the hungry one,
    // however early it asks, leaves it its 10 units a second.
    for (let second = 1; second <= 3; second++) {
      const at = T0 + second * WINDOW_MS;
      let light = 0;
      hungry = 0;
      for (let i = 0; i < 20; i++) hungry += shares.take("hungry", "write", 5, 10, at + i * 10);
      for (let i = 0; i < 2; i++) light += shares.take("light", "write", 5, 5, at + 300 + i);
      expect(light).toBe(10);
      expect(hungry).toBeLessThanOrEqual(90);
      expect(hungry).toBeGreaterThanOrEqual(80);
    }
  });
});
