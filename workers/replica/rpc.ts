/**
 * The replica's RPC surface: every method a router, the metadata object, the admin API or
 * another member calls on a replica (replica-object.ts implements it). The Worker's bindings
 * (workers/env.ts) and the link type their stubs by this interface, not by the class, so no
 * caller imports the Durable Object.
 *
 * It lives beside protocol.ts rather than in it: the calls between members carry the messages of
 * follower.ts, election.ts and snapshot.ts, which import the log, which imports protocol.ts.
 */
import type { DumpCursor } from "./backup";
import type { VoteReply, VoteRequest } from "./election";
import type { AppendReply, AppendRequest } from "./follower";
import type {
  CampaignResult,
  GetRequest,
  MemberStatus,
  PageResult,
  PrepareRequest,
  PrepareResult,
  QueryRequest,
  RemoteBatch,
  ReplicaConfig,
  ReplicaStats,
  Reply,
  ResolveRequest,
  Route,
  ScanRequest,
  SplitRequest,
  StreamReadRequest,
  StreamReadResult,
  TombstoneReport,
  TransactCheckRequest,
  TransactReadRequest,
  TransactReadResult,
  WriteRequest,
} from "./protocol";
import type { LoadChange } from "./restore-load";
import type { SnapshotChunk } from "./snapshot";

export interface ReplicaRpc extends Rpc.DurableObjectBranded {
  // --- set up by the metadata object ---
  /** Sets what the replica serves. A config with an older map version is ignored. */
  configure(config: ReplicaConfig): void;
  /** Stops serving table `tableId` (later requests for it are "wrong partition"); its data stays until `drop`. */
  retire(tableId: string): void;
  /** Forgets the table: its items, log, configuration and protocol state. */
  drop(): void;
  getStats(): ReplicaStats;

  // --- items, from routers (replies as text: replies.ts) ---
  get(request: GetRequest): string | Promise<string>;
  write(request: WriteRequest): Promise<string>;
  query(request: QueryRequest): Promise<Reply<PageResult>>;
  scan(request: ScanRequest): Promise<Reply<PageResult>>;
  /** The records of the partition's shard of a stream, from its leader (stream-records.ts). */
  streamRead(request: StreamReadRequest): Promise<Reply<StreamReadResult>>;

  // --- global tables ---
  /** Another region's changes (workers/replication/ship-changes.ts). */
  applyRemote(batch: RemoteBatch): Promise<Reply<{ applied: number }>>;
  /** Copies every item to `region`, being added to the global table. */
  backfill(region: string): Promise<Reply<{ delivered: number }>>;
  tombstoneReport(route: Route): Promise<Reply<TombstoneReport>>;
  /**
   * Drops the tombstones below `below`, a clock every region of the global table has passed; with
   * `source`, a global index's tombstones from that base partition below lsn `below` (16 hex digits).
   */
  collectTombstones(route: Route, below: string, source?: string): Promise<Reply<object>>;

  // --- backups, as autoadmin asks the leader (workers/replica/backup.ts) ---
  /** Freezes the partition for backup `backup` (once). At exit: the freeze's lsn and its leader's time. */
  backupFreeze(route: Route, backup: string): Promise<Reply<{ lsn: number; at: number }>>;
  /** Writes pages of the frozen view after `cursor` to the archive under `prefix`, for `budgetMs` (5 s) at most. */
  backupDump(
    route: Route,
    backup: string,
    prefix: string,
    cursor: DumpCursor,
    budgetMs?: number,
  ): Promise<Reply<{ cursor: DumpCursor; done: boolean }>>;
  /** Once past time `upTo`: writes the records after the freeze up to it under `prefix`, then thaws. */
  backupFinish(route: Route, backup: string, upTo: number, prefix: string): Promise<Reply<{ records: number }>>;
  /** Thaws the partition if backup `backup` froze it (the backup abandoned). */
  backupThaw(route: Route, backup: string): Promise<Reply<object>>;

  /** Point-in-time recovery (archiver.ts): starts a snapshot, at exit its freeze's lsn and time. */
  pitrStart(route: Route): Promise<Reply<{ lsn: number; at: number }>>;
  /** Point-in-time recovery: archives every committed record now. At exit: the last lsn archived. */
  pitrFlush(route: Route): Promise<Reply<{ archived: number }>>;
  /** As the leader of a restored table's partition: orders the changes (restore-load.ts); at exit, once committed, the last lsn. */
  restoreLoad(route: Route, changes: LoadChange[]): Promise<Reply<{ loaded: number; lsn: number }>>;

  // --- global secondary indexes ---
  /**
   * As the leader of a partition of table `route.tableId`: copies every item into global index
   * `indexId` (being added by UpdateTable), and answers once the copy is delivered and the feeder
   * has delivered every change committed by then (index-feeder.ts `backfill`).
   */
  backfillIndex(route: Route, indexId: string): Promise<Reply<{ copied: number }>>;

  // --- transactions, from a coordinator (workers/replica/transactions.ts) ---
  /** Phase one: decide the partition's actions of a transaction and hold their items. */
  prepareTransaction(request: PrepareRequest): Promise<Reply<PrepareResult>>;
  /** Phase two: write (on commit) and release what the transaction holds. */
  resolveTransaction(request: ResolveRequest): Promise<Reply<object>>;
  /** TransactGetItems' passes: the items as committed and where, then which changed since. */
  transactRead(request: TransactReadRequest): Promise<Reply<TransactReadResult>>;
  transactCheck(request: TransactCheckRequest): Promise<Reply<{ changed: number[] }>>;

  // --- between members ---
  appendEntries(request: AppendRequest): AppendReply;
  requestVote(request: VoteRequest): VoteReply;
  /** The leader of term `term` asks this member, which led an older term, to stop: it adopts the term. At exit: its term. */
  resign(term: number): { term: number };
  installSnapshot(chunk: SnapshotChunk): { term: number; ok: boolean };
  /** Become leader, or name the live one: asked by a router that cannot reach the leader. */
  campaign(): Promise<CampaignResult>;

  // --- for the admin API and autoadmin ---
  /** As the partition's leader: splits it into `request.children` (split.ts). At exit: the split record's lsn, committed. */
  split(request: SplitRequest): Promise<Reply<{ lsn: number }>>;
  status(): MemberStatus;
  digest(): { count: number; digest: string; applied: number };
  /** Drops the object's memory (not its storage), as an eviction by the runtime would. */
  evict(): void;
}
