import { describe, expect, it } from "vitest";
import { TokenBucket } from "../../../../shared/capacity/token-bucket";

describe("TokenBucket", () => {
  it("starts full, refills at its rate up to its capacity", () => {
    const bucket = new TokenBucket(10, 3000, 0);
    expect(bucket.available(0)).toBe(3000);
    bucket.spend(3000, 0);
    expect(bucket.available(0)).toBe(0);
    expect(bucket.admits(0)).toBe(false);
    expect(bucket.available(500)).toBe(5);
    expect(bucket.admits(500)).toBe(true);
    expect(bucket.available(1_000_000)).toBe(3000);
  });

  it("runs into debt when spent past its balance, and admits nothing until refilled past zero", () => {
    const bucket = new TokenBucket(100, 100, 0);
    bucket.spend(150, 0);
    expect(bucket.available(0)).toBe(-50);
    expect(bucket.admits(400)).toBe(false);
    expect(bucket.admits(600)).toBe(true);
  });

  it("gives what is needed and up to what is wanted while it holds what is needed, and nothing otherwise", () => {
    const bucket = new TokenBucket(10, 25, 0);
    expect(bucket.take(1, 10, 0)).toBe(10);
    expect(bucket.take(1, 100, 0)).toBe(15);
    expect(bucket.take(1, 1, 0)).toBe(0);
    expect(bucket.take(1, 100, 200)).toBe(2);
    expect(bucket.take(3, 3, 300)).toBe(0);
  });

  it("lets a request larger than the whole bucket through when the bucket is full, into debt", () => {
    const bucket = new TokenBucket(10, 25, 0);
    expect(bucket.take(40, 40, 0)).toBe(40);
    expect(bucket.available(0)).toBe(-15);
    expect(bucket.take(40, 40, 1000)).toBe(0);
  });

  it("keeps what is available within a new capacity when its rate changes", () => {
    const bucket = new TokenBucket(10, 3000, 0);
    bucket.reset(1, 300, 0);
    expect(bucket.available(0)).toBe(300);
    bucket.spend(300, 0);
    expect(bucket.available(10_000)).toBe(10);
  });
});
