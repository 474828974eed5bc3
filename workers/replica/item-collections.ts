/**
 * The leader's side of a write on a table with local secondary indexes: what the write costs
 * each index (shared/indexes/write-units.ts), and the size of its item collection (the items of
 * one partition key value with their index entries), which a write may not take over the limit.
 *
 * A collection's size at decision time is its applied size (local-index-storage.ts
 * `collectionBytes`) plus what the leader's records ordered and not yet applied change in it:
 * each decision notes its change (`ordered`), and a note is dropped once its record is applied
 * (at or below the leadership's commit index: deciding applies what is committed first) or its
 * leadership ends. Records ordered without a decision here (another region's changes to a
 * global table) count once applied. A refusal may rest on records not yet committed, as any
 * estimate of a growing collection would.
 *
 * The applied size reads every row of the collection, so it is read only when the request asks
 * for the size, or when the write grows the collection and the whole partition, a bound on any
 * of its collections, could be over the limit.
 */
import { ItemCollectionSizeLimitExceededException, type WireError } from "../../shared/api/errors";
import type { KeySchema } from "../../shared/api/key-schema";
import { INDEX_ENTRY_OVERHEAD, type IndexShape } from "../../shared/indexes/entries";
import { COLLECTION_SIZE_EXCEEDED, collectionBytesOf } from "../../shared/indexes/item-collections";
import { indexesWriteUnits, type SizedItem } from "../../shared/indexes/write-units";
import type { ReplicaStats } from "./protocol";
import type { StoredKey } from "./storage";
import { byteText } from "./stored-key";

/** A write on a table with local indexes, as its leader decides it. */
export interface IndexedWrite {
  key: StoredKey;
  /** The item before and after the write (undefined: none). */
  before: SizedItem | undefined;
  after: SizedItem | undefined;
  /** The partition's stats after the write, over everything ordered. */
  stats: ReplicaStats;
  indexes: readonly IndexShape[];
  table: KeySchema;
  /** Whether the reply carries the units by index, and the collection's size. */
  units: boolean;
  size: boolean;
}

/** What the write does to the indexes and its collection: `delta` bytes, and what the reply carries. */
export type IndexedDecision =
  | { ok: true; delta: number; indexUnits?: Record<string, number>; collectionBytes?: number }
  | { ok: false; error: WireError };

/** The leader's term, as far as the notes need it. */
export interface NotingLeadership {
  readonly commitIndex: number;
}

interface Note {
  lsn: number;
  delta: number;
}

/** A collection's name in the notes: the partition key's hash and encoding. */
const collectionOf = (key: StoredKey) => `${key.h}${byteText(key.pk)}`;

export class ItemCollections {
  /** Changes to collections by records ordered and not yet applied, by collection. */
  private readonly notes = new Map<string, Note[]>();
  /** The leadership whose records the notes are. */
  private leadership: NotingLeadership | undefined;

  /** `appliedBytes`: a collection's size over the applied items (local-index-storage.ts). */
  constructor(
    private readonly appliedBytes: (h: string, pk: Uint8Array) => number,
    readonly limitBytes: number,
  ) {}

  /** Decides `write` by `leadership`, after the committed records were applied. */
  decide(write: IndexedWrite, leadership: NotingLeadership): IndexedDecision {
    this.forgetApplied(leadership);
    const { before, after, indexes, table, stats } = write;
    const delta = collectionBytesOf(after, indexes, table) - collectionBytesOf(before, indexes, table);
    const indexUnits = write.units ? indexesWriteUnits(before, after, indexes, table) : undefined;
    // Every item of the partition in every index: no collection can be larger.
    const n = indexes.length;
    const bound = (1 + n) * stats.sizeBytes + INDEX_ENTRY_OVERHEAD * n * stats.itemCount;
    const mayExceed = delta > 0 && bound > this.limitBytes;
    if (!write.size && !mayExceed) return { ok: true, delta, indexUnits };
    const bytes = this.pendingBytes(write.key) + delta;
    if (delta > 0 && bytes > this.limitBytes) {
      return { ok: false, error: new ItemCollectionSizeLimitExceededException(COLLECTION_SIZE_EXCEEDED).toWire() };
    }
    return { ok: true, delta, indexUnits, collectionBytes: write.size ? bytes : undefined };
  }

  /** The size of `key`'s collection over everything `leadership` ordered, after the committed records were applied. */
  bytesNow(key: StoredKey, leadership: NotingLeadership): number {
    this.forgetApplied(leadership);
    return this.pendingBytes(key);
  }

  /** The size of `key`'s collection: applied, and changed by the records noted. */
  private pendingBytes(key: StoredKey): number {
    const notes = this.notes.get(collectionOf(key)) ?? [];
    return notes.reduce((bytes, note) => bytes + note.delta, this.appliedBytes(key.h, key.pk));
  }

  /** `leadership` ordered its decision for `key` as record `lsn`, changing its collection by `delta` bytes. */
  ordered(key: StoredKey, lsn: number, delta: number, leadership: NotingLeadership): void {
    this.follow(leadership);
    if (delta === 0) return;
    const collection = collectionOf(key);
    const notes = this.notes.get(collection);
    if (notes) notes.push({ lsn, delta });
    else this.notes.set(collection, [{ lsn, delta }]);
  }

  /** Notes are `leadership`'s from now on: those of an earlier one are dropped. */
  private follow(leadership: NotingLeadership): void {
    if (this.leadership === leadership) return;
    this.notes.clear();
    this.leadership = leadership;
  }

  /** Drops the notes of records applied (at or below the commit index) and of an earlier leadership. */
  private forgetApplied(leadership: NotingLeadership): void {
    this.follow(leadership);
    for (const [collection, notes] of this.notes) {
      const left = notes.filter((note) => note.lsn > leadership.commitIndex);
      if (left.length === 0) this.notes.delete(collection);
      else if (left.length < notes.length) this.notes.set(collection, left);
    }
  }
}
