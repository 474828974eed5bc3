import { describe, expect, it } from "vitest";
import { javaHashSetOrder, javaStringHash } from "../../../../shared/api/java-hash-set";

describe("javaStringHash", () => {
  it.each([
    ["", 0],
    ["a", 97],
    ["pk", 3579],
    ["hello", 99162322],
    // Overflows to Integer.MIN_VALUE in Java.
    ["polygenelubricants", -2147483648],
  ])("hashes %j as Java's String.hashCode does: %d", (text, hash) => {
    expect(javaStringHash(text)).toBe(hash);
  });
});

describe("javaHashSetOrder", () => {
  it("orders the key attributes of the recorded CreateTable messages as the service printed them", () => {
    expect(javaHashSetOrder(["pk", "sk", "a", "b"])).toEqual(["a", "b", "sk", "pk"]);
    expect(javaHashSetOrder(["pk", "sk", "a"])).toEqual(["a", "sk", "pk"]);
    expect(javaHashSetOrder(["my-string", "my-hash"])).toEqual(["my-hash", "my-string"]);
    expect(javaHashSetOrder(["pk", "sk"])).toEqual(["sk", "pk"]);
  });

  it("drops repeats and keeps names of one bucket in insertion order", () => {
    // "a" and "q" share bucket 1 of 16 (97 and 113).
    expect(javaHashSetOrder(["q", "a", "q"])).toEqual(["q", "a"]);
    expect(javaHashSetOrder(["a", "q"])).toEqual(["a", "q"]);
  });

  it("doubles the buckets past three quarters full, which reorders names", () => {
    // 97 ("a") and 113 ("q") split apart in 32 buckets once a 13th name is added.
    const twelve = ["q", "a", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"];
    expect(javaHashSetOrder(twelve).slice(0, 2)).toEqual(["q", "a"]);
    expect(javaHashSetOrder([...twelve, "m"]).slice(0, 2)).toEqual(["a", "c"]);
  });
});
