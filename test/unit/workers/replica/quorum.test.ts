import { describe, expect, it } from "vitest";
import { majority, quorumLsn } from "../../../../workers/replica/quorum";

describe("majority", () => {
  it.each([
    [0, 1],
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [5, 3],
  ])("majority: of %i members is %i", (members, expected) => {
    expect(majority(members)).toBe(expected);
  });
});

describe("quorumLsn", () => {
  it.each<[string, number[], number]>([
    ["a group of one commits what it holds", [7], 7],
    ["two members need both: the lower lsn", [5, 3], 3],
    ["two members, unsorted input", [3, 5], 3],
    ["three members: the second highest", [9, 6, 4], 6],
    ["three members, unsorted input", [4, 9, 6], 6],
    ["three members, leader alone ahead", [9, 0, 0], 0],
    ["three members, tie at the top makes a majority", [5, 5, 1], 5],
    ["three members, tie at the bottom", [5, 1, 1], 1],
    ["three members, all equal", [4, 4, 4], 4],
    ["five members: the third highest", [10, 8, 6, 4, 2], 6],
    ["five members, unsorted input", [2, 10, 4, 6, 8], 6],
    ["five members, tie across the majority line", [7, 7, 7, 2, 2], 7],
    ["five members, two ahead are not enough", [9, 9, 3, 3, 3], 3],
    ["nothing persisted", [0, 0, 0], 0],
    ["no members", [], 0],
  ])("quorumLsn: %s", (_name, matched, expected) => {
    expect(quorumLsn(matched)).toBe(expected);
  });

  it("quorumLsn: leaves its input unsorted", () => {
    const matched = [1, 3, 2];
    quorumLsn(matched);
    expect(matched).toEqual([1, 3, 2]);
  });
});
