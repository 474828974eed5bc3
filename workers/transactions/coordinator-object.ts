/**
 * A transaction coordinator: the Durable Object that runs two-phase commit over the partition
 * leaders a TransactWriteItems touches (docs/issue-17-transactions.md).
 *
 * - Phase one: every participant prepares at once (workers/replica/transactions.ts): its leader
 *   decides its actions and holds their items by a committed record.
 * - All prepared: the decision to commit is recorded (SQLite; the output gate sends nothing
 *   further before it is durable), then every participant resolves it, and only then is the
 *   client answered, so a read after the answer sees the writes. Any refusal: abort, resolved
 *   on those that may hold.
 * - Presumed abort: nothing is recorded before the decision. A participant that asks about a
 *   transaction this object has no commit decision for gets "abort" (a transaction still
 *   preparing is aborted then), so a coordinator that dies before deciding leaves nothing held
 *   for longer than the participants' timeout.
 * - A decision stays recorded until the alarm drops it, once every participant has resolved it
 *   (one unreachable meanwhile: the alarm resolves it until every participant has).
 * - ClientRequestToken: finished outcomes are kept 10 minutes with a digest of their request; a
 *   commit's is recorded with its decision, in the one durable write the client waits for.
 */
import { DurableObject } from "cloudflare:workers";
import init from "../../migrations/coordinator/0001_init.sql";
import type { WireError } from "../../shared/api/errors";
import { systemClock } from "../clock";
import type { Env } from "../env";
import { Link } from "../link/link";
import { callLeader } from "../replica/group-client";
import { type CancellationReason, WRONG_PARTITION } from "../replica/protocol";
import { migrate } from "../storage/migrate";
import type {
  ActionSizes,
  CoordinatorRpc,
  Participant,
  TransactionStatus,
  TransactWrite,
  TransactWriteOutcome,
} from "./protocol";

const MIGRATIONS = [{ version: 1, sql: init }];

/** How long a finished transaction's token is remembered, as DynamoDB does. */
const TOKEN_MS = 10 * 60_000;
/** How soon the alarm retries a decision some participant has not resolved. */
const RETRY_MS = 2000;

type Prepared =
  | { kind: "prepared"; sizes: ActionSizes }
  | { kind: "refused"; reasons: CancellationReason[] }
  | { kind: "stale" }
  | { kind: "error"; error: WireError };

interface Running {
  state: TransactionStatus["state"];
  since: number;
  participants: Participant[];
  /** A participant asked while it was preparing: it aborts. */
  abortAsked: boolean;
}

const idempotency = (type: string, message: string): TransactWriteOutcome => ({
  kind: "error",
  error: { type, message },
});

export class TransactionCoordinator extends DurableObject<Env> implements CoordinatorRpc {
  private readonly link: Link;
  private readonly running = new Map<string, Running>();
  /** Tokens of transactions running now, with their requests' digests. */
  private readonly tokensRunning = new Map<string, string>();
  /**
   * Recorded decisions every participant has resolved: their rows are dropped by the alarm, off
   * the client's path (a row this object forgets, stopped meanwhile, is resolved again, which
   * changes nothing).
   */
  private readonly finished = new Set<string>();
  /** When the alarm this object set is due; undefined when none is (or it was evicted since). */
  private alarmAt: number | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, MIGRATIONS);
    this.link = new Link(env);
  }

  private get name(): string {
    return this.ctx.id.name ?? "";
  }

  async transactWrite(request: TransactWrite): Promise<TransactWriteOutcome> {
    const token = request.token;
    if (!token) return this.run(request.participants);
    const kept = this.ctx.storage.sql
      .exec<{ fingerprint: string; outcome: string; at: number }>(
        "SELECT fingerprint, outcome, at FROM tokens WHERE token = ?",
        token.value,
      )
      .toArray()
      .find((row) => row.at >= systemClock.now() - TOKEN_MS);
    const running = this.tokensRunning.get(token.value);
    const fingerprint = kept?.fingerprint ?? running;
    if (fingerprint !== undefined && fingerprint !== token.fingerprint) {
      return idempotency(
        "IdempotentParameterMismatchException",
        "Request parameters do not match the original request",
      );
    }
    if (kept) return JSON.parse(kept.outcome) as TransactWriteOutcome;
    if (running !== undefined) {
      return idempotency("TransactionInProgressException", "Transaction from previous request is still in progress");
    }
    this.tokensRunning.set(token.value, token.fingerprint);
    try {
      const outcome = await this.run(request.participants, token);
      // A commit's token was recorded with its decision; a cancellation's is recorded now.
      if (outcome.kind === "cancelled") this.keepToken(token, outcome);
      return outcome;
    } finally {
      this.tokensRunning.delete(token.value);
    }
  }

  private keepToken(token: NonNullable<TransactWrite["token"]>, outcome: TransactWriteOutcome): void {
    this.ctx.storage.sql.exec(
      "INSERT OR REPLACE INTO tokens (token, fingerprint, outcome, at) VALUES (?, ?, ?, ?)",
      token.value,
      token.fingerprint,
      JSON.stringify(outcome),
      systemClock.now(),
    );
  }

  outcome(tx: string): "commit" | "abort" {
    const decided = this.ctx.storage.sql
      .exec<{ outcome: string }>("SELECT outcome FROM decisions WHERE tx = ?", tx)
      .toArray()[0];
    if (decided) return decided.outcome === "commit" ? "commit" : "abort";
    const running = this.running.get(tx);
    if (running?.state === "committing") return "commit";
    if (running) running.abortAsked = true;
    return "abort";
  }

  inFlight(): TransactionStatus[] {
    const status = (tx: string, state: TransactionStatus["state"], since: number, participants: Participant[]) => ({
      tx,
      state,
      since,
      participants: participants.map((p) => ({ partition: p.partition.id, items: p.actions.length })),
    });
    const recorded = this.ctx.storage.sql
      .exec<{ tx: string; outcome: string; participants: string; at: number }>("SELECT * FROM decisions")
      .toArray()
      .filter((row) => !this.running.has(row.tx))
      .map((row) =>
        status(row.tx, row.outcome === "commit" ? "committing" : "aborting", row.at, JSON.parse(row.participants)),
      );
    return [...[...this.running].map(([tx, r]) => status(tx, r.state, r.since, r.participants)), ...recorded];
  }

  evict(): void {
    this.ctx.abort("evicted by the admin API");
  }

  /**
   * Drops the decisions every participant has resolved, resolves the others (a participant that
   * was unreachable, or this object stopped before phase two ended), and forgets expired tokens.
   */
  override async alarm(): Promise<void> {
    this.alarmAt = undefined;
    const sql = this.ctx.storage.sql;
    sql.exec("DELETE FROM tokens WHERE at < ?", systemClock.now() - TOKEN_MS);
    const rows = sql
      .exec<{ tx: string; outcome: string; participants: string }>("SELECT tx, outcome, participants FROM decisions")
      .toArray();
    for (const row of rows) {
      if (this.running.has(row.tx)) continue;
      const done =
        this.finished.has(row.tx) ||
        (await this.resolveAll(row.tx, JSON.parse(row.participants) as Participant[], row.outcome === "commit"));
      if (!done) continue;
      sql.exec("DELETE FROM decisions WHERE tx = ?", row.tx);
      this.finished.delete(row.tx);
    }
    if (this.alarmAt === undefined && sql.exec<{ n: number }>("SELECT count(*) AS n FROM decisions").one().n > 0) {
      this.alarmAt = systemClock.now() + RETRY_MS;
      await this.ctx.storage.setAlarm(this.alarmAt);
    }
  }

  private async run(participants: Participant[], token?: TransactWrite["token"]): Promise<TransactWriteOutcome> {
    const tx = crypto.randomUUID();
    const running: Running = { state: "preparing", since: systemClock.now(), participants, abortAsked: false };
    this.running.set(tx, running);
    try {
      const prepared = await Promise.all(participants.map((p) => this.prepare(tx, p)));
      if (prepared.every((p) => p.kind === "prepared") && !running.abortAsked) {
        running.state = "committing";
        const outcome: TransactWriteOutcome = {
          kind: "committed",
          sizes: prepared.flatMap((p) => (p.kind === "prepared" ? p.sizes : [])),
        };
        // One durable write before phase two: the decision, and the token's outcome with it.
        this.record(tx, "commit", participants);
        if (token) this.keepToken(token, outcome);
        if (await this.resolveAll(tx, participants, true)) this.finished.add(tx);
        return outcome;
      }
      running.state = "aborting";
      // Those that refused hold nothing; the others may (an unknown outcome too).
      const holding = participants.filter((_, i) => prepared[i].kind !== "refused");
      if (!(await this.resolveAll(tx, holding, false))) this.record(tx, "abort", holding);
      const reasons = prepared.flatMap((p) => (p.kind === "refused" ? p.reasons : []));
      if (reasons.length > 0) return { kind: "cancelled", reasons };
      const error = prepared.find((p) => p.kind === "error");
      if (error?.kind === "error") return error;
      if (prepared.some((p) => p.kind === "stale")) return { kind: "stale" };
      // Every participant prepared, but one asked meanwhile and was told it aborts.
      return { kind: "cancelled", reasons: [] };
    } finally {
      this.running.delete(tx);
    }
  }

  private async prepare(tx: string, participant: Participant): Promise<Prepared> {
    try {
      const reply = await callLeader(
        this.link,
        participant.partition,
        "prepareTransaction",
        [{ route: participant.route, tx, coordinator: this.name, actions: participant.actions }],
        false,
      );
      if (!reply.ok)
        return reply.error.type === WRONG_PARTITION ? { kind: "stale" } : { kind: "error", error: reply.error };
      return reply.prepared ? { kind: "prepared", sizes: reply.sizes } : { kind: "refused", reasons: reply.reasons };
    } catch (error) {
      return { kind: "error", error: wireErrorOf(error) };
    }
  }

  /**
   * Records the decision for `tx`, and makes sure the alarm comes to drop it (or finish it, if
   * this object stops before every participant resolved it). An alarm already due is kept, so a
   * steady stream of transactions does not push it back forever.
   */
  private record(tx: string, outcome: "commit" | "abort", participants: Participant[]): void {
    // Resolving needs each group and route, not the actions (the holds keep what to write).
    const groups = participants.map(({ partition, route }) => ({ partition, route, actions: [] }));
    this.ctx.storage.sql.exec(
      "INSERT OR REPLACE INTO decisions (tx, outcome, participants, at) VALUES (?, ?, ?, ?)",
      tx,
      outcome,
      JSON.stringify(groups),
      systemClock.now(),
    );
    if (this.alarmAt === undefined) {
      this.alarmAt = systemClock.now() + RETRY_MS;
      void this.ctx.storage.setAlarm(this.alarmAt);
    }
  }

  /** Resolves `tx` on every participant. At exit: whether every one did. */
  private async resolveAll(tx: string, participants: Participant[], commit: boolean): Promise<boolean> {
    const resolved = await Promise.all(
      participants.map(async (p) => {
        try {
          const reply = await callLeader(
            this.link,
            p.partition,
            "resolveTransaction",
            [{ route: p.route, tx, commit }],
            true,
          );
          return reply.ok;
        } catch {
          return false;
        }
      }),
    );
    return resolved.every(Boolean);
  }
}

/** A thrown DynamoError (or anything else) as a WireError. */
function wireErrorOf(error: unknown): WireError {
  const toWire = (error as { toWire?: () => WireError }).toWire;
  return typeof toWire === "function"
    ? toWire.call(error)
    : { type: "InternalServerError", message: "Internal server error" };
}
