/**
 * The ConsumedCapacity member of a response, shaped by ReturnConsumedCapacity: nothing for
 * NONE, the table's total for TOTAL, and the breakdown by table and index for INDEXES (an index
 * the request did not touch has no entry, and a kind of index with none is absent).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ConsumedCapacity.html
 */
import { writeUnits } from "../../shared/api/capacity";
import type { WriteResult } from "../replica/protocol";

export type ReturnConsumedCapacity = "INDEXES" | "TOTAL" | "NONE";

type Units = { CapacityUnits: number };

export interface ConsumedCapacity {
  TableName: string;
  CapacityUnits: number;
  Table?: Units;
  LocalSecondaryIndexes?: Record<string, Units>;
  GlobalSecondaryIndexes?: Record<string, Units>;
}

/** Units consumed on the table and on each index touched, by index name. */
export interface CapacityBreakdown {
  table: number;
  local?: ReadonlyMap<string, number>;
  global?: ReadonlyMap<string, number>;
}

/**
 * A write's units: the table's on the larger of the old and new item, and each index's the
 * write touched, as its leader priced them (shared/indexes/write-units.ts).
 */
export function writeCapacity(
  result: Pick<WriteResult, "oldSize" | "newSize" | "indexUnits" | "globalIndexUnits">,
): CapacityBreakdown {
  const byName = (units: Record<string, number> | undefined) => units && new Map(Object.entries(units));
  return {
    table: writeUnits(result.oldSize, result.newSize),
    local: byName(result.indexUnits),
    global: byName(result.globalIndexUnits),
  };
}

/** Adds `b`'s units to `sum`'s (a batch's units on one table). */
export function addCapacity(sum: CapacityBreakdown, b: CapacityBreakdown): CapacityBreakdown {
  const merge = (x?: ReadonlyMap<string, number>, y?: ReadonlyMap<string, number>) => {
    if (!y?.size) return x;
    const merged = new Map(x);
    for (const [name, n] of y) merged.set(name, (merged.get(name) ?? 0) + n);
    return merged;
  };
  return { table: sum.table + b.table, local: merge(sum.local, b.local), global: merge(sum.global, b.global) };
}

const byIndex = (units: ReadonlyMap<string, number> | undefined): Record<string, Units> | undefined =>
  units?.size ? Object.fromEntries([...units].map(([name, n]) => [name, { CapacityUnits: n }])) : undefined;

const total = (b: CapacityBreakdown) =>
  [...(b.local?.values() ?? []), ...(b.global?.values() ?? [])].reduce((sum, n) => sum + n, b.table);

export function consumedCapacity(
  mode: ReturnConsumedCapacity | undefined,
  tableName: string,
  units: number | CapacityBreakdown,
): ConsumedCapacity | undefined {
  const breakdown = typeof units === "number" ? { table: units } : units;
  if (mode === "TOTAL") return { TableName: tableName, CapacityUnits: total(breakdown) };
  if (mode !== "INDEXES") return undefined;
  const capacity: ConsumedCapacity = {
    TableName: tableName,
    CapacityUnits: total(breakdown),
    Table: { CapacityUnits: breakdown.table },
  };
  const local = byIndex(breakdown.local);
  const global = byIndex(breakdown.global);
  if (local) capacity.LocalSecondaryIndexes = local;
  if (global) capacity.GlobalSecondaryIndexes = global;
  return capacity;
}

/** Adds ConsumedCapacity to a response body when the request asked for it. */
export function withCapacity<T extends Record<string, unknown>>(
  body: T,
  mode: ReturnConsumedCapacity | undefined,
  tableName: string,
  units: number | CapacityBreakdown,
): T {
  const capacity = consumedCapacity(mode, tableName, units);
  return capacity ? { ...body, ConsumedCapacity: capacity } : body;
}
