import { describe, expect, it } from "vitest";
import type { AppendPlan, AppendRequest, LogView } from "../../../../workers/replica/follower";
import { planAppend } from "../../../../workers/replica/follower";
import type { WireRecord } from "../../../../workers/replica/log";

/** A follower log whose record at lsn i + 1 has term terms[i]; lsn 0 is the empty base of term 0. */
function logOf(terms: number[], applied: number): LogView {
  return {
    last: terms.length,
    applied,
    termAt: (lsn) => (lsn === 0 ? 0 : terms[lsn - 1]),
  };
}

const rec = (lsn: number, term: number): WireRecord => ({ lsn, term, record: `r${lsn}@${term}` });

/** Records at consecutive lsns from `from`, with the given terms. */
const recs = (from: number, terms: number[]): WireRecord[] => terms.map((term, i) => rec(from + i, term));

function append(prevLsn: number, prevTerm: number, records: WireRecord[], commit = 100): AppendRequest {
  return { term: 9, leader: "L", prevLsn, prevTerm, records, commit };
}

describe("planAppend", () => {
  it.each<[string, LogView, AppendRequest, AppendPlan]>([
    [
      "prev missing: resume after the follower's last record",
      logOf([1, 1, 1], 1),
      append(5, 1, recs(6, [1])),
      { ok: false, resumeAfter: 3 },
    ],
    [
      "prev just past the end: resume after the follower's last record",
      logOf([1, 1, 1], 0),
      append(4, 2, recs(5, [2])),
      { ok: false, resumeAfter: 3 },
    ],
    [
      "prev term mismatch: resume after the applied index",
      logOf([1, 1, 2, 2], 1),
      append(4, 3, recs(5, [3])),
      { ok: false, resumeAfter: 1 },
    ],
    [
      "prev term mismatch right after applied: resume after applied",
      logOf([1, 1, 2, 2], 2),
      append(3, 3, []),
      { ok: false, resumeAfter: 2 },
    ],
    [
      "prev at the applied index matches whatever its term",
      logOf([1, 1, 1], 2),
      append(2, 7, recs(3, [1])),
      { ok: true, append: [], matched: 3, commit: 3 },
    ],
    [
      "prev below applied matches; applied records skipped, present ones skipped, the rest appended",
      logOf([1, 1, 1], 2),
      append(0, 0, recs(1, [1, 1, 1, 1])),
      { ok: true, append: recs(4, [1]), matched: 4, commit: 4 },
    ],
    [
      "records already present are skipped",
      logOf([1, 1, 2], 1),
      append(1, 1, recs(2, [1, 2]), 2),
      { ok: true, append: [], matched: 3, commit: 2 },
    ],
    [
      "records past the end are appended without truncation",
      logOf([1, 2], 2),
      append(2, 2, recs(3, [2, 2])),
      { ok: true, append: recs(3, [2, 2]), matched: 4, commit: 4 },
    ],
    [
      "a conflicting suffix is truncated at the first conflict and the rest appended",
      logOf([1, 1, 1, 1, 1], 2),
      append(2, 1, recs(3, [1, 2, 2, 2])),
      { ok: true, truncateFrom: 4, append: recs(4, [2, 2, 2]), matched: 6, commit: 6 },
    ],
    [
      "after a conflict, records whose term happens to match are appended too",
      logOf([1, 1, 2, 3], 1),
      append(1, 1, recs(2, [1, 3, 3])),
      { ok: true, truncateFrom: 3, append: recs(3, [3, 3]), matched: 4, commit: 4 },
    ],
    [
      "a conflict on the first record after prev",
      logOf([1, 1, 1], 1),
      append(1, 1, recs(2, [2])),
      { ok: true, truncateFrom: 2, append: recs(2, [2]), matched: 2, commit: 2 },
    ],
    [
      "records at or below applied are skipped, never compared",
      logOf([1, 1, 1], 3),
      append(1, 1, recs(2, [7, 7])),
      { ok: true, append: [], matched: 3, commit: 3 },
    ],
    [
      "heartbeat: commit is the leader's commit when below prev",
      logOf([1, 1, 1], 1),
      append(3, 1, [], 2),
      { ok: true, append: [], matched: 3, commit: 2 },
    ],
    [
      "heartbeat: commit is capped at prev",
      logOf([1, 1, 1, 1], 1),
      append(3, 1, [], 5),
      { ok: true, append: [], matched: 3, commit: 3 },
    ],
    [
      "heartbeat with prev below applied: matched and commit are prev",
      logOf([1, 1, 1, 1], 3),
      append(2, 1, [], 4),
      { ok: true, append: [], matched: 2, commit: 2 },
    ],
    ["heartbeat on an empty log", logOf([], 0), append(0, 0, [], 0), { ok: true, append: [], matched: 0, commit: 0 }],
    [
      "commit is capped at the last record sent",
      logOf([1], 1),
      append(1, 1, recs(2, [1, 1, 1]), 10),
      { ok: true, append: recs(2, [1, 1, 1]), matched: 4, commit: 4 },
    ],
    [
      "a follower's longer log is kept when the records sent all match",
      logOf([1, 1, 1, 1, 1], 1),
      append(1, 1, recs(2, [1, 1])),
      { ok: true, append: [], matched: 3, commit: 3 },
    ],
  ])("planAppend: %s", (_name, log, request, expected) => {
    expect(planAppend(log, request)).toEqual(expected);
  });
});
