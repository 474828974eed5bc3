/**
 * What a global secondary index's entries become from a base partition's writes (index-feeder.ts
 * feeds them): per base record, the removal of the entry the replaced item had when that entry goes
 * or moves (its key attributes are the record's `g`), and the entry the new item has; per item a
 * backfill copies, its entry. Each change is versioned by its source (the base record's lsn and
 * partition), so an index partition applies it by last writer wins.
 */
import type { Item } from "../../shared/api/attribute-value";
import type { KeySchema } from "../../shared/api/key-schema";
import { keyNames } from "../../shared/api/key-schema";
import { own, setName } from "../../shared/api/names";
import { entryKey, entrySize, type IndexShape, inIndex, projectForIndex } from "../../shared/indexes/entries";
import { storedEntryKey } from "./entry-keys";
import type { WireRecord } from "./log";
import { decodeRecord } from "./log-record";
import type { RemoteChange } from "./protocol";
import type { StoredItem } from "./storage";

/** A change's version: its source lsn (16 hex digits, so versions order as lsns) and the base partition's id. */
export const changeVersion = (lsn: number, source: string) => `${lsn.toString(16).padStart(16, "0")}/${source}`;

/**
 * Whether `item` has an entry in `index`: every key attribute of the index present, of the type
 * the index defines, and not an empty string or binary. Writes refuse other values once the
 * partition knows the index; items written before (an index added by UpdateTable) stay out of it,
 * as DynamoDB leaves index key violations out of a backfill.
 */
export function fitsIndex(item: Item, index: Pick<IndexShape, "key">): boolean {
  if (!inIndex(item, index)) return false;
  const { hash, range } = index.key;
  return (range ? [hash, range] : [hash]).every(({ name, type }) => {
    const held = (own(item, name) as Record<string, unknown>)[type];
    return held !== undefined && held !== "";
  });
}

/** The changes one base record makes to `index`'s entries. */
export function indexChanges(
  wire: WireRecord,
  index: IndexShape,
  table: KeySchema,
  source: string,
): { h: string; change: RemoteChange }[] {
  const record = decodeRecord(wire.record);
  if (record.kind !== "put" && record.kind !== "delete") return [];
  const version = changeVersion(wire.lsn, source);
  const keys = { index: index.key, table };
  const out: { h: string; change: RemoteChange }[] = [];
  const next = record.kind === "put" && fitsIndex(record.item, index) ? record.item : undefined;
  const nextKey = next && entryKey(next, index, table);
  const old = record.g && withKey(record.g, record.key);
  const oldKey = old && fitsIndex(old, index) ? entryKey(old, index, table) : undefined;
  if (oldKey && (!nextKey || !sameKey(oldKey, nextKey, index.key))) {
    out.push({ h: storedEntryKey(oldKey, keys).h, change: { kind: "delete", key: oldKey, version } });
  }
  if (record.kind === "put" && next) out.push(entryPut(next, record.size, index, table, version));
  return out;
}

/** What a backfill copies of a stored item into `index`: its entry's put, versioned `version`; none when it has none. */
export function copiedEntry(
  row: Pick<StoredItem, "item" | "size">,
  index: IndexShape,
  table: KeySchema,
  version: string,
): { h: string; change: RemoteChange }[] {
  const item = JSON.parse(row.item) as Item;
  return fitsIndex(item, index) ? [entryPut(item, row.size, index, table, version)] : [];
}

/** The put of the entry of `item` (which fits `index`), hashed by the index's key. */
function entryPut(
  item: Item,
  size: number,
  index: IndexShape,
  table: KeySchema,
  version: string,
): { h: string; change: RemoteChange } {
  const key = entryKey(item, index, table);
  const projected = projectForIndex(item, index, table);
  return {
    h: storedEntryKey(key, { index: index.key, table }).h,
    change: {
      kind: "put",
      key,
      itemJson: JSON.stringify(projected),
      size: entrySize(item, size, index, table),
      version,
    },
  };
}

/** The old item's index key attributes with the table's key: what its entry was keyed by. */
function withKey(g: Item, key: Item): Item {
  const item: Item = { ...key };
  for (const name in g) setName(item, name, g[name]);
  return item;
}

function sameKey(a: Item, b: Item, index: KeySchema): boolean {
  return keyNames(index).every((name) => JSON.stringify(own(a, name)) === JSON.stringify(own(b, name)));
}
