/**
 * The replica's RPC messages, and the names every caller of a replica shares with it: where a
 * replica lives (ReplicaRef), the "not leader" refusal, a member's status. Replies are typed
 * results, not thrown errors: RPC drops the properties of custom error classes. The item calls
 * (get, write) send their replies as text, encoded and decoded by replies.ts. The calls between
 * members carry the messages of follower.ts, election.ts and snapshot.ts; rpc.ts lists every call.
 *
 * This module imports nothing else under workers/: anything may import it.
 */
import type { Item } from "../../shared/api/attribute-value";
import type { WireError } from "../../shared/api/errors";
import type { KeySchema } from "../../shared/api/key-schema";
import type { Condition, DocumentPath, Update } from "../../shared/expressions/ast";
import type { IndexShape } from "../../shared/indexes/entries";

/** Where a replica lives: its object name and its zone's location hint. */
export interface ReplicaRef {
  name: string;
  zone: string;
  locationHint: string;
}

/** What a replica serves. Set by the metadata object; the map version only ever grows. */
export interface ReplicaConfig {
  tableId: string;
  partitionId: string;
  /** Hash range served, inclusive at both ends. */
  low: string;
  high: string;
  mapVersion: number;
  keySchema: KeySchema;
  /** The replication group, this replica included; absent: a group of one. */
  members?: ReplicaRef[];
  /** A log replica standing in for an unreachable member: it keeps the log, not the items. */
  logOnly?: boolean;
  /** A log replica's or a split's learner's own place (it is not among `members`). */
  self?: ReplicaRef;
  /**
   * A partition being split: the members of its children, which its leader ships the log to
   * without their votes until its `split` record (split.ts). A child's member gets its parent's
   * configuration with its own place as `self` until it applies that record.
   */
  learners?: ReplicaRef[];
  /**
   * A split's child, once its member applied the parent's `split` record: the parent's id, its
   * members' names (whose messages it no longer takes) and the record's lsn.
   */
  parent?: { id: string; members: string[]; lsn: number };
  /** The region whose metadata object configured it: where the leader reports a degraded group. */
  region?: string;
  /** The account whose table it serves, if not the deployment's own: whose catalogs its calls reach. */
  account?: string;
  /** The table's name (the same in every region of a global table). */
  tableName?: string;
  /** A global table's other regions, which the partition's leader ships its writes to. */
  regions?: string[];
  /** The table's local secondary indexes, kept beside its items. */
  localIndexes?: IndexShape[];
  /**
   * The table's global secondary indexes, which the partition's leader feeds (their maps are
   * theirs). `backfill`: an index being added to a table that may hold data (UpdateTable); it is
   * fed from where its backfill's copy starts (index-feeder.ts), never from the start of the log.
   */
  globalIndexes?: (IndexShape & { id: string; backfill?: boolean })[];
  /** The attribute holding each item's expiry (epoch seconds), when Time to Live is on: its leader deletes expired items. */
  ttl?: string;
  /** The label of the table's stream, when it has one: its leader marks the records it orders as the stream's (stream-records.ts). */
  stream?: string;
  /** Point-in-time recovery, when on: its window in days; the leader archives its records and snapshots (archiver.ts). */
  pitr?: { days: number };
  /**
   * Set when the partition holds a global secondary index's entries (`keySchema` is then the
   * index's): the index's key and its table's, which key each entry (entry-keys.ts).
   */
  entries?: { index: KeySchema; table: KeySchema };
}

/** A change from another region's copy of a global table: a whole item or a delete, with its version. */
export type RemoteChange = { key: Item; version: string } & (
  | { kind: "put"; itemJson: string; size: number }
  | { kind: "delete" }
);

/** Changes for one partition, routed by the receiving region's own map. */
export interface RemoteBatch {
  route: Route;
  changes: RemoteChange[];
}

/**
 * What a global table's partition leader reports for tombstone collection
 * (workers/replication/metadata-home.ts `sweepTombstones`): per other region, an HLC timestamp
 * below which every change the partition ordered has been acknowledged there, and its oldest
 * tombstone's version.
 */
export interface TombstoneReport {
  below: Record<string, string>;
  oldest?: string;
}

/** Every data request names the table incarnation and the map version it was routed with. */
export interface Route {
  tableId: string;
  mapVersion: number;
}

/** An item's JSON text and its size. */
export type ItemText = { item: string; size: number };

/** A stream record's event: 1 INSERT, 2 MODIFY, 3 REMOVE. */
export type StreamEvent = 1 | 2 | 3;

/** A change record of a partition's stream shard (stream-records.ts). Images are items' JSON text. */
export interface StreamRow {
  /** Its sequence number: the lsn of the item record that made the change. */
  lsn: number;
  /** When the leader ordered it, epoch ms. */
  at: number;
  event: StreamEvent;
  /** The item's key attributes, as JSON. */
  keys: string;
  old?: ItemText;
  new?: ItemText;
  /** Made by the service (Time to Live), not by a client. */
  service?: true;
  /** Its stream's label: in snapshot pages only (a read names the stream it reads). */
  label?: string;
}

/**
 * A read of a shard of stream `label` this partition holds: the records after lsn `after`, at
 * most `limit` and about `bytes`. A split's child holds its parent's records too (split.ts): its
 * own shard is the records after `from` (its split record), its parent's shard (closed) the
 * records up to `upTo`.
 */
export interface StreamReadRequest {
  route: Route;
  label: string;
  after: number;
  limit: number;
  bytes: number;
  from?: number;
  upTo?: number;
}

export interface StreamReadResult {
  records: StreamRow[];
  /** Records at or below it were trimmed (retention). */
  horizon: number;
  /** The leader's applied lsn: every record of the stream up to it is among those held. */
  applied: number;
  /** Whether the partition's leader still orders records of this stream. */
  open: boolean;
  /** The first and last lsn of the stream's records held, if any. */
  range?: { first: number; last: number };
}

/** Why a partition splits: its items' size, or its load (its heat). */
export type SplitReason = "size" | "heat";

/**
 * A partition leader's request for a split (workers/metadata/splits.ts): its map (a table's or a
 * global index's), its id, the first hash of the upper half, and why.
 */
export interface SplitReport {
  mapId: string;
  partitionId: string;
  point: string;
  reason: SplitReason;
}

/** A split of a partition, as autoadmin asks its leader for it (split.ts): its children, under map version `mapVersion`. */
export interface SplitRequest {
  route: Route;
  mapVersion: number;
  children: { id: string; low: string; high: string; members: ReplicaRef[] }[];
}

/** A split's leader cannot order it yet (its learners are catching up, transactions hold items…): ask again soon. */
export const SPLIT_NOT_READY = "SplitNotReady";

/** A split's leader sealed its partition and could not order the split in time: it serves again; ask at the next round. */
export const SPLIT_UNSETTLED = "SplitUnsettled";

/** The error type of a request the replica should not have received: refresh the map and retry. */
export const WRONG_PARTITION = "WrongPartition";

/**
 * A refusal of a partition over its limits (admission.ts): its message is the throttle's reason
 * (`TableWriteKeyRangeThroughputExceeded`, or `Index…` from a global index's partition, then `/`
 * and the index's id); the router answers DynamoDB's exception for the table's billing mode.
 */
export const THROTTLED = "Throttled";

/** A refusal that sends the router elsewhere in the group; its message names the leader when known. */
export const NOT_LEADER = "NotLeader";

export type Reply<T> = ({ ok: true } & T) | { ok: false; error: WireError };

/**
 * A put carries its item as the JSON text the router validated, with its size: the replica
 * stores and logs the text as it is and never rebuilds the item.
 */
export type WriteAction =
  | { kind: "put"; itemJson: string; size: number }
  | { kind: "delete" }
  | { kind: "update"; update: Update };

export interface WriteRequest {
  route: Route;
  key: Item;
  action: WriteAction;
  condition?: Condition;
  /** ReturnValuesOnConditionCheckFailure = ALL_OLD. */
  returnOldOnConditionFailure?: boolean;
  /** Whether the reply carries the item before the write (`old`) and after it (`new`). */
  returnOld?: boolean;
  returnNew?: boolean;
  /**
   * On a table with local secondary indexes: whether the reply carries the units the write
   * costs each index (ReturnConsumedCapacity) and its item collection's size
   * (ReturnItemCollectionMetrics SIZE).
   */
  returnIndexUnits?: boolean;
  returnCollectionSize?: boolean;
}

/**
 * What a transaction writes to an item it holds, if it commits: a put's item (JSON text) and
 * size, a delete, or nothing (a condition check).
 */
export type HeldWrite = { kind: "put"; itemJson: string; size: number } | { kind: "delete" } | { kind: "check" };

/** One action of a transaction on a partition: a write or a condition check, and its place in the request. */
export interface TransactionAction {
  /** Its index in the request's `TransactItems`. */
  index: number;
  key: Item;
  action: WriteAction | { kind: "check" };
  condition?: Condition;
  returnOldOnConditionFailure?: boolean;
  /** On a table with local secondary indexes: return the size of the item's collection after it (ReturnItemCollectionMetrics SIZE). */
  returnCollectionSize?: boolean;
}

/** Phase one of a transaction on a partition: decide its actions and hold their items. */
export interface PrepareRequest {
  route: Route;
  /** The transaction's id. */
  tx: string;
  /** The coordinator's object name: where a participant asks for the outcome of a hold grown old. */
  coordinator: string;
  actions: TransactionAction[];
}

/** Why an action cancels its transaction: DynamoDB's CancellationReason (`Code`, `Message`, `Item`). */
export interface CancellationReason {
  index: number;
  code:
    | "ConditionalCheckFailed"
    | "TransactionConflict"
    | "ValidationError"
    | "ItemCollectionSizeLimitExceeded"
    | "ThrottlingError"
    | "ProvisionedThroughputExceeded";
  message: string;
  item?: Item;
}

/**
 * Prepared: the items are held, and each action's sizes (capacity is charged on them) and, when
 * asked, its item collection's size once committed; else why not.
 */
export type PrepareResult =
  | { prepared: true; sizes: { index: number; oldSize: number; newSize: number; collectionBytes?: number }[] }
  | { prepared: false; reasons: CancellationReason[] };

/** Phase two: the coordinator's decision for transaction `tx` on a partition. */
export interface ResolveRequest {
  route: Route;
  tx: string;
  commit: boolean;
}

/**
 * TransactGetItems' first pass on a partition: the items' latest committed states, read by the
 * leader under its lease, and the position they were read at (`term`, and `lsn`, the last record
 * ordered then). `conflict`: an item held by a transaction (the read is cancelled).
 */
export interface TransactReadRequest {
  route: Route;
  keys: Item[];
}

export type TransactReadResult = {
  at: LogPosition;
  /** `throttled`: over the partition's read limit (the router names the throttle). */
  items: ({ itemJson?: string; size: number } | { conflict: true } | { throttled: true })[];
};

/**
 * The second pass: whether the items are still as read at `at` (no record since touched them, none
 * is held). At exit: the indexes of the keys that changed or are held (empty: the read stands).
 */
export interface TransactCheckRequest {
  route: Route;
  keys: Item[];
  at: LogPosition;
}

/** A record's place in a group's log: its lsn and the term of the leader that ordered it. */
export interface LogPosition {
  term: number;
  lsn: number;
}

export interface WriteResult {
  /** Only when the request asked for it (returnOld, returnNew). */
  old?: Item;
  new?: Item;
  /** Sizes in DynamoDB's accounting, 0 when absent: capacity is charged on the larger. */
  oldSize: number;
  newSize: number;
  /** The write's record, now committed; absent when the write changed nothing and appended no record. */
  at?: LogPosition;
  /** When asked (`returnIndexUnits`): the units the write cost each local index it touched; absent when none. */
  indexUnits?: Record<string, number>;
  /** The same for the global indexes the write touched. */
  globalIndexUnits?: Record<string, number>;
  /** When asked (`returnCollectionSize`): the size of the item's collection after the write, bytes. */
  collectionBytes?: number;
}

/**
 * The latest write of the group the router saw acknowledged, carried by an eventually
 * consistent read: a member whose log does not reach it refuses, and the router asks another.
 */
export interface Seen {
  seen?: LogPosition;
}

export interface GetRequest extends Seen {
  route: Route;
  key: Item;
  consistent: boolean;
}

export interface GetResult {
  /** The item's JSON text as stored, so a router can answer without parsing it. */
  itemJson?: string;
  size: number;
}

/** A key condition on the sort key, on its order-preserving encoding. */
export type SortCondition =
  | { op: "=" | "<" | "<=" | ">" | ">="; value: Item[string] }
  | { op: "BETWEEN"; low: Item[string]; high: Item[string] }
  | { op: "begins_with"; prefix: Item[string] };

/** The parts of Query and Scan the replica evaluates: filter, projection, paging. */
export interface PageOptions extends Seen {
  /** Items to evaluate (DynamoDB's Limit counts items read, before the filter). */
  limit?: number;
  /** Bytes of items to read before stopping (1 MB, less what the router's page already read). */
  byteBudget: number;
  exclusiveStartKey?: Item;
  filter?: Condition;
  projection?: DocumentPath[];
  /** Select = COUNT: count matches, return no items. */
  countOnly: boolean;
  consistent: boolean;
  /**
   * Read through a local secondary index: its name, and whether each item is returned whole,
   * fetched from the table (Select ALL_ATTRIBUTES, or attributes the index does not project).
   */
  index?: { name: string; fetch: boolean };
}

export interface QueryRequest extends PageOptions {
  route: Route;
  /** The partition key value (its hash routed the request). */
  partitionKey: Item[string];
  sort?: SortCondition;
  forward: boolean;
}

export interface ScanRequest extends PageOptions {
  route: Route;
  /** Hash range to scan within the partition, inclusive (a parallel scan's segment). */
  low: string;
  high: string;
}

export interface PageResult {
  items: Item[];
  count: number;
  scannedCount: number;
  bytesRead: number;
  /** Set when the page stopped before the end of the range: the key of the last item read. */
  lastEvaluatedKey?: Item;
  /** Whole items fetched from the table through a local index: their sizes in 4 KB blocks, each rounded up. */
  fetchBlocks?: number;
}

export interface ReplicaStats {
  itemCount: number;
  sizeBytes: number;
}

export type Role = "follower" | "candidate" | "leader";

/** What a global table's leader reports of its shipping to one region (workers/replication/ship-changes.ts). */
export interface ShippingStatus {
  /** The last lsn the region acknowledged. */
  cursor: number;
  /** Committed records past the cursor (not all of them are changes to ship). */
  pending: number;
  /** Recent lags, ms: from a change's version time to the region's acknowledgement. */
  lagsMs: number[];
}

/** What a base partition's leader reports of its feeding of one global index (index-feeder.ts). */
export interface IndexingStatus {
  /** The last lsn the index acknowledged. */
  cursor: number;
  /** Committed records past the cursor (not all of them change the index). */
  pending: number;
  /** Recent propagation lags, ms: from the commit of a batch of records to the index's acknowledgement of them. */
  lagsMs: number[];
}

/** A member's roles, terms and log positions: for the admin API and autoadmin. */
export interface MemberStatus {
  name: string;
  role: Role;
  term: number;
  /** The leader this member knows of (itself when leader). */
  leader?: string;
  /** The leader's commit index; a follower's applied index is what it knows committed. */
  commit: number;
  applied: number;
  last: number;
  installing: boolean;
  leaseValid: boolean;
  /** The leader's view of its followers and learners. */
  followers?: { name: string; voter: boolean; match: number; failing: boolean }[];
  /** The voters by this member's log. */
  voters: string[];
  /** Whether this is a log replica. */
  logOnly: boolean;
  /** A global table's leader: its shipping to each other region. */
  shipping?: Record<string, ShippingStatus>;
  /** A global table's tombstones held (deletes not yet collected). */
  tombstones: number;
  stats: ReplicaStats;
  /** Each local secondary index's entry count and size, on a table that has them. */
  localIndexes?: Record<string, ReplicaStats>;
  /** The leader of a partition of a table with global secondary indexes: its feeding of each, by index name. */
  indexing?: Record<string, IndexingStatus>;
  /** A partition of a table with global secondary indexes: the last lsn each index acknowledged, as this member knows, by index id. */
  fed?: Record<string, number>;
  /** The transactions holding items here, as this member has applied them (absent: none). */
  holds?: { tx: string; coordinator: string; since: number; items: number }[];
  /** Over the last minute: the capacity units this member charged and the requests it throttled (admission.ts). */
  capacity?: CapacityReport;
}

/** Capacity over the last minute, in units (read, write) and throttled requests. */
export interface CapacityReport {
  readUnits: number;
  writeUnits: number;
  throttledReads: number;
  throttledWrites: number;
}

/** A member's answer when asked to campaign. */
export interface CampaignResult {
  term: number;
  /** The leader after the campaign, when known. */
  leader?: string;
}
