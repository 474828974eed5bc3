/**
 * A partition's part in transactions (workers/replica/transactions.ts), in a real group of three
 * replica objects: holds decided and replicated, conflicts with single writes and with other
 * transactions, commit and abort, holds kept across a leader's crash, and TransactGetItems'
 * check of what changed since a read.
 */
import { afterEach, describe, expect, it } from "vitest";
import { faults } from "../../../workers/link/faults";
import type { PrepareRequest, TransactionAction } from "../../../workers/replica/protocol";
import { putAction } from "../../../workers/router/items";
import { itemOf, replica } from "../helpers";
import { acked, conditionOf, crash, elect, get, keyOf, newGroup, put, ROUTE, status, write } from "./group";

afterEach(() => faults.reset());

const putting = (index: number, pk: string, extra = {}): TransactionAction => ({
  index,
  key: keyOf(pk),
  action: putAction(itemOf(pk, extra)),
});

const prepare = (tx: string, actions: TransactionAction[]): PrepareRequest => ({
  route: ROUTE,
  tx,
  coordinator: "tx/us-east-1/0",
  actions,
});

describe("transactions on a replication group", () => {
  it("holds a prepared transaction's items: a single write meets TransactionConflict, another transaction its reason", async () => {
    const [a] = await newGroup();
    await elect(a);
    await acked(a, put("x", { v: { N: "1" } }));
    const prepared = await replica(a).prepareTransaction(
      prepare("t1", [putting(0, "x", { v: { N: "2" } }), putting(1, "y")]),
    );
    expect(prepared).toEqual({
      ok: true,
      prepared: true,
      sizes: [
        { index: 0, oldSize: expect.any(Number), newSize: expect.any(Number) },
        { index: 1, oldSize: 0, newSize: expect.any(Number) },
      ],
    });
    const single = await write(a, put("x", { v: { N: "9" } }));
    expect(single).toEqual({
      ok: false,
      error: { type: "TransactionConflictException", message: "Transaction is ongoing for the item" },
    });
    const other = await replica(a).prepareTransaction(prepare("t2", [putting(3, "y")]));
    expect(other).toEqual({
      ok: true,
      prepared: false,
      reasons: [{ index: 3, code: "TransactionConflict", message: "Transaction is ongoing for the item" }],
    });
    // Reads see the last committed item meanwhile.
    const before = await get(a, "x", true);
    expect(before.ok && JSON.parse(before.itemJson!).v).toEqual({ N: "1" });

    expect(await replica(a).resolveTransaction({ route: ROUTE, tx: "t1", commit: true })).toEqual({ ok: true });
    const after = await get(a, "x", true);
    expect(after.ok && JSON.parse(after.itemJson!).v).toEqual({ N: "2" });
    expect((await get(a, "y", true)).ok).toBe(true);
    await acked(a, put("x", { v: { N: "3" } }));
    // Resolving again changes nothing.
    expect(await replica(a).resolveTransaction({ route: ROUTE, tx: "t1", commit: true })).toEqual({ ok: true });
    const last = await get(a, "x", true);
    expect(last.ok && JSON.parse(last.itemJson!).v).toEqual({ N: "3" });
  });

  it("refuses with every failing action's reason and holds nothing; an abort writes nothing", async () => {
    const [a] = await newGroup();
    await elect(a);
    await acked(a, put("x", { v: { N: "1" } }));
    const refused = await replica(a).prepareTransaction(
      prepare("t1", [
        { ...putting(0, "x"), condition: conditionOf("attribute_not_exists(pk)"), returnOldOnConditionFailure: true },
        putting(1, "z"),
      ]),
    );
    expect(refused).toEqual({
      ok: true,
      prepared: false,
      reasons: [
        {
          index: 0,
          code: "ConditionalCheckFailed",
          message: "The conditional request failed",
          item: itemOf("x", { v: { N: "1" } }),
        },
      ],
    });
    await acked(a, put("z"));

    expect((await replica(a).prepareTransaction(prepare("t2", [putting(0, "w")]))).ok).toBe(true);
    expect(await replica(a).resolveTransaction({ route: ROUTE, tx: "t2", commit: false })).toEqual({ ok: true });
    const w = await get(a, "w", true);
    expect(w.ok && w.itemJson).toBeUndefined();
    await acked(a, put("w"));
  });

  it("keeps a hold across the leader's crash: the new leader refuses single writes, and commits it", async () => {
    const [a, b] = await newGroup();
    await elect(a);
    expect((await replica(a).prepareTransaction(prepare("t1", [putting(0, "k", { v: { S: "tx" } })]))).ok).toBe(true);
    await crash(a);
    await elect(b);
    expect(await write(b, put("k"))).toEqual({
      ok: false,
      error: { type: "TransactionConflictException", message: "Transaction is ongoing for the item" },
    });
    expect(await replica(b).resolveTransaction({ route: ROUTE, tx: "t1", commit: true })).toEqual({ ok: true });
    const k = await get(b, "k", true);
    expect(k.ok && JSON.parse(k.itemJson!).v).toEqual({ S: "tx" });
    expect((await status(b)).role).toBe("leader");
  }, 20_000);

  it("tells a TransactGetItems which items changed or were taken since its read", async () => {
    const [a] = await newGroup();
    await elect(a);
    await acked(a, put("r1"));
    await acked(a, put("r2"));
    const keys = [keyOf("r1"), keyOf("r2"), keyOf("r3")];
    const read = await replica(a).transactRead({ route: ROUTE, keys });
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    const state = (i: (typeof read.items)[number]) =>
      "conflict" in i ? "held" : "throttled" in i ? "throttled" : i.itemJson !== undefined;
    expect(read.items.map(state)).toEqual([true, true, false]);
    expect(await replica(a).transactCheck({ route: ROUTE, keys, at: read.at })).toEqual({ ok: true, changed: [] });
    await acked(a, put("r2", { v: { N: "1" } }));
    expect((await replica(a).prepareTransaction(prepare("t1", [putting(0, "r3")]))).ok).toBe(true);
    expect(await replica(a).transactCheck({ route: ROUTE, keys, at: read.at })).toEqual({ ok: true, changed: [1, 2] });
    const held = await replica(a).transactRead({ route: ROUTE, keys });
    expect(held.ok && held.items.map((i) => "conflict" in i)).toEqual([false, false, true]);
  });
});
