/**
 * The ConsumedCapacity of a PartiQL call that ran several item operations (the Queries of a
 * SELECT with IN, a batch's statements): their ConsumedCapacity summed per table, with the
 * breakdown by table and index of ReturnConsumedCapacity INDEXES.
 */
import type { ConsumedCapacity } from "../consumed-capacity";

type Units = Record<string, { CapacityUnits: number }>;

function addUnits(a: Units | undefined, b: Units | undefined): Units | undefined {
  if (!a || !b) return a ?? b;
  const sum: Units = { ...a };
  for (const [name, units] of Object.entries(b)) {
    sum[name] = { CapacityUnits: (Object.hasOwn(sum, name) ? sum[name].CapacityUnits : 0) + units.CapacityUnits };
  }
  return sum;
}

/** `a` and `b` (of one table) summed. */
export function addConsumed(
  a: ConsumedCapacity | undefined,
  b: ConsumedCapacity | undefined,
): ConsumedCapacity | undefined {
  if (!a || !b) return a ?? b;
  const table =
    a.Table || b.Table ? { CapacityUnits: (a.Table?.CapacityUnits ?? 0) + (b.Table?.CapacityUnits ?? 0) } : undefined;
  const local = addUnits(a.LocalSecondaryIndexes, b.LocalSecondaryIndexes);
  const global = addUnits(a.GlobalSecondaryIndexes, b.GlobalSecondaryIndexes);
  return {
    TableName: a.TableName,
    CapacityUnits: a.CapacityUnits + b.CapacityUnits,
    ...(table ? { Table: table } : {}),
    ...(local ? { LocalSecondaryIndexes: local } : {}),
    ...(global ? { GlobalSecondaryIndexes: global } : {}),
  };
}

/** Sums ConsumedCapacity per table, in the order tables were first met. */
export class CapacityByTable {
  private readonly tables = new Map<string, ConsumedCapacity>();

  add(capacity: unknown): void {
    if (!capacity || typeof capacity !== "object") return;
    const consumed = capacity as ConsumedCapacity;
    this.tables.set(consumed.TableName, addConsumed(this.tables.get(consumed.TableName), consumed) as ConsumedCapacity);
  }

  /** `{ ConsumedCapacity: [...] }`, or nothing when none was consumed (or none asked for). */
  member(): { ConsumedCapacity?: ConsumedCapacity[] } {
    return this.tables.size > 0 ? { ConsumedCapacity: [...this.tables.values()] } : {};
  }
}
