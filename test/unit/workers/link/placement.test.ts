/**
 * Where objects live when the server runs as several processes (workers/link/placement.ts):
 * zones spread over processes, named objects pinned by their name, one process when the vars
 * say nothing usable.
 */
import { describe, expect, test } from "vitest";
import { nameProcess, placementOf, zoneProcess } from "../../../../workers/link/placement";

describe("placement", () => {
  test("zone i of every region lives in process i mod N", () => {
    expect(["us-east-1a", "us-east-1b", "us-east-1c"].map((z) => zoneProcess(z, 3))).toEqual([0, 1, 2]);
    expect(["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((z) => zoneProcess(z, 2))).toEqual([0, 1, 0]);
    expect(["ap-south-1a", "ap-south-1b", "ap-south-1c"].map((z) => zoneProcess(z, 1))).toEqual([0, 0, 0]);
  });

  test("a named object lives in one process, the same every time, and names spread over the processes", () => {
    const names = Array.from({ length: 300 }, (_, i) => `catalog-us-east-1-account${i}`);
    const counts = [0, 0, 0];
    for (const name of names) {
      const process = nameProcess(name, 3);
      expect(nameProcess(name, 3)).toBe(process);
      counts[process]++;
    }
    for (const count of counts) expect(count).toBeGreaterThan(60);
    expect(names.every((name) => nameProcess(name, 1) === 0)).toBe(true);
  });

  test("the vars give N and this process's index; anything unusable means one process", () => {
    expect(placementOf({ PROCESSES: "3", PROCESS_INDEX: "2" })).toEqual({ processes: 3, self: 2 });
    expect(placementOf({})).toEqual({ processes: 1, self: 0 });
    for (const bad of [
      { PROCESSES: "0", PROCESS_INDEX: "0" },
      { PROCESSES: "2", PROCESS_INDEX: "2" },
      { PROCESSES: "x", PROCESS_INDEX: "0" },
      { PROCESSES: "2", PROCESS_INDEX: "-1" },
      { PROCESSES: "1.5", PROCESS_INDEX: "0" },
    ])
      expect(placementOf(bad)).toEqual({ processes: 1, self: 0 });
  });
});
