/**
 * TransactGetItems: up to 100 Gets across tables and partitions read as one serializable
 * snapshot (./../transactions.ts `transactGet`); an item a transaction holds, or one that changed
 * while the snapshot was taken, cancels the read with reason TransactionConflict. Capacity: two
 * read units per 4 KB of each item, charged on the whole item whatever the projection.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html
 */
import type { Item } from "../../../shared/api/attribute-value";
import { capacityUnits, transactionalUnits } from "../../../shared/api/capacity";
import { checkTransactGetKeys, validateTransactGetItems } from "../../../shared/api/operations/transact-get-items";
import { project } from "../../../shared/expressions/projection";
import { charge } from "../admission";
import { type ConsumedCapacity, consumedCapacity } from "../consumed-capacity";
import type { Operation } from "../context";
import { admitTransaction, type GetStep, keysOrCancel, tablesNamed, transactGet } from "../transactions";

export const transactGetItems: Operation = async (ctx, body) => {
  const request = validateTransactGetItems(body);
  const { input, gets } = request;
  const tables = await tablesNamed(
    ctx,
    gets.map((g) => g.tableName),
  );
  const keys = keysOrCancel(checkTransactGetKeys(request, (name) => tables.get(name)!));
  const steps: GetStep[] = gets.map((get, i) => ({ tableName: get.tableName, key: keys[i] }));
  // Two units per Get up front (the least a read costs), the rest once read.
  const names = gets.map((g) => g.tableName);
  await admitTransaction(
    ctx,
    names,
    names.map(() => 2),
    tables,
    "read",
  );
  const items = await transactGet(ctx, steps, tables);
  const units = new Map<string, number>();
  const responses = items.map((read, i) => {
    const name = gets[i].tableName;
    const cost = transactionalUnits(capacityUnits(read.size, "read"));
    units.set(name, (units.get(name) ?? 0) + cost);
    charge(tables.get(name)!.route, "read", cost - 2);
    if (read.itemJson === undefined) return {};
    const item = JSON.parse(read.itemJson) as Item;
    const projection = gets[i].projection;
    return { Item: projection ? project(item, projection) : item };
  });
  const capacity = [...tables.keys()]
    .map((name) => consumedCapacity(input.ReturnConsumedCapacity, name, units.get(name) ?? 0))
    .filter((c): c is ConsumedCapacity => c !== undefined);
  return { Responses: responses, ...(capacity.length > 0 ? { ConsumedCapacity: capacity } : {}) };
};
