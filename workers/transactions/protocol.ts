/**
 * The transaction coordinator's RPC messages (coordinator-object.ts): what a router hands it,
 * what it answers, and what participants ask it. The coordinator of a transaction is one of a
 * few objects per region and account (`coordinatorName`), picked by the client's request token
 * when there is one, so that a repeat reaches the object that remembers it.
 *
 * This module imports only protocols: anything may import it.
 */
import type { WireError } from "../../shared/api/errors";
import type { Partition } from "../metadata/partition-map";
import type { CancellationReason, PrepareResult, Route, TransactionAction } from "../replica/protocol";

/** One partition a transaction touches: its group, the route it was planned with, its actions there. */
export interface Participant {
  partition: Partition;
  route: Route;
  actions: TransactionAction[];
}

/** What a router hands the coordinator: the transaction's participants and the client's token, if any. */
export interface TransactWrite {
  /** ClientRequestToken, and a digest of the request that came with it. */
  token?: { value: string; fingerprint: string };
  participants: Participant[];
}

/** Each action's item sizes before and after (capacity is charged on them), and its collection's size when asked. */
export type ActionSizes = Extract<PrepareResult, { prepared: true }>["sizes"];

/**
 * The outcome: committed; cancelled, with the reasons of the actions that cancelled it; `stale`, a
 * participant's route was stale and nothing was written (the router refreshes its map and tries
 * again); or an error to answer (an outcome not known, a token's misuse).
 */
export type TransactWriteOutcome =
  | { kind: "committed"; sizes: ActionSizes }
  | { kind: "cancelled"; reasons: CancellationReason[] }
  | { kind: "stale" }
  | { kind: "error"; error: WireError };

/** A transaction the coordinator is running or has decided and not finished: for the admin API. */
export interface TransactionStatus {
  tx: string;
  state: "preparing" | "committing" | "aborting";
  since: number;
  participants: { partition: string; items: number }[];
}

export interface CoordinatorRpc extends Rpc.DurableObjectBranded {
  transactWrite(request: TransactWrite): Promise<TransactWriteOutcome>;
  /** A participant's question about `tx`, whose hold grew old: a transaction not decided to commit is aborted. */
  outcome(tx: string): "commit" | "abort";
  inFlight(): TransactionStatus[];
  /** Drops the object's memory (not its storage), as a crash would: for the admin API. */
  evict(): void;
}

/** Coordinators per region and account. */
export const COORDINATOR_SHARDS = 8;

/** The coordinator for `catalog` (a metadata object's name: region and account) and `shard`. */
export const coordinatorName = (catalog: string, shard: number) => `tx/${catalog}/${shard}`;
