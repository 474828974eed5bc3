/**
 * TransactWriteItems: up to 100 Put, Update, Delete and ConditionCheck actions across tables and
 * partitions, all or nothing (./../transactions.ts, workers/transactions). Every table and key is
 * checked first; an action DynamoDB refuses by its key cancels the transaction before anything
 * runs (reason ValidationError), as the service does. Capacity: two write units per KB of the
 * larger of each item's old and new sizes, on every action. ItemCollectionMetrics (SIZE): per
 * table with local secondary indexes, each collection written and its size after the transaction.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
import { capacityUnits, transactionalUnits, writeUnits } from "../../../shared/api/capacity";
import { own, setName } from "../../../shared/api/names";
import {
  checkTransactWriteKeys,
  type TransactWriteAction,
  validateTransactWriteItems,
} from "../../../shared/api/operations/transact-write-items";
import { xxh64Hex } from "../../../shared/keys/partition-hash";
import { charge } from "../admission";
import { type ConsumedCapacity, consumedCapacity } from "../consumed-capacity";
import type { Operation } from "../context";
import { type ItemCollectionMetrics, itemCollectionMetrics } from "../item-collection-metrics";
import { putAction } from "../items";
import { admitTransaction, keysOrCancel, tablesNamed, transactWrite, type WriteStep } from "../transactions";

/** What an action does to its item, as a participant decides it. */
function actionOf(action: TransactWriteAction): WriteStep["action"] {
  switch (action.kind) {
    case "Put":
      return putAction(action.item);
    case "Update":
      return { kind: "update", update: action.update };
    case "Delete":
      return { kind: "delete" };
    case "ConditionCheck":
      return { kind: "check" };
  }
}

export const transactWriteItems: Operation = async (ctx, body) => {
  const request = validateTransactWriteItems(body);
  const { input, actions } = request;
  const tables = await tablesNamed(
    ctx,
    actions.map((a) => a.tableName),
  );
  const keys = keysOrCancel(checkTransactWriteKeys(request, (name) => tables.get(name)!));
  const steps: WriteStep[] = actions.map((action, i) => ({
    tableName: action.tableName,
    key: keys[i],
    action: actionOf(action),
    condition: action.condition,
    returnOldOnConditionFailure: action.returnOldOnConditionFailure,
    returnCollectionSize:
      !!tables.get(action.tableName)!.route.table.localIndexes?.length && input.ReturnItemCollectionMetrics === "SIZE",
  }));
  // Two units per KB of what each action is known to write up front (a put's item), the rest once committed.
  const upFront = steps.map((step) =>
    transactionalUnits(step.action.kind === "put" ? capacityUnits(step.action.size, "write") : 1),
  );
  const names = actions.map((a) => a.tableName);
  await admitTransaction(ctx, names, upFront, tables, "write");
  const token = input.ClientRequestToken;
  const fingerprint = () =>
    xxh64Hex(new TextEncoder().encode(JSON.stringify({ ...input, ClientRequestToken: undefined })));
  const sizes = await transactWrite(
    ctx,
    steps,
    tables,
    token === undefined ? undefined : { value: token, fingerprint: fingerprint() },
  );
  const units = new Map<string, number>();
  const metrics: Record<string, ItemCollectionMetrics[]> = {};
  for (const { index, oldSize, newSize, collectionBytes } of sizes) {
    const name = actions[index].tableName;
    const cost = transactionalUnits(writeUnits(oldSize, newSize));
    units.set(name, (units.get(name) ?? 0) + cost);
    charge(tables.get(name)!.route, "write", cost - upFront[index]);
    const collection = itemCollectionMetrics(tables.get(name)!, steps[index].key, { collectionBytes });
    if (collection) setName(metrics, name, [...(own(metrics, name) ?? []), collection]);
  }
  const capacity = [...tables.keys()]
    .map((name) => consumedCapacity(input.ReturnConsumedCapacity, name, units.get(name) ?? 0))
    .filter((c): c is ConsumedCapacity => c !== undefined);
  return {
    ...(capacity.length > 0 ? { ConsumedCapacity: capacity } : {}),
    ...(Object.keys(metrics).length > 0 ? { ItemCollectionMetrics: metrics } : {}),
  };
};
