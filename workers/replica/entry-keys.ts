/**
 * The storage keys of a global secondary index's entries, in the index's own partitions. Many
 * items may share an index key, so an entry is keyed by the index's key and its item's table key:
 * `h` and `pk` are the hash and encoding of the index's partition key, and `sk` orders entries by
 * the index's sort key, then the table's partition key and sort key. Each part is escaped
 * (0x00 → 0x00 0xFF) and terminated (0x00 0x01), so the concatenation keeps the parts' order and
 * no part runs into the next: a range or a prefix of the index's sort key is a range of `sk`.
 */
import type { AttributeValue, Item } from "../../shared/api/attribute-value";
import type { KeySchema } from "../../shared/api/key-schema";
import { encodeKeyValue } from "../../shared/keys/key-encoding";
import { partitionHash } from "../../shared/keys/partition-hash";
import type { SortCondition } from "./protocol";
import type { SortBounds, StoredKey } from "./storage";

/** The keys of a global index's entries: the index's key schema and its table's. */
export interface EntryKeySchema {
  index: KeySchema;
  table: KeySchema;
}

const TERMINATOR = [0x00, 0x01];
/** Above the terminator and every escaped byte that can follow a part: the end of a part's range. */
const PAST_PART = [0x00, 0x02];

/** A part of the sort key: its encoding, each 0x00 escaped. */
function escaped(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (const byte of bytes) {
    out.push(byte);
    if (byte === 0x00) out.push(0xff);
  }
  return out;
}

const part = (value: AttributeValue) => escaped(encodeKeyValue(value));

/** The storage key of an entry: `item` holds the index's key and the table's key. */
export function storedEntryKey(item: Item, keys: EntryKeySchema): StoredKey {
  const pk = encodeKeyValue(item[keys.index.hash.name]);
  const sk: number[] = [];
  const parts = [keys.index.range, keys.table.hash, keys.table.range];
  for (const attribute of parts) if (attribute) sk.push(...part(item[attribute.name]), ...TERMINATOR);
  return { h: partitionHash(pk), pk, sk: Uint8Array.from(sk) };
}

/** The smallest byte string greater than every string that starts with `prefix`, if any. */
function prefixEnd(prefix: number[]): Uint8Array | undefined {
  const end = prefix.slice();
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i]++;
      return Uint8Array.from(end.slice(0, i + 1));
    }
  }
  return undefined;
}

/** The key condition on the index's sort key as bounds on entries' `sk`. */
export function entrySortBounds(sort: SortCondition | undefined): SortBounds {
  if (!sort) return {};
  const at = (value: AttributeValue) => Uint8Array.from([...part(value), ...TERMINATOR]);
  const past = (value: AttributeValue) => Uint8Array.from([...part(value), ...PAST_PART]);
  switch (sort.op) {
    case "=":
      return { low: { value: at(sort.value), inclusive: true }, high: { value: past(sort.value), inclusive: false } };
    case "<":
      return { high: { value: at(sort.value), inclusive: false } };
    case "<=":
      return { high: { value: past(sort.value), inclusive: false } };
    case ">":
      return { low: { value: past(sort.value), inclusive: true } };
    case ">=":
      return { low: { value: at(sort.value), inclusive: true } };
    case "BETWEEN":
      return { low: { value: at(sort.low), inclusive: true }, high: { value: past(sort.high), inclusive: false } };
    case "begins_with": {
      const prefix = part(sort.prefix);
      const end = prefixEnd(prefix);
      return {
        low: { value: Uint8Array.from(prefix), inclusive: true },
        high: end && { value: end, inclusive: false },
      };
    }
    default: {
      const unreachable: never = sort;
      return unreachable;
    }
  }
}
