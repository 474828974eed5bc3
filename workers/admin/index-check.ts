/**
 * The admin API's check of a secondary index against its base table in a region: every partition
 * of the table and of the index is scanned from its leader, past the injected faults as an
 * operator reads them (the table's strongly; a global index's as its leader has applied what it
 * knows committed, the way the index is read, so that a group cut off from its peers is still
 * checked), each item's entry is recomputed from the items (shared/indexes/entries.ts), and the
 * two are compared: entries the index lacks, entries no item accounts for, and entries that are
 * not their item's projection.
 *
 * A global index is fed after its items' writes commit: the check is exact once the feeders have
 * nothing pending (`pending`, the backlog the base leaders report; GET /admin/indexes), and a write
 * racing it may show as a difference. A local index is written with its items: always exact.
 */
import type { Item } from "../../shared/api/attribute-value";
import type { KeySchema } from "../../shared/api/key-schema";
import { LIMITS } from "../../shared/api/limits";
import { findIndex, indexKeySchemaOf, keySchemaOf } from "../../shared/api/table";
import { entryKey, type IndexShape, inIndex, projectForIndex } from "../../shared/indexes/entries";
import type { Env } from "../env";
import type { Link } from "../link/link";
import type { Partition, PartitionMap } from "../metadata/partition-map";
import type { MemberStatus, ReplicaRef, ScanRequest } from "../replica/protocol";
import { AdminError } from "./admin-error";
import { leaderAmong, mapOf, routeOf, statusesOf } from "./group-status";

/** How long one page of a scan may take. */
const SCAN_TIMEOUT_MS = 10_000;
/** Differences listed of each kind (the counts have them all). */
const LISTED = 100;

/** An attribute value or item as text, the same for equal values: map keys and set members in order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const object = value as Record<string, unknown>;
  const parts = Object.keys(object)
    .sort()
    .map((name) => {
      const member = object[name];
      const sets = name === "SS" || name === "NS" || name === "BS";
      return `${JSON.stringify(name)}:${canonical(sets && Array.isArray(member) ? [...member].sort() : member)}`;
    });
  return `{${parts.join(",")}}`;
}

export interface IndexDifferences {
  /** Keys (the table's and the index's key attributes) of entries the index lacks. */
  missing: Item[];
  /** Keys of entries the index holds that no item accounts for (or holds twice). */
  extra: Item[];
  /** Entries whose attributes are not their item's projection. */
  wrong: { key: Item; expected: Item; actual: Item }[];
  counts: { items: number; expected: number; entries: number; missing: number; extra: number; wrong: number };
}

/**
 * Compares an index's `entries` with the ones `items` (the base table's) make. At exit: every
 * difference counted, and the first `listed` of each kind listed.
 */
export function compareIndex(
  items: Item[],
  entries: Item[],
  index: IndexShape,
  table: KeySchema,
  listed = LISTED,
): IndexDifferences {
  const expected = new Map<string, { key: Item; entry: Item }>();
  for (const item of items) {
    if (!inIndex(item, index)) continue;
    const key = entryKey(item, index, table);
    expected.set(canonical(key), { key, entry: projectForIndex(item, index, table) });
  }
  const out: IndexDifferences = {
    missing: [],
    extra: [],
    wrong: [],
    counts: { items: items.length, expected: expected.size, entries: entries.length, missing: 0, extra: 0, wrong: 0 },
  };
  const seen = new Set<string>();
  for (const entry of entries) {
    const key = entryKey(entry, index, table);
    const text = canonical(key);
    const want = expected.get(text);
    if (!want || seen.has(text)) {
      if (out.counts.extra++ < listed) out.extra.push(key);
      continue;
    }
    seen.add(text);
    if (canonical(want.entry) !== canonical(entry)) {
      if (out.counts.wrong++ < listed) out.wrong.push({ key, expected: want.entry, actual: entry });
    }
  }
  for (const [text, { key }] of expected) {
    if (!seen.has(text) && out.counts.missing++ < listed) out.missing.push(key);
  }
  return out;
}

/**
 * The member to read `partition` from: its leader (`consistent` as asked), else, in a group with
 * no leader (an idle group elects none), the reachable member that applied the most, read as it is.
 */
async function readerOf(
  link: Link,
  partition: Partition,
  consistent: boolean,
): Promise<{ ref: ReplicaRef; status: MemberStatus; leads: boolean; consistent: boolean } | undefined> {
  const answers = await statusesOf(link, partition);
  const leader = leaderAmong(answers);
  if (leader) return { ...leader, leads: true, consistent };
  let best: { ref: ReplicaRef; status: MemberStatus } | undefined;
  for (const { ref, status } of answers) {
    if (status && !status.logOnly && (!best || status.applied > best.status.applied)) best = { ref, status };
  }
  return best && { ...best, leads: false, consistent: false };
}

/**
 * Every item of `map`'s partitions (through local index `local`: its entries), each read from the
 * member `readerOf` picks. At exit: the items and the statuses of the partitions' leaders
 * (undefined for a partition without one), or a thrown 503 AdminError when no member of a
 * partition answers or the one asked refuses.
 */
async function scanAll(
  link: Link,
  map: PartitionMap,
  consistent: boolean,
  local?: string,
): Promise<{ items: Item[]; leaders: (MemberStatus | undefined)[] }> {
  const parts = await Promise.all(
    map.partitions.map(async (partition) => {
      const reader = await readerOf(link, partition, consistent);
      if (!reader) throw new AdminError(503, `no member of partition ${partition.id} of ${map.tableId} answers; retry`);
      const items: Item[] = [];
      let start: Item | undefined;
      do {
        const request: ScanRequest = {
          route: { tableId: map.tableId, mapVersion: map.version },
          low: partition.low,
          high: partition.high,
          byteBudget: LIMITS.pageBytes,
          countOnly: false,
          consistent: reader.consistent,
          ...(start ? { exclusiveStartKey: start } : {}),
          ...(local ? { index: { name: local, fetch: false } } : {}),
        };
        const reply = await link.callBypassingFaults(reader.ref, "scan", [request], SCAN_TIMEOUT_MS);
        if (!reply.ok) throw new AdminError(503, `scanning ${reader.ref.name}: ${reply.error.message}; retry`);
        items.push(...reply.items);
        start = reply.lastEvaluatedKey;
      } while (start);
      return { items, leader: reader.leads ? reader.status : undefined };
    }),
  );
  return { items: parts.flatMap((p) => p.items), leaders: parts.map((p) => p.leader) };
}

/**
 * Checks index `name` of `table` in `region` against the table. At exit: `ok` when the index
 * holds exactly the entries the items make; a thrown 400 AdminError for an unknown region, table
 * or index.
 */
export async function indexCheck(env: Pick<Env, "TOPOLOGY">, link: Link, region: string, table: string, name: string) {
  const route = await routeOf(env, link, region, table);
  const found = findIndex(route.table, name);
  if (!found) throw new AdminError(400, `table ${JSON.stringify(table)} has no index ${JSON.stringify(name)}`);
  const schema = keySchemaOf(route.table);
  const shape: IndexShape = {
    name,
    key: indexKeySchemaOf(route.table, found.index),
    projection: found.index.projection,
  };
  const global = found.kind === "global";
  const [base, index] = await Promise.all([
    scanAll(link, route.map, true),
    global ? scanAll(link, mapOf(route, name), false) : scanAll(link, route.map, true, name),
  ]);
  const differences = compareIndex(base.items, index.items, shape, schema);
  const { missing, extra, wrong } = differences.counts;
  const fed = base.leaders.map((l) => l?.indexing?.[name]?.pending);
  return {
    ok: missing + extra + wrong === 0,
    table,
    index: name,
    kind: found.kind,
    region,
    // What the base leaders had still to feed when the check read them (none for a local index);
    // null when some base partition has no leader to report it.
    pending: !global ? 0 : fed.every((p) => p !== undefined) ? fed.reduce((n, p) => n + p, 0) : null,
    ...differences,
  };
}
