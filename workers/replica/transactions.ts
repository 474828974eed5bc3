/**
 * A partition leader's part in transactions (docs/issue-17-transactions.md).
 *
 * - `prepare` decides the partition's actions of one transaction together, synchronously,
 *   against the latest state, and holds their items by a `hold` record once every action passes;
 *   it answers once the record is committed (so a failover keeps the hold) and applied.
 * - `resolve` carries out the coordinator's decision: on commit the held writes are ordered as
 *   ordinary item records, then a `release` record; on abort the release alone. Answered once
 *   committed; a transaction holding nothing here is resolved already.
 * - `read` and `check` are TransactGetItems' two passes: the items' committed states and the
 *   position they were read at, then whether any record since touched them or a hold took them.
 *
 * A refusal is an answer (the route is stale, this member does not lead, the outcome of what it
 * ordered is unknown), as for single-item writes.
 */
import type { Item } from "../../shared/api/attribute-value";
import { capacityUnits, transactionalUnits, writeUnits } from "../../shared/api/capacity";
import type { WireError } from "../../shared/api/errors";
import type { KeySchema } from "../../shared/api/key-schema";
import { evaluateCondition } from "../../shared/expressions/plan";
import { indexKeyAttributes } from "../../shared/indexes/entries";
import { collectionBytesOf } from "../../shared/indexes/item-collections";
import type { Clock } from "../clock";
import type { RegionReplica } from "../replication/replica-region";
import type { Applier } from "./applier";
import type { Holds } from "./holds";
import type { ItemCollections } from "./item-collections";
import type { Leadership } from "./leadership";
import { decodeRecord, type HeldItem, itemEntry } from "./log-record";
import {
  type CancellationReason,
  type HeldWrite,
  type PrepareRequest,
  type PrepareResult,
  type ReplicaConfig,
  type Reply,
  type ResolveRequest,
  type Route,
  THROTTLED,
  type TransactCheckRequest,
  type TransactionAction,
  type TransactReadRequest,
  type TransactReadResult,
} from "./protocol";
import type { ItemText, StoredKey } from "./storage";
import { storedKeyIn, storedKeyText } from "./stored-key";
import { planWrite } from "./writes";

type Refusal = { ok: false; error: WireError };

/** A write whose record may or may not commit: the client must not assume either. */
export const UNKNOWN_OUTCOME: WireError = { type: "InternalServerError", message: "Internal server error" };

/** DynamoDB's words for an item another transaction holds (a single write's error, a transaction's reason). */
export const HELD_MESSAGE = "Transaction is ongoing for the item";

const refused = (error: WireError): Refusal => ({ ok: false, error });

/** Records read at a time when checking what touched a transaction's reads. */
const CHECK_BATCH = 256;

/** Prepared transactions a leader remembers (more are resolved from the holds table). */
const MAX_PREPARED = 10_000;

/** A held item as a commit writes it: `current`, its state when decided, or null when not known (read again). */
type PreparedItem = HeldItem & { stored: StoredKey; current: ItemText | undefined | null };

/** How old a hold grows before its leader asks the coordinator what became of the transaction. */
export const HOLD_TIMEOUT_MS = 5000;

export interface ParticipantHost {
  readonly clock: Clock;
  readonly holds: Holds;
  readonly applier: Applier;
  readonly region: RegionReplica;
  /** The item collections of a table with local secondary indexes (item-collections.ts). */
  readonly collections: ItemCollections;
  config(): ReplicaConfig | undefined;
  /** The storage keys of `keys` if this replica serves them by `route`, else the refusal. */
  check(route: Route, keys: Item[]): Refusal | { ok: true; keys: StoredKey[]; schema: KeySchema };
  /** The leadership, once it may serve. */
  readyLeader(): Promise<Leadership | undefined>;
  /** Whether a strong read may be served now. */
  leaseForRead(): Promise<boolean>;
  notLeader(): WireError;
  /** Log records after `lsn`, at most `limit`, and the first lsn the log still holds. */
  logAfter(lsn: number, limit: number): { lsn: number; record: string }[];
  firstLsn(): number;
  /** A committed item: its text and size. */
  item(key: StoredKey): { item: string; size: number } | undefined;
  /** Whether this member leads now. */
  leading(): boolean;
  /** Holds now exist: the object's alarm watches them (leader-watch.ts). */
  watch(): void;
  /** Asks coordinator `coordinator` what became of transaction `tx`. */
  outcome(coordinator: string, tx: string): Promise<"commit" | "abort">;
  /**
   * The partition's admission (admission.ts): whether a write or a read of the key whose hash is
   * `h` may be served now, and charging what it cost.
   */
  admits(operation: "read" | "write", h: string): boolean;
  charge(operation: "read" | "write", units: number, h: string): void;
}

/** A put's item, parsed, with its size. */
const sized = (write: { itemJson: string; size: number }) => ({
  item: JSON.parse(write.itemJson) as Item,
  size: write.size,
});

/** The decision for one action: what it would write, or why it cancels the transaction. */
type Decision = { ok: true; write: HeldWrite; newSize: number } | { ok: false; reason: CancellationReason };

function reasonOf(index: number, error: WireError): CancellationReason {
  switch (error.type) {
    case "ConditionalCheckFailedException":
      return {
        index,
        code: "ConditionalCheckFailed",
        message: error.message,
        ...(error.item ? { item: error.item } : {}),
      };
    case "ItemCollectionSizeLimitExceededException":
      return { index, code: "ItemCollectionSizeLimitExceeded", message: error.message };
    default:
      return { index, code: "ValidationError", message: error.message };
  }
}

function decide(
  old: Item | undefined,
  oldSize: number,
  action: TransactionAction,
  route: Route,
  config: ReplicaConfig,
): Decision {
  const { index } = action;
  if (action.action.kind === "check") {
    if (action.condition && !evaluateCondition(action.condition, old ?? {})) {
      const item = action.returnOldOnConditionFailure ? old : undefined;
      return {
        ok: false,
        reason: {
          index,
          code: "ConditionalCheckFailed",
          message: "The conditional request failed",
          ...(item ? { item } : {}),
        },
      };
    }
    return { ok: true, write: { kind: "check" }, newSize: oldSize };
  }
  const indexes = [...(config.globalIndexes ?? []), ...(config.localIndexes ?? [])];
  const plan = planWrite(
    old,
    {
      route,
      key: action.key,
      action: action.action,
      condition: action.condition,
      returnOldOnConditionFailure: action.returnOldOnConditionFailure,
    },
    config.keySchema,
    indexes,
  );
  if (!plan.ok) return { ok: false, reason: reasonOf(index, plan.error) };
  if (plan.writesNothing) return { ok: true, write: { kind: "check" }, newSize: 0 };
  const itemJson = plan.nextJson ?? (plan.next && JSON.stringify(plan.next));
  if (itemJson === undefined) return { ok: true, write: { kind: "delete" }, newSize: 0 };
  return { ok: true, write: { kind: "put", itemJson, size: plan.nextSize }, newSize: plan.nextSize };
}

export class TransactionParticipant {
  /**
   * What this member prepared while leading, by transaction: each item's storage key, key, write
   * and state when decided (which its hold keeps from changing), so that resolving by the same
   * leadership needs no read of the holds or the items.
   */
  private readonly prepared = new Map<string, { leadership: Leadership; items: PreparedItem[] }>();

  constructor(private readonly host: ParticipantHost) {}

  /** Decides the partition's actions and, if every one passes, holds their items (phase one). */
  async prepare(request: PrepareRequest): Promise<Reply<PrepareResult>> {
    const { host } = this;
    const checked = host.check(
      request.route,
      request.actions.map((a) => a.key),
    );
    if (!checked.ok) return checked;
    const leader = await host.readyLeader();
    if (!leader) return refused(host.notLeader());
    // Synchronous from here to the append: no other request interleaves with the decision.
    const { applier, holds } = host;
    const { reasons, items, states, sizes } = this.decideAll(request, checked.keys, leader);
    if (reasons.length > 0) {
      // As a single write's refusal: answered once the states it rests on are committed.
      for (const key of checked.keys) if (!(await leader.settled(key))) return refused(UNKNOWN_OUTCOME);
      return { ok: true, prepared: false, reasons };
    }
    const lsn = applier.orderControl(leader.term, {
      kind: "hold",
      tx: request.tx,
      coordinator: request.coordinator,
      since: host.clock.now(),
      items,
    });
    holds.order(request.tx, checked.keys);
    host.watch();
    if ((await leader.quorum(lsn)) !== "committed") return refused(UNKNOWN_OUTCOME);
    if (this.prepared.size >= MAX_PREPARED) this.prepared.clear();
    this.prepared.set(request.tx, {
      leadership: leader,
      items: items.map((item, i) => ({ ...item, stored: checked.keys[i], current: states[i] })),
    });
    return { ok: true, prepared: true, sizes };
  }

  /** Each action decided against the latest state of its item (`keys`, in order): what it writes, or why it cancels. */
  private decideAll(request: PrepareRequest, keys: StoredKey[], leader: Leadership) {
    const { applier, holds } = this.host;
    const config = this.host.config()!;
    const reasons: CancellationReason[] = [];
    const items: HeldItem[] = [];
    const states: (ItemText | undefined)[] = [];
    const sizes: { index: number; oldSize: number; newSize: number; collectionBytes?: number }[] = [];
    request.actions.forEach((action, i) => {
      const key = keys[i];
      // Over the partition's limit: the router names the throttle by the table's billing mode.
      if (!this.host.admits("write", key.h)) {
        reasons.push({ index: action.index, code: "ThrottlingError", message: THROTTLED });
        return;
      }
      const holder = holds.heldBy(key);
      if (holder !== undefined && holder !== request.tx) {
        reasons.push({ index: action.index, code: "TransactionConflict", message: HELD_MESSAGE });
        return;
      }
      const current = applier.latest(key);
      const old = current && (JSON.parse(current.item) as Item);
      const decision = decide(old, current?.size ?? 0, action, request.route, config);
      // A transaction's write costs twice a single write, a refused condition included.
      const units = transactionalUnits(writeUnits(current?.size ?? 0, decision.ok ? decision.newSize : 0));
      this.host.charge("write", units, key.h);
      if (!decision.ok) {
        reasons.push(decision.reason);
        return;
      }
      let collectionBytes: number | undefined;
      const lsi = config.localIndexes;
      if (lsi?.length && decision.write.kind !== "check") {
        const after = decision.write.kind === "put" ? sized(decision.write) : undefined;
        const indexing = this.host.collections.decide(
          {
            key,
            before: old && { item: old, size: current!.size },
            after,
            stats: applier.statsAfter(current?.size, after?.size),
            indexes: lsi,
            table: config.keySchema,
            units: false,
            size: action.returnCollectionSize === true,
          },
          leader,
        );
        if (!indexing.ok) {
          reasons.push(reasonOf(action.index, indexing.error));
          return;
        }
        collectionBytes = indexing.collectionBytes;
      }
      items.push({ h: key.h, key: action.key, write: decision.write });
      states.push(current);
      sizes.push({
        index: action.index,
        oldSize: current?.size ?? 0,
        newSize: decision.newSize,
        ...(collectionBytes === undefined ? {} : { collectionBytes }),
      });
    });
    return { reasons, items, states, sizes };
  }

  /**
   * Orders the writes of `items` (checks write nothing) as ordinary item records, as a single write
   * orders its own: versions for a global table, the replaced item's index keys for the GSI feeders,
   * the LSI collections' changes.
   */
  private orderWrites(leader: Leadership, items: PreparedItem[]): void {
    const { applier, region } = this.host;
    const config = this.host.config()!;
    const globals = config.globalIndexes;
    const lsi = config.localIndexes;
    for (const { stored: key, key: itemKey, write, current: decided } of items) {
      if (write.kind === "check") continue;
      // Another region's change may reach a held item of a global table: there, read it again.
      const current = decided === null || config.regions?.length ? applier.latest(key) : decided;
      const next = write.kind === "put" ? { item: write.itemJson, size: write.size } : undefined;
      const stats = applier.statsAfter(current?.size, next?.size);
      const g = globals?.length
        ? indexKeyAttributes(current && (JSON.parse(current.item) as Item), globals)
        : undefined;
      const entry = itemEntry(key.h, itemKey, next, stats, { v: region.nextVersion(), ...(g ? { g } : {}) });
      const lsn = applier.order(leader.term, entry, key);
      if (lsi?.length) {
        // The collection's change counts until the record is applied.
        const parse = (text: { item: string; size: number } | undefined) =>
          text && { item: JSON.parse(text.item) as Item, size: text.size };
        const delta =
          collectionBytesOf(parse(next), lsi, config.keySchema) -
          collectionBytesOf(parse(current), lsi, config.keySchema);
        this.host.collections.ordered(key, lsn, delta, leader);
      }
    }
  }

  async resolve(request: ResolveRequest): Promise<Reply<object>> {
    const { host } = this;
    const checked = host.check(request.route, []);
    if (!checked.ok) return checked;
    const leader = await host.readyLeader();
    if (!leader) return refused(host.notLeader());
    const { applier, holds } = host;
    const cached = this.prepared.get(request.tx);
    this.prepared.delete(request.tx);
    let items = cached?.leadership === leader ? cached.items : undefined;
    if (!items) {
      // Prepared by another leadership (or resolved already): the holds applied say what is held.
      applier.applyCommitted();
      items = holds.ofTransaction(request.tx).map((hold) => ({
        h: hold.h,
        key: hold.key,
        write: hold.write,
        stored: { h: hold.h, pk: hold.pk, sk: hold.sk },
        current: null,
      }));
      if (items.length === 0) return { ok: true };
    }
    if (request.commit) this.orderWrites(leader, items);
    const lsn = applier.orderControl(leader.term, { kind: "release", tx: request.tx });
    holds.orderRelease(request.tx);
    if ((await leader.quorum(lsn)) !== "committed") return refused(UNKNOWN_OUTCOME);
    return { ok: true };
  }

  /**
   * As the leader, resolves the transactions whose holds are older than HOLD_TIMEOUT_MS by what
   * their coordinators say (one that never decided to commit says abort): no item stays held
   * because a coordinator stopped. Called by the object's alarm, which fires while holds remain
   * (leader-watch.ts).
   */
  async expireOld(): Promise<void> {
    const { host } = this;
    const config = host.config();
    if (!config || !host.leading() || !host.holds.any) return;
    const now = host.clock.now();
    const old = new Map<string, string>();
    for (const hold of host.holds.all()) if (now - hold.since > HOLD_TIMEOUT_MS) old.set(hold.tx, hold.coordinator);
    const route = { tableId: config.tableId, mapVersion: config.mapVersion };
    for (const [tx, coordinator] of old) {
      try {
        const commit = (await host.outcome(coordinator, tx)) === "commit";
        await this.resolve({ route, tx, commit });
      } catch {
        // The coordinator did not answer: asked again at the next alarm.
      }
    }
  }

  async read(request: TransactReadRequest): Promise<Reply<TransactReadResult>> {
    const { host } = this;
    const checked = host.check(request.route, request.keys);
    if (!checked.ok) return checked;
    const leader = await host.readyLeader();
    if (!leader) return refused(host.notLeader());
    for (const key of checked.keys) if (!(await leader.settled(key))) return refused(UNKNOWN_OUTCOME);
    if (!(await host.leaseForRead())) return refused(host.notLeader());
    // Synchronous from here: the items as of the commit index, every record up to it applied.
    host.applier.applyCommitted();
    const items = checked.keys.map((key) => {
      if (!host.admits("read", key.h)) return { throttled: true as const };
      if (host.holds.heldBy(key) !== undefined) return { conflict: true as const };
      const stored = host.item(key);
      // A transaction's read costs twice a strongly consistent one.
      host.charge("read", transactionalUnits(capacityUnits(stored?.size ?? 0, "read")), key.h);
      return stored ? { itemJson: stored.item, size: stored.size } : { size: 0 };
    });
    return { ok: true, at: { term: leader.term, lsn: leader.commitIndex }, items };
  }

  async check(request: TransactCheckRequest): Promise<Reply<{ changed: number[] }>> {
    const { host } = this;
    const checked = host.check(request.route, request.keys);
    if (!checked.ok) return checked;
    const leader = await host.readyLeader();
    if (!leader) return refused(host.notLeader());
    if (!(await host.leaseForRead())) return refused(host.notLeader());
    const all = checked.keys.map((_, i) => i);
    // Another leader's log, or one no longer reaching back to the read: nothing can be vouched for.
    if (leader.term !== request.at.term || host.firstLsn() > request.at.lsn + 1) return { ok: true, changed: all };
    const wanted = new Map(checked.keys.map((key, i) => [storedKeyText(key), i]));
    const changed = new Set<number>();
    checked.keys.forEach((key, i) => {
      if (host.holds.heldBy(key) !== undefined) changed.add(i);
    });
    const config = host.config()!;
    const touched = (key: Item) => {
      const i = wanted.get(storedKeyText(storedKeyIn(config, key)));
      if (i !== undefined) changed.add(i);
    };
    for (let after = request.at.lsn; ; ) {
      const records = host.logAfter(after, CHECK_BATCH);
      if (records.length === 0) break;
      for (const { record } of records) {
        const decoded = decodeRecord(record);
        if (decoded.kind === "put" || decoded.kind === "delete") touched(decoded.key);
        else if (decoded.kind === "hold") for (const item of decoded.items) touched(item.key);
      }
      after = records[records.length - 1].lsn;
    }
    return { ok: true, changed: [...changed].sort((a, b) => a - b) };
  }
}
