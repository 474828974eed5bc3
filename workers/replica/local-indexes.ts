/**
 * The local secondary indexes of a partition's replicas: an item's entries (kept beside the
 * item when a committed record is applied, so the indexes are as consistent as the items), and
 * the start of a page read through an index. The entries point at the item's row; what an
 * entry projects is computed when it is read.
 */
import type { Item } from "../../shared/api/attribute-value";
import type { KeySchema } from "../../shared/api/key-schema";
import { own } from "../../shared/api/names";
import { entrySize, type IndexShape, inIndex } from "../../shared/indexes/entries";
import { encodeKeyValue } from "../../shared/keys/key-encoding";
import type { LocalEntry } from "./local-index-storage";
import type { StoredKey } from "./storage";
import { storedKeyOf } from "./stored-key";

/** `item`'s entries in `indexes`: one per index whose key attributes it has. */
export function localEntriesOf(item: Item, size: number, indexes: IndexShape[], table: KeySchema): LocalEntry[] {
  const entries: LocalEntry[] = [];
  for (const index of indexes) {
    if (!inIndex(item, index)) continue;
    const range = index.key.range!;
    entries.push({
      idx: index.name,
      isk: encodeKeyValue(own(item, range.name)!),
      size: entrySize(item, size, index, table),
    });
  }
  return entries;
}

/** Where a page through `index` resumes: the entry whose table key and index key `start` holds. */
export function localStart(start: Item, index: IndexShape, table: KeySchema): StoredKey & { isk: Uint8Array } {
  return { ...storedKeyOf(start, table), isk: encodeKeyValue(start[index.key.range!.name]) };
}
