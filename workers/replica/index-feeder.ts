/**
 * Feeds a table's global secondary indexes from a partition's committed log, as its leader: off
 * the request path (kicked after a commit), batched, at least once. Per index a cursor (the last
 * lsn the index acknowledged) is persisted and replicated to the followers with the log, so a new
 * leader resumes where the old one stopped.
 *
 * Each put or delete of the base table becomes, per index, the removal of the entry its replaced
 * item had (known from the record's `g`, the old item's index key attributes) when that entry
 * goes or moves, and the entry its new item has. Every change carries its source as its version
 * (the record's lsn and the base partition's id, in the item-version format), and an index
 * partition applies a change only if it is newer than what it holds for that entry (last writer
 * wins, with tombstones): redelivered batches, and a deposed leader's late ones, change nothing.
 */
import type { Item } from "../../shared/api/attribute-value";
import type { KeySchema } from "../../shared/api/key-schema";
import { keyNames } from "../../shared/api/key-schema";
import { own, setName } from "../../shared/api/names";
import { entryKey, entrySize, type IndexShape, inIndex, projectForIndex } from "../../shared/indexes/entries";
import { sleep } from "../clock";
import type { Link, ReplicaCaller } from "../link/link";
import { type Partition, partitionFor } from "../metadata/partition-map";
import type { Route } from "../metadata/protocol";
import { storedEntryKey } from "./entry-keys";
import { callLeader } from "./group-client";
import type { WireRecord } from "./log";
import { decodeRecord } from "./log-record";
import { type IndexingStatus, type RemoteChange, type ReplicaConfig, WRONG_PARTITION } from "./protocol";
import type { ReplicaStorage } from "./storage";

/** A global index as the base partition feeds it: its shape and its own map's id. */
export type FedIndex = IndexShape & { id: string };

export interface FeederHost {
  /** The leader's link: the feeder calls through it and waits out its retries on its clock. */
  readonly link: ReplicaCaller & Pick<Link, "callMetadata">;
  readonly store: Pick<ReplicaStorage, "getState" | "setState">;
  config(): ReplicaConfig | undefined;
  /** The commit index: records up to it may be fed. */
  committed(): number;
  records(after: number, limit: number): WireRecord[];
  /** Whether this member still leads: a deposed leader stops feeding. */
  leading(): boolean;
}

/** Records read per batch. */
const BATCH = 256;
/** An index that has failed for this long is retried only after the next commit. */
const GIVE_UP_MS = 10_000;
/** Lag samples kept per index, and commit marks kept to take them from. */
const SAMPLES = 100;
const COMMITS = 1024;

/** The changes one base record makes to `index`'s entries. */
export function indexChanges(
  wire: WireRecord,
  index: IndexShape,
  table: KeySchema,
  source: string,
): { h: string; change: RemoteChange }[] {
  const record = decodeRecord(wire.record);
  if (record.kind !== "put" && record.kind !== "delete") return [];
  const version = `${wire.lsn.toString(16).padStart(16, "0")}/${source}`;
  const keys = { index: index.key, table };
  const out: { h: string; change: RemoteChange }[] = [];
  const next = record.kind === "put" && inIndex(record.item, index) ? record.item : undefined;
  const nextKey = next && entryKey(next, index, table);
  const old = record.g && withKey(record.g, record.key);
  const oldKey = old && inIndex(old, index) ? entryKey(old, index, table) : undefined;
  if (oldKey && (!nextKey || !sameKey(oldKey, nextKey, index.key))) {
    out.push({ h: storedEntryKey(oldKey, keys).h, change: { kind: "delete", key: oldKey, version } });
  }
  if (record.kind === "put" && next && nextKey) {
    const projected = projectForIndex(next, index, table);
    const size = entrySize(next, record.size, index, table);
    out.push({
      h: storedEntryKey(nextKey, keys).h,
      change: { kind: "put", key: nextKey, itemJson: JSON.stringify(projected), size, version },
    });
  }
  return out;
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

export class IndexFeeder {
  /** Index id → the last lsn it acknowledged (persisted, and kept by followers). */
  private fed: Record<string, number>;
  private readonly running = new Set<string>();
  /** [lsn, time]: when this leader saw the records up to lsn committed, oldest first (where a lag starts). */
  private readonly commits: [number, number][] = [];
  /** Index id → recent propagation lags, ms. */
  private readonly lags = new Map<string, number[]>();
  private route: Route | undefined;

  constructor(private readonly host: FeederHost) {
    this.fed = host.store.getState<Record<string, number>>("fed") ?? {};
  }

  private indexes(): FedIndex[] {
    return this.host.config()?.globalIndexes ?? [];
  }

  /** The cursors the followers keep for the next leader, if the table has global indexes. */
  cursors(): Record<string, number> | undefined {
    return this.indexes().length > 0 ? this.fed : undefined;
  }

  /** The lowest lsn each index still needs from the log. */
  floors(): number[] {
    return this.indexes().map((i) => (this.fed[i.id] ?? 0) + 1);
  }

  /** Keeps the leader's cursors (from its appends) where they are ahead. */
  keep(fed: Record<string, number> | undefined): void {
    if (!fed) return;
    const ahead = Object.entries(fed).filter(([id, lsn]) => (this.fed[id] ?? -1) < lsn);
    if (ahead.length > 0) this.save({ ...this.fed, ...Object.fromEntries(ahead) });
  }

  /** Starts feeding every index with committed records past its cursor. */
  kick(): void {
    if (this.indexes().length > 0) this.noteCommit();
    for (const index of this.indexes()) {
      if (!this.running.has(index.id) && (this.fed[index.id] ?? 0) < this.host.committed()) void this.run(index.id);
    }
  }

  /** Each index's cursor, backlog and recent lags, for the admin API. */
  status(): Record<string, IndexingStatus> {
    const out: Record<string, IndexingStatus> = {};
    for (const index of this.indexes()) {
      const cursor = this.fed[index.id] ?? 0;
      const lagsMs = [...(this.lags.get(index.id) ?? [])];
      out[index.name] = { cursor, pending: Math.max(0, this.host.committed() - cursor), lagsMs };
    }
    return out;
  }

  private noteCommit(): void {
    const lsn = this.host.committed();
    const last = this.commits[this.commits.length - 1];
    if (last && last[0] >= lsn) return;
    this.commits.push([lsn, this.host.link.clock.now()]);
    if (this.commits.length > COMMITS) this.commits.shift();
  }

  /** A lag sample for each commit mark in (from, to], records index `id` just acknowledged. */
  private sample(id: string, from: number, to: number): void {
    const now = this.host.link.clock.now();
    const lags = this.lags.get(id) ?? [];
    for (const [lsn, at] of this.commits) if (lsn > from && lsn <= to) lags.push(now - at);
    this.lags.set(id, lags.slice(-SAMPLES));
  }

  private save(fed: Record<string, number>): void {
    this.fed = fed;
    this.host.store.setState("fed", fed);
  }

  private async run(id: string): Promise<void> {
    const { link } = this.host;
    this.running.add(id);
    let failures = 0;
    let failingSince: number | undefined;
    try {
      for (;;) {
        const index = this.indexes().find((i) => i.id === id);
        const config = this.host.config();
        if (!index || !config || !this.host.leading()) return;
        const cursor = this.fed[id] ?? 0;
        const committed = this.host.committed();
        if (cursor >= committed) return;
        const records = this.host.records(cursor, Math.min(BATCH, committed - cursor));
        // The log no longer reaches back to the cursor: only a backfill could feed the index now.
        if (records.length === 0 || records[0].lsn !== cursor + 1) return;
        try {
          const changes = records.flatMap((r) => indexChanges(r, index, config.keySchema, config.partitionId));
          await this.deliver(index, changes);
          this.save({ ...this.fed, [id]: records[records.length - 1].lsn });
          this.sample(id, cursor, records[records.length - 1].lsn);
          failures = 0;
          failingSince = undefined;
        } catch {
          const now = link.clock.now();
          failingSince ??= now;
          if (now - failingSince > GIVE_UP_MS) return;
          this.route = undefined;
          await sleep(link.clock, Math.min(2000, 25 * 2 ** failures++));
        }
      }
    } finally {
      this.running.delete(id);
    }
  }

  /** Delivers changes to the index's partitions, each to the partition its map names. Throws on failure. */
  private async deliver(index: FedIndex, changes: { h: string; change: RemoteChange }[]): Promise<void> {
    if (changes.length === 0) return;
    for (let attempt = 0; ; attempt++) {
      const route = await this.routeOf();
      const map = route.indexMaps?.[index.id];
      if (!map) throw new Error(`feeding: index ${index.name} has no map`);
      const byPartition = new Map<Partition, RemoteChange[]>();
      for (const { h, change } of changes) {
        const partition = partitionFor(map, h);
        const batch = byPartition.get(partition);
        if (batch) batch.push(change);
        else byPartition.set(partition, [change]);
      }
      const replies = await Promise.all(
        [...byPartition].map(([partition, batch]) =>
          callLeader(
            this.host.link,
            partition,
            "applyRemote",
            [{ route: { tableId: map.tableId, mapVersion: map.version }, changes: batch }],
            true,
          ),
        ),
      );
      const failed = replies.find((reply) => !reply.ok);
      if (!failed) return;
      if (failed.ok || failed.error.type !== WRONG_PARTITION || attempt >= 2) {
        throw new Error(`feeding ${index.name} failed: ${failed.ok ? "" : failed.error.message}`);
      }
      // The index's map changed: re-route everything (applying twice is harmless).
      this.route = undefined;
    }
  }

  private async routeOf(): Promise<Route> {
    if (this.route) return this.route;
    const config = this.host.config();
    if (!config?.tableName || !config.region) throw new Error("feeding: the replica has no table name");
    const reply = await this.host.link.callMetadata(config.region, "route", [config.tableName]);
    if (!reply.ok) throw new Error(`feeding: ${config.tableName} has no route`);
    this.route = { table: reply.table, map: reply.map, indexMaps: reply.indexMaps };
    return this.route;
  }
}
