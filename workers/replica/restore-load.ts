/**
 * Loading a restored table (workers/metadata/restores.ts): its partition's leader orders the changes
 * it is given, an item to put or a key to delete, many in one go, and answers once they are
 * committed. They are the source table's, read back from a backup's files, so no condition, no
 * capacity and no item collection limit applies (the source held them). The table's indexes follow
 * as for any write: local index entries when a record is applied, global ones through the feeder
 * (`g` names what keyed the item a change replaces).
 */
import type { Item } from "../../shared/api/attribute-value";
import { itemSize } from "../../shared/api/item-size";
import { indexKeyAttributes } from "../../shared/indexes/entries";
import type { Applier } from "./applier";
import type { CommitOutcome } from "./leader";
import { itemEntry } from "./log-record";
import type { ReplicaConfig } from "./protocol";
import type { StoredKey } from "./storage";

/** One change of a restore: `item` (its JSON) to put under `key`, or, absent, the key deleted. */
export interface LoadChange {
  key: Item;
  item?: string;
}

export interface LoadHost {
  readonly applier: Pick<Applier, "applyCommitted" | "latest" | "statsAfter" | "order">;
  config(): ReplicaConfig | undefined;
  /** The version a write of this region carries, if the table is global. */
  nextVersion(): string | undefined;
}

/**
 * Orders `changes` (their storage keys `keys`, in this partition) in order. At exit: once
 * committed, how many, and the last lsn ordered (0: none, every change a delete of nothing).
 */
export async function load(
  host: LoadHost,
  leader: { term: number; quorum(lsn: number): Promise<CommitOutcome> },
  changes: readonly LoadChange[],
  keys: readonly StoredKey[],
): Promise<CommitOutcome | { loaded: number; lsn: number }> {
  const { applier } = host;
  applier.applyCommitted();
  const globals = host.config()?.globalIndexes;
  let last: number | undefined;
  changes.forEach((change, i) => {
    const key = keys[i];
    const current = applier.latest(key);
    const next =
      change.item === undefined ? undefined : { item: change.item, size: itemSize(JSON.parse(change.item) as Item) };
    if (!next && !current) return;
    const g = globals?.length && current ? indexKeyAttributes(JSON.parse(current.item) as Item, globals) : undefined;
    const stats = applier.statsAfter(current?.size, next?.size);
    const entry = itemEntry(key.h, change.key, next, stats, { v: host.nextVersion(), ...(g ? { g } : {}) });
    last = applier.order(leader.term, entry, key);
  });
  if (last === undefined) return { loaded: 0, lsn: 0 };
  const outcome = await leader.quorum(last);
  return outcome === "committed" ? { loaded: changes.length, lsn: last } : outcome;
}
