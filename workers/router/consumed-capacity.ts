/**
 * The ConsumedCapacity member of a response, shaped by ReturnConsumedCapacity: nothing for
 * NONE, the table's total for TOTAL, and the per-table (and, once they exist, per-index)
 * breakdown for INDEXES.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ConsumedCapacity.html
 */

export type ReturnConsumedCapacity = "INDEXES" | "TOTAL" | "NONE";

export interface ConsumedCapacity {
  TableName: string;
  CapacityUnits: number;
  Table?: { CapacityUnits: number };
}

export function consumedCapacity(
  mode: ReturnConsumedCapacity | undefined,
  tableName: string,
  units: number,
): ConsumedCapacity | undefined {
  if (mode === "TOTAL") return { TableName: tableName, CapacityUnits: units };
  if (mode === "INDEXES") return { TableName: tableName, CapacityUnits: units, Table: { CapacityUnits: units } };
  return undefined;
}

/** Adds ConsumedCapacity to a response body when the request asked for it. */
export function withCapacity<T extends Record<string, unknown>>(
  body: T,
  mode: ReturnConsumedCapacity | undefined,
  tableName: string,
  units: number,
): T {
  const capacity = consumedCapacity(mode, tableName, units);
  return capacity ? { ...body, ConsumedCapacity: capacity } : body;
}
