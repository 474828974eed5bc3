import { describe, expect, test } from "vitest";
import { type CpuProfile, profileMarkdown, summarizeProfile } from "../../../bench/profile";

const frame = (functionName: string, url = "", lineNumber = 0) => ({ functionName, url, lineNumber });

/**
 * (root) → handle index.js:10 → parse index.js:20
 *                              → handle index.js:10 (recursion) → exec (native)
 *        → (idle)
 */
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)"), children: [2, 5] },
    { id: 2, callFrame: frame("handle", "file:///dist/bundle/index.js", 9), children: [3, 4] },
    { id: 3, callFrame: frame("parse", "file:///dist/bundle/index.js", 19) },
    { id: 4, callFrame: frame("handle", "file:///dist/bundle/index.js", 9), children: [6] },
    { id: 5, callFrame: frame("(idle)") },
    { id: 6, callFrame: frame("exec") },
  ],
  // handle ×1, parse ×2, exec ×3 (under the recursive handle), idle ×4
  samples: [2, 3, 3, 6, 6, 6, 5, 5, 5, 5],
  startTime: 0,
  endTime: 10_000,
};

describe("CPU profile summary", () => {
  test("self and total shares per frame, with the file's name and 1-based line", () => {
    const summary = summarizeProfile(PROFILE);
    expect(summary.samples).toBe(10);
    expect(summary.idle).toBeCloseTo(0.4);
    const byFrame = Object.fromEntries(summary.lines.map((line) => [line.frame, line]));
    expect(byFrame["parse index.js:20"]).toEqual({ frame: "parse index.js:20", self: 0.2, total: 0.2 });
    expect(byFrame.exec).toEqual({ frame: "exec", self: 0.3, total: 0.3 });
    // On the stack of handle, parse and exec samples; counted once per sample despite the recursion.
    expect(byFrame["handle index.js:10"].self).toBeCloseTo(0.1);
    expect(byFrame["handle index.js:10"].total).toBeCloseTo(0.6);
    expect(summary.lines.some((line) => line.frame === "(root)")).toBe(false);
  });

  test("lines are ordered by self share, largest first", () => {
    const shares = summarizeProfile(PROFILE).lines.map((line) => line.self);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    expect(summarizeProfile(PROFILE).lines[0].frame).toBe("(idle)");
  });

  test("an empty profile has no lines and no idle share", () => {
    expect(
      summarizeProfile({ nodes: [{ id: 1, callFrame: frame("(root)") }], samples: [], startTime: 0, endTime: 0 }),
    ).toEqual({ samples: 0, idle: 0, lines: [] });
  });

  test("the markdown leaves idle out, lists by self and by total, and stops at `top`", () => {
    const text = profileMarkdown("GetItem", summarizeProfile(PROFILE), 2);
    expect(text).toContain("## GetItem");
    expect(text).toContain("10 samples, idle 40.0%");
    expect(text).not.toContain("`(idle)`");
    const [bySelf, byTotal] = text.split("### By total time").map((part) => part.match(/^\| `.*$/gm) ?? []);
    expect(bySelf).toEqual(["| `exec` | 30.0% | 30.0% |", "| `parse index.js:20` | 20.0% | 20.0% |"]);
    expect(byTotal).toEqual(["| `handle index.js:10` | 10.0% | 60.0% |", "| `exec` | 30.0% | 30.0% |"]);
  });
});
