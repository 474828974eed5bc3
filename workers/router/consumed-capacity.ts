/**
 * The ConsumedCapacity member of a response, shaped by ReturnConsumedCapacity: nothing for
 * NONE, the table's total for TOTAL, and the breakdown by table and index for INDEXES (an index
 * the request did not touch has no entry, and a kind of index with none is absent).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ConsumedCapacity.html
 */

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
