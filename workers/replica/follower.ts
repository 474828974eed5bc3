/**
 * A follower's side of log replication: whether a leader's append fits its log (Raft's
 * consistency check on the record before the batch), which of its own records conflict and
 * must go, and how far it may apply.
 */
import type { WireRecord } from "./log";

export interface AppendRequest {
  term: number;
  /** The leader's object name. */
  leader: string;
  /** The record just before `records`, which the follower must hold with this term. */
  prevLsn: number;
  prevTerm: number;
  records: WireRecord[];
  /** The leader's commit index. */
  commit: number;
  /** A global table's shipping cursors (region → last lsn acknowledged), kept for the next leader. */
  shipped?: Record<string, number>;
  /** A table's global index feeding cursors (index id → last lsn acknowledged), kept for the next leader. */
  fed?: Record<string, number>;
  /** With point-in-time recovery on: the last lsn archived (archiver.ts), kept for the next leader. */
  archived?: number;
}

export interface AppendReply {
  term: number;
  ok: boolean;
  /** When ok, the last lsn the follower now holds in agreement with the leader; when not, where the leader should resume (lsn + 1). */
  lsn: number;
  /** The follower's items are incomplete (a snapshot was interrupted): only a snapshot helps. */
  needsSnapshot?: boolean;
}

/** The follower's log as the plan needs it. */
export interface LogView {
  last: number;
  applied: number;
  termAt(lsn: number): number | undefined;
}

export type AppendPlan =
  | { ok: false; resumeAfter: number }
  | { ok: true; truncateFrom?: number; append: WireRecord[]; matched: number; commit: number };

/**
 * Plans an append the follower has accepted by term. Records at or below the applied index
 * are committed and so equal to the leader's: they are skipped, never compared.
 */
export function planAppend(log: LogView, request: AppendRequest): AppendPlan {
  const { prevLsn, prevTerm, records } = request;
  if (prevLsn > log.applied) {
    const term = log.termAt(prevLsn);
    if (term === undefined) return { ok: false, resumeAfter: Math.min(log.last, prevLsn - 1) };
    if (term !== prevTerm) return { ok: false, resumeAfter: Math.min(log.applied, prevLsn - 1) };
  }
  let truncateFrom: number | undefined;
  const append: WireRecord[] = [];
  for (const record of records) {
    if (record.lsn <= log.applied) continue;
    if (truncateFrom === undefined && append.length === 0) {
      const term = log.termAt(record.lsn);
      if (term === record.term) continue;
      if (term !== undefined) truncateFrom = record.lsn;
    }
    append.push(record);
  }
  const matched = records.length > 0 ? records[records.length - 1].lsn : prevLsn;
  return { ok: true, truncateFrom, append, matched, commit: Math.min(request.commit, matched) };
}
