import { describe, expect, it } from "vitest";
import { expired } from "../../../../workers/replica/ttl-sweeper";

const NOW_MS = 1_800_000_000_000;
const now = NOW_MS / 1000;

describe("expired", () => {
  it("takes a number of epoch seconds at or before now, at most five years back", () => {
    expect(expired({ t: { N: String(now) } }, "t", NOW_MS)).toBe(true);
    expect(expired({ t: { N: String(now - 1) } }, "t", NOW_MS)).toBe(true);
    expect(expired({ t: { N: String(now - 5 * 365 * 24 * 3600) } }, "t", NOW_MS)).toBe(true);
    expect(expired({ t: { N: "1.7e9" } }, "t", NOW_MS)).toBe(true);
  });

  it("leaves the future, other types, milliseconds, more than five years back, and a missing attribute", () => {
    expect(expired({ t: { N: String(now + 1) } }, "t", NOW_MS)).toBe(false);
    expect(expired({ t: { S: String(now - 1) } }, "t", NOW_MS)).toBe(false);
    expect(expired({ t: { N: String((now - 1) * 1000) } }, "t", NOW_MS)).toBe(false);
    expect(expired({ t: { N: String(now - 5 * 365 * 24 * 3600 - 1) } }, "t", NOW_MS)).toBe(false);
    expect(expired({ other: { N: String(now - 1) } }, "t", NOW_MS)).toBe(false);
    expect(expired({ t: { NS: [String(now - 1)] } }, "t", NOW_MS)).toBe(false);
  });

  it("reads the attribute by its own name, whatever it is", () => {
    expect(expired(JSON.parse(`{"__proto__": {"N": "${now - 1}"}}`), "__proto__", NOW_MS)).toBe(true);
  });
});
