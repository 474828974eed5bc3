/**
 * One workload of the transactions phase, closed loop through the SDK: each of `concurrency`
 * clients (sharing one client and its keep-alive connections) sends its next request as soon as
 * the previous one answers, for `seconds`. A request is built before its clock starts, so the
 * latency is the SDK's send to its answer (signing included), as in the latency phases.
 *
 * A TransactionCanceledException is counted as a cancellation, with its reasons' codes, not as
 * an error: with random keys, two concurrent transactions rarely share a key, and when they do
 * one of them is cancelled (TransactionConflict), which is how DynamoDB answers too. Only
 * successful requests are in the latency figures and the throughput.
 */

import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { seededRandom } from "./random";
import { type LatencySummary, Samples } from "./samples";
import { commandOf, type TransactionWorkload } from "./transaction-workloads";

export interface TransactionLoopSpec {
  client: DynamoDBClient;
  workload: TransactionWorkload;
  concurrency: number;
  seconds: number;
  seed: number;
  /** Records loaded (0 … records-1): the keys TransactGetItems reads. */
  records: number;
}

export interface TransactionLoopOutcome {
  seconds: number;
  /** Successful requests (`count`), their latency, and failures other than cancellations (`errors`). */
  latency: LatencySummary;
  /** Successful requests per second, and the items they wrote or read per second. */
  transactionsPerSecond: number;
  itemsPerSecond: number;
  /** Requests answered with TransactionCanceledException. */
  cancelled: number;
  /** The cancelled requests' reason codes other than `None`, each counted once per request. */
  reasons: Record<string, number>;
  firstError?: string;
}

/** How a failed request ended: cancelled (with its reason codes other than `None`) or an error. */
export type Failure = { kind: "cancelled"; codes: string[] } | { kind: "error"; message: string };

/** Classifies what the SDK threw. */
export function failureOf(error: unknown): Failure {
  const e = error as { name?: unknown; message?: unknown; CancellationReasons?: { Code?: string }[] } | null;
  if (e?.name === "TransactionCanceledException") {
    const codes = (e.CancellationReasons ?? []).map((r) => r.Code ?? "None").filter((code) => code !== "None");
    return { kind: "cancelled", codes: [...new Set(codes)] };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: "error", message };
}

export async function runTransactionLoop(spec: TransactionLoopSpec): Promise<TransactionLoopOutcome> {
  const samples = new Samples();
  const reasons: Record<string, number> = {};
  let cancelled = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + spec.seconds * 1000;

  const clientLoop = async (index: number) => {
    const random = seededRandom(spec.seed * 1_000 + index);
    while (performance.now() < deadline) {
      const command = commandOf(spec.workload, random, spec.records);
      const t0 = performance.now();
      try {
        // `send`'s overloads take one command type each; the union is sent as what each member is.
        await spec.client.send(command as Parameters<DynamoDBClient["send"]>[0]);
        samples.add(performance.now() - t0);
      } catch (error) {
        const failure = failureOf(error);
        if (failure.kind === "cancelled") {
          cancelled++;
          for (const code of failure.codes) reasons[code] = (reasons[code] ?? 0) + 1;
        } else {
          samples.errors++;
          firstError ??= failure.message;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, (_, i) => clientLoop(i)));

  const seconds = (performance.now() - started) / 1000;
  const perSecond = samples.count / seconds;
  return {
    seconds,
    latency: samples.summary(),
    transactionsPerSecond: perSecond,
    itemsPerSecond: perSecond * spec.workload.items,
    cancelled,
    reasons,
    ...(firstError ? { firstError } : {}),
  };
}
