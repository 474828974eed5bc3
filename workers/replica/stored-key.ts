/**
 * Maps a DynamoDB key to its storage key: the partition hash and the order-preserving
 * encodings of the partition and sort key values.
 */
import type { Item } from "../../shared/api/attribute-value";
import type { KeySchema } from "../../shared/api/key-schema";
import { own, setName } from "../../shared/api/names";
import { decodeKeyValue, encodeKeyValue } from "../../shared/keys/key-encoding";
import { partitionHash } from "../../shared/keys/partition-hash";
import { storedEntryKey } from "./entry-keys";
import type { ReplicaConfig } from "./protocol";
import type { StoredKey } from "./storage";

const EMPTY = new Uint8Array(0);

/** The storage key of `key`. A key without its sort key attribute gets the empty sort key. */
export function storedKeyOf(key: Item, schema: KeySchema): StoredKey {
  const pk = encodeKeyValue(key[schema.hash.name]);
  const range = schema.range && own(key, schema.range.name);
  return { h: partitionHash(pk), pk, sk: range ? encodeKeyValue(range) : EMPTY };
}

/** The key `storedKeyOf` made `stored` from. */
export function keyOfStored(stored: StoredKey, schema: KeySchema): Item {
  const key: Item = { [schema.hash.name]: decodeKeyValue(stored.pk, schema.hash.type) };
  if (schema.range) setName(key, schema.range.name, decodeKeyValue(stored.sk, schema.range.type));
  return key;
}

/** `bytes` as a string of one char code per byte. Not by spreading, which is slow for long keys. */
export function byteText(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return text;
}

/**
 * A storage key as a map key, distinct for distinct keys: the hash (fixed length), the partition
 * key's length, and the bytes of both key encodings.
 */
export function storedKeyText(key: StoredKey): string {
  return `${key.h}${key.pk.length}:${byteText(key.pk)}${byteText(key.sk)}`;
}

/** The storage key of `key` in a partition configured by `config`: an item's, or a global index entry's. */
export function storedKeyIn(config: Pick<ReplicaConfig, "keySchema" | "entries">, key: Item): StoredKey {
  return config.entries ? storedEntryKey(key, config.entries) : storedKeyOf(key, config.keySchema);
}
