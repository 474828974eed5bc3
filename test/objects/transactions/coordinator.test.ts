/**
 * The transaction coordinator object (workers/transactions/coordinator-object.ts) over a real
 * replication group: presumed abort for a transaction it never decided, a client request token
 * repeated while its transaction runs (TransactionInProgressException), after it finished (the
 * first outcome, not applied again) and with another request (IdempotentParameterMismatchException).
 */
import { afterEach, describe, expect, it } from "vitest";
import { faults } from "../../../workers/link/faults";
import { HASH_MAX, HASH_MIN } from "../../../workers/metadata/partition-map";
import type { TransactWrite } from "../../../workers/transactions/protocol";
import { link } from "../helpers";
import { elect, get, keyOf, newGroup, ROUTE } from "../replica/group";

afterEach(() => faults.reset());

const coordinator = () => link.coordinator(`tx/test/${crypto.randomUUID()}`);

describe("the transaction coordinator", () => {
  it("answers abort for a transaction it has no commit decision for", async () => {
    expect(await coordinator().outcome("never-heard-of")).toBe("abort");
  });

  it("answers a token's repeat with the first outcome, in progress while it runs, and a mismatch for another request", async () => {
    const members = await newGroup();
    await elect(members[0]);
    const request = (v: string, fingerprint: string): TransactWrite => ({
      token: { value: "token-1", fingerprint },
      participants: [
        {
          partition: { id: "p0", low: HASH_MIN, high: HASH_MAX, replicas: members },
          route: ROUTE,
          actions: [
            {
              index: 0,
              key: keyOf("k"),
              action: { kind: "put", itemJson: JSON.stringify({ pk: { S: "k" }, v: { S: v } }), size: 10 },
            },
          ],
        },
      ],
    });
    const stub = coordinator();
    // The leader answers slowly: the first run is still preparing when the repeat comes.
    faults.slow(members[0].name, 200);
    const first = stub.transactWrite(request("one", "f1"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await stub.transactWrite(request("one", "f1"))).toEqual({
      kind: "error",
      error: {
        type: "TransactionInProgressException",
        message: "Transaction from previous request is still in progress",
      },
    });
    const outcome = await first;
    expect(outcome.kind).toBe("committed");
    faults.reset();
    expect(await stub.transactWrite(request("one", "f1"))).toEqual(outcome);
    expect(await stub.transactWrite(request("two", "f2"))).toEqual({
      kind: "error",
      error: {
        type: "IdempotentParameterMismatchException",
        message: "Request parameters do not match the original request",
      },
    });
    const item = await get(members[0], "k", true);
    expect(item.ok && JSON.parse(item.itemJson!).v).toEqual({ S: "one" });
  });
});
