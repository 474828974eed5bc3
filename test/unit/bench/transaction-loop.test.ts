import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describe, expect, test } from "vitest";
import { failureOf, runTransactionLoop } from "../../../bench/transaction-loop";
import { TRANSACTION_WORKLOADS, type TransactionWorkload } from "../../../bench/transaction-workloads";

const workload = (name: string) => TRANSACTION_WORKLOADS.find((w) => w.name === name) as TransactionWorkload;

/** An error shaped as the SDK throws it for a cancelled transaction. */
function cancelled(codes: string[]) {
  return Object.assign(new Error("Transaction cancelled"), {
    name: "TransactionCanceledException",
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

describe("failureOf", () => {
  test("TransactionCanceledException: cancelled, with its reason codes other than None, each once", () => {
    expect(failureOf(cancelled(["None", "TransactionConflict", "None", "TransactionConflict"]))).toEqual({
      kind: "cancelled",
      codes: ["TransactionConflict"],
    });
    expect(failureOf(cancelled(["ConditionalCheckFailed", "TransactionConflict"]))).toEqual({
      kind: "cancelled",
      codes: ["ConditionalCheckFailed", "TransactionConflict"],
    });
  });

  test("a cancellation without reasons is still a cancellation", () => {
    expect(failureOf({ name: "TransactionCanceledException" })).toEqual({ kind: "cancelled", codes: [] });
  });

  test("anything else is an error, named", () => {
    const conflict = Object.assign(new Error("held"), { name: "TransactionConflictException" });
    expect(failureOf(conflict)).toEqual({ kind: "error", message: "TransactionConflictException: held" });
    expect(failureOf("socket hang up")).toEqual({ kind: "error", message: "socket hang up" });
    expect(failureOf(null)).toEqual({ kind: "error", message: "null" });
  });
});

describe("runTransactionLoop", () => {
  /** A client whose `send` answers the nth request (from 0) as `answer` says. */
  const fakeClient = (answer: (n: number) => "ok" | "cancelled" | "error") => {
    let n = 0;
    return {
      send: async () => {
        await new Promise((done) => setTimeout(done, 1));
        const outcome = answer(n++);
        if (outcome === "cancelled") throw cancelled(["None", "TransactionConflict"]);
        if (outcome === "error") throw Object.assign(new Error("boom"), { name: "InternalServerError" });
        return {};
      },
    } as unknown as DynamoDBClient;
  };

  test("counts successes, cancellations by reason and errors apart; throughput counts successes only", async () => {
    const outcome = await runTransactionLoop({
      client: fakeClient((n) => (n % 5 === 1 ? "cancelled" : n % 5 === 2 ? "error" : "ok")),
      workload: workload("write-10"),
      concurrency: 2,
      seconds: 0.1,
      seed: 1,
      records: 100,
    });
    const total = outcome.latency.count + outcome.cancelled + outcome.latency.errors;
    expect(total).toBeGreaterThan(5);
    expect(outcome.cancelled).toBeGreaterThan(0);
    expect(outcome.reasons).toEqual({ TransactionConflict: outcome.cancelled });
    expect(outcome.latency.errors).toBeGreaterThan(0);
    expect(outcome.firstError).toBe("InternalServerError: boom");
    expect(outcome.transactionsPerSecond).toBeCloseTo(outcome.latency.count / outcome.seconds);
    expect(outcome.itemsPerSecond).toBeCloseTo(outcome.transactionsPerSecond * 10);
    expect(outcome.latency.p50).toBeGreaterThan(0);
  });

  test("nothing failed: no cancellation, no error, no first error", async () => {
    const outcome = await runTransactionLoop({
      client: fakeClient(() => "ok"),
      workload: workload("put"),
      concurrency: 1,
      seconds: 0.05,
      seed: 1,
      records: 10,
    });
    expect(outcome.latency.count).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ cancelled: 0, reasons: {} });
    expect(outcome.latency.errors).toBe(0);
    expect(outcome.firstError).toBeUndefined();
    expect(outcome.itemsPerSecond).toBeCloseTo(outcome.transactionsPerSecond);
  });
});
