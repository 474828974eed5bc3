/**
 * What a restore loads, file by file (./restores.ts): one list of steps per part of the source,
 * parts holding disjoint keys, each part's steps in order.
 * - From a backup (./backups.ts): each partition's pages, then its records up to the backup's time.
 * - To a point in time T (workers/replica/archiver.ts): the source's partitions as they were at T
 *   ("leaves": a partition split after T stands for its children), each from the latest complete
 *   snapshot at or before T of itself or, when it has none (a split's child, young), of its
 *   nearest ancestor with one, the snapshot's items in the leaf's range; then the archived
 *   records after the snapshot, of that ancestor up to its split and of each partition down to the
 *   leaf, with `t ≤ T`, in the leaf's range. Segments that overlap (a new leader archived again)
 *   are read from past the last lsn already planned.
 */
import type { Item } from "../../shared/api/attribute-value";
import type { KeySchema } from "../../shared/api/key-schema";
import { extractKey } from "../../shared/api/validate-values";
import type { Archive } from "../archive/archive";
import { lsnText, pitrPrefix, type SnapshotMeta } from "../replica/archiver";
import type { LogRecord } from "../replica/log-record";
import type { LoadChange } from "../replica/restore-load";
import { storedKeyOf } from "../replica/stored-key";
import type { RestorePlan, RestoreStep, StoredBackup } from "./backup-record";
import type { PartitionMap } from "./partition-map";

export const pageFile = (prefix: string, page: number) => `${prefix}/items-${String(page).padStart(6, "0")}.json`;

/** A backup's plan: each part's pages, then its records. */
export function backupPlan(backup: StoredBackup): RestorePlan {
  return backup.parts.map((part) => {
    const prefix = `${backup.prefix}/${part.partition.id}`;
    const pages = Array.from(
      { length: part.cursor.pages },
      (_, i): RestoreStep => ({
        file: pageFile(prefix, i + 1),
        kind: "items",
      }),
    );
    return [...pages, { file: `${prefix}/log.json`, kind: "log" }];
  });
}

/** A partition of the source's history: its range, its parent, and when and where it split (if it did). */
interface Lineage {
  low: string;
  high: string;
  parent?: string;
  split?: { at: number; lsn: number };
}

/** Every partition the map and its split history know, with ranges (a parent's: its children's union). */
function lineages(map: PartitionMap): Map<string, Lineage> {
  const known = new Map<string, Lineage>();
  for (const p of map.partitions) known.set(p.id, { low: p.low, high: p.high });
  for (const r of map.retired ?? []) known.set(r.partition.id, { low: r.partition.low, high: r.partition.high });
  // Newest first: a split's children are known (current, or split later themselves) before it.
  for (const event of [...(map.splits ?? [])].reverse()) {
    const children = event.children.map((id) => known.get(id)).filter((c): c is Lineage => c !== undefined);
    for (const id of event.children) {
      const child = known.get(id);
      if (child) child.parent = event.parent;
    }
    const low = children.map((c) => c.low).sort()[0];
    const high = children
      .map((c) => c.high)
      .sort()
      .at(-1);
    const own = known.get(event.parent);
    known.set(event.parent, {
      low: own?.low ?? low,
      high: own?.high ?? high ?? low,
      ...(own?.parent ? { parent: own.parent } : {}),
      split: { at: event.at, lsn: event.lsn },
    });
  }
  return known;
}

/** The partitions as they were at `time`: for each current one, its ancestor that had not split yet. */
function leavesAt(known: Map<string, Lineage>, map: PartitionMap, time: number): string[] {
  const leaves = new Set<string>();
  for (const { id } of map.partitions) {
    let leaf = id;
    for (let parent = known.get(leaf)?.parent; parent !== undefined; parent = known.get(leaf)?.parent) {
      const split = known.get(parent)?.split;
      if (!split || split.at <= time) break;
      leaf = parent;
    }
    leaves.add(leaf);
  }
  return [...leaves];
}

const decoder = new TextDecoder();

/**
 * The plan to restore table `tableId` of `account` (its map `map`) to `time`. At exit: the plan, or
 * the reason no complete snapshot covers some part at that time.
 */
export async function pointInTimePlan(
  archive: Archive,
  account: string,
  tableId: string,
  map: PartitionMap,
  time: number,
): Promise<{ plan: RestorePlan } | { missing: string }> {
  const known = lineages(map);
  const plan: RestorePlan = [];
  for (const leaf of leavesAt(known, map, time)) {
    const range = known.get(leaf)!;
    // The leaf, then its ancestors, until one has a snapshot at or before `time`.
    const chain: string[] = [];
    let base: { id: string; meta: SnapshotMeta } | undefined;
    for (let id: string | undefined = leaf; id !== undefined && !base; id = known.get(id)?.parent) {
      chain.unshift(id);
      const meta = await latestSnapshot(archive, pitrPrefix(account, tableId, id), time);
      if (meta) base = { id, meta };
    }
    if (!base) return { missing: leaf };
    const filter = { low: range.low, high: range.high };
    const snapshot = `${pitrPrefix(account, tableId, base.id)}/snap-${lsnText(base.meta.lsn)}`;
    const pages = (await archive.list(snapshot)).filter((key) => key.includes("/items-")).sort();
    const steps: RestoreStep[] = pages.map((file) => ({ file, kind: "items", ...filter }));
    for (const id of chain) {
      const split = id === leaf ? undefined : known.get(id)?.split;
      let after = id === base.id ? base.meta.lsn : 0;
      const prefix = `${pitrPrefix(account, tableId, id)}/log/`;
      const segments = (await archive.list(prefix.slice(0, -1)))
        .map((file) => ({
          file,
          from: Number(file.slice(prefix.length, prefix.length + 16)),
          to: Number(file.slice(prefix.length + 17, prefix.length + 33)),
        }))
        .sort((a, b) => a.from - b.from || a.to - b.to);
      for (const segment of segments) {
        if (segment.to <= after || (split && segment.from >= split.lsn)) continue;
        steps.push({
          file: segment.file,
          kind: "log",
          ...filter,
          afterLsn: after,
          ...(split ? { upToLsn: split.lsn } : {}),
          upToTime: time,
        });
        after = segment.to;
      }
    }
    plan.push(steps);
  }
  return { plan };
}

/** The latest complete snapshot under `prefix` taken at or before `time`, if any. */
async function latestSnapshot(archive: Archive, prefix: string, time: number): Promise<SnapshotMeta | undefined> {
  const metas = (await archive.list(prefix))
    .filter((key) => key.endsWith("/meta.json"))
    .sort()
    .reverse();
  for (const key of metas) {
    const bytes = await archive.get(key);
    if (!bytes) continue;
    const meta = JSON.parse(decoder.decode(bytes)) as SnapshotMeta;
    if (meta.at <= time) return meta;
  }
  return undefined;
}

/**
 * The changes one step's file holds that the step keeps, in order: its items (puts), or its
 * records (puts and deletes) past `afterLsn`, up to `upToLsn` and `upToTime`; in its range.
 */
export async function stepChanges(archive: Archive, step: RestoreStep, schema: KeySchema): Promise<LoadChange[]> {
  const bytes = await archive.get(step.file);
  if (!bytes) throw new Error(`restore: ${step.file} is missing`);
  const parsed = JSON.parse(decoder.decode(bytes)) as unknown[];
  const inRange = (key: Item) => {
    if (step.low === undefined || step.high === undefined) return true;
    const h = storedKeyOf(key, schema).h;
    return h >= step.low && h <= step.high;
  };
  const changes: LoadChange[] = [];
  if (step.kind === "items") {
    for (const item of parsed as Item[]) {
      const key = extractKey(item, schema);
      if (inRange(key)) changes.push({ key, item: JSON.stringify(item) });
    }
    return changes;
  }
  for (const [lsn, record] of parsed as [number, LogRecord][]) {
    if (record.kind !== "put" && record.kind !== "delete") continue;
    if (step.afterLsn !== undefined && lsn <= step.afterLsn) continue;
    if (step.upToLsn !== undefined && lsn > step.upToLsn) continue;
    if (step.upToTime !== undefined && (record.t ?? 0) > step.upToTime) continue;
    if (!inRange(record.key)) continue;
    changes.push(record.kind === "put" ? { key: record.key, item: JSON.stringify(record.item) } : { key: record.key });
  }
  return changes;
}
