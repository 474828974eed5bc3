/**
 * What a replica's SQLite storage (workers/replica/storage.ts) answers of a key's version, on the
 * real storage: an item's version and size, else a tombstone's version, else nothing; and the
 * same answers as the in-memory storage the unit tests use.
 */
import { runInDurableObject } from "cloudflare:test";
import { expect, test } from "vitest";
import type { ReplicaObject } from "../../../workers/replica/replica-object";
import { ReplicaStorage, type StoredKey } from "../../../workers/replica/storage";
import { storedKeyOf } from "../../../workers/replica/stored-key";
import { MemoryStorage } from "../../helpers/memory-storage";
import { replica } from "../helpers";

const key = (name: string): StoredKey => storedKeyOf({ pk: { S: name } }, { hash: { name: "pk", type: "S" } });

test("versionOf: the item's version and size, else the tombstone's version, else undefined; as in memory", async () => {
  const ref = { name: `test/storage/${crypto.randomUUID()}`, zone: "us-east-1a", locationHint: "enam" };
  await runInDurableObject(replica(ref), (_instance: ReplicaObject, state) => {
    for (const store of [new ReplicaStorage(state.storage.sql), new MemoryStorage()]) {
      store.putItem({ ...key("item"), item: '{"pk":{"S":"item"}}', size: 12, version: "0002/a" }, 1);
      store.putItem({ ...key("plain"), item: '{"pk":{"S":"plain"}}', size: 13 }, 2);
      store.putTombstone(key("gone"), "0003/a");
      // An item written over a tombstone the applier has not removed yet: the item answers.
      store.putTombstone(key("item"), "0001/a");
      expect(store.versionOf(key("item"))).toEqual({ version: "0002/a", tombstone: false, size: 12 });
      expect(store.versionOf(key("plain"))).toEqual({ version: undefined, tombstone: false, size: 13 });
      expect(store.versionOf(key("gone"))).toEqual({ version: "0003/a", tombstone: true });
      expect(store.versionOf(key("none"))).toBeUndefined();
    }
  });
});
