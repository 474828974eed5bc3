/**
 * The replica's write-ahead log: records get consecutive log sequence numbers, are appended
 * before they are applied, and are truncated once applied and old enough that no follower or
 * cross-region shipper needs them (a bounded tail is kept for both).
 */
import type { Item } from "../../shared/api/attribute-value";
import type { ReplicaStorage } from "./storage";

export type LogRecord =
  | { kind: "put"; h: string; key: Item; item: Item; size: number }
  | { kind: "delete"; h: string; key: Item };

/**
 * A record's text in the log: its JSON, with a put's item spliced in from `itemJson` when
 * given (the same text as `JSON.stringify(record)`, without serializing the item twice).
 */
export function recordText(record: LogRecord, itemJson?: string): string {
  if (record.kind === "delete" || itemJson === undefined) return JSON.stringify(record);
  const { h, key, size } = record;
  return `{"kind":"put","h":${JSON.stringify(h)},"key":${JSON.stringify(key)},"item":${itemJson},"size":${size}}`;
}

/** Applied records kept in the log beyond the applied index. */
export const LOG_RETAINED = 1000;

export class LogWriter {
  private last: number;
  private appliedIndex: number;
  private readonly epoch: number;

  constructor(private readonly store: ReplicaStorage) {
    this.last = store.lastLsn();
    this.appliedIndex = store.getState<number>("applied") ?? this.last;
    this.epoch = store.getState<number>("epoch") ?? 1;
  }

  /**
   * Appends a record (`itemJson`: a put's item as JSON, when the caller has it). At exit it is
   * in the log (durable once the transaction commits).
   */
  append(record: LogRecord, itemJson?: string): number {
    const lsn = ++this.last;
    this.store.appendLog(lsn, this.epoch, recordText(record, itemJson));
    return lsn;
  }

  /**
   * Records that every entry up to `lsn` is applied to the items, and the named state values
   * the application changed, in one statement.
   */
  applied(lsn: number, state: Record<string, unknown> = {}): void {
    this.appliedIndex = lsn;
    this.store.setStates({ ...state, applied: lsn });
    if (lsn % LOG_RETAINED === 0) this.store.truncateLog(lsn - LOG_RETAINED);
  }

  get appliedLsn(): number {
    return this.appliedIndex;
  }
}
