/**
 * A table as the explorer reads it (DescribeTable): its indexes, and the key attributes of the
 * table and of each index, which pick an item's key and lead the columns of the results.
 */

import type { AttributeValue, Item } from "../../../shared/api/attribute-value";
import { formatNumber, parseNumber } from "../../../shared/api/numbers";
import type { KeySchemaElement, ProjectionDescription, TableDescription } from "../../../shared/api/table";
import type { Env } from "../../env";
import { type Outcome, runOperation } from "../operations";

export type { TableDescription };

/** A secondary index, local or global. */
export interface IndexSummary {
  name: string;
  kind: "local" | "global";
  keySchema: KeySchemaElement[];
  projection: ProjectionDescription;
  /** A global index's own status; a local index has none. */
  status?: string;
}

/** DescribeTable of `name` in `region`. */
export async function describeTable(env: Env, region: string, name: string): Promise<Outcome<TableDescription>> {
  const outcome = await runOperation<{ Table: TableDescription }>(env, region, "DescribeTable", { TableName: name });
  return outcome.ok ? { ok: true, value: outcome.value.Table } : outcome;
}

/** The table's local then global secondary indexes. */
export function indexesOf(table: TableDescription): IndexSummary[] {
  const local = (table.LocalSecondaryIndexes ?? []).map(
    (index): IndexSummary => ({
      name: index.IndexName,
      kind: "local",
      keySchema: index.KeySchema,
      projection: index.Projection,
    }),
  );
  const global = (table.GlobalSecondaryIndexes ?? []).map(
    (index): IndexSummary => ({
      name: index.IndexName,
      kind: "global",
      keySchema: index.KeySchema,
      projection: index.Projection,
      status: index.IndexStatus,
    }),
  );
  return [...local, ...global];
}

/** The key attributes' names, the partition key's first. */
const namesOf = (schema: KeySchemaElement[]) =>
  [...schema].sort((a, b) => (a.KeyType === b.KeyType ? 0 : a.KeyType === "HASH" ? -1 : 1)).map((k) => k.AttributeName);

/** The table's key attribute names (partition key, then sort key). */
export function tableKeyNames(table: TableDescription): string[] {
  return namesOf(table.KeySchema);
}

/** The key attributes results from `indexName` (or the table) are shown by: the index's, then the table's. */
export function resultKeyNames(table: TableDescription, indexName: string | undefined): string[] {
  const index = indexName ? indexesOf(table).find((i) => i.name === indexName) : undefined;
  return [...new Set([...(index ? namesOf(index.keySchema) : []), ...tableKeyNames(table)])];
}

/** The item's primary key: its table key attributes. */
export function keyOf(table: TableDescription, item: Item): Item {
  return Object.fromEntries(
    tableKeyNames(table)
      .filter((name) => Object.hasOwn(item, name))
      .map((name): [string, AttributeValue] => [name, item[name]]),
  );
}

/** A key value compared by what it means: numbers in DynamoDB's form ("1.0" is "1"). */
function keyValueText(value: AttributeValue | undefined): string {
  if (value && "N" in value) {
    try {
      return JSON.stringify({ N: formatNumber(parseNumber(value.N)) });
    } catch {
      // Not a number: compared as written (DynamoDB will refuse it anyway).
    }
  }
  return JSON.stringify(value ?? null);
}

/** Whether two items have the same primary key. */
export function sameKey(table: TableDescription, a: Item, b: Item): boolean {
  const get = (item: Item, name: string) => (Object.hasOwn(item, name) ? item[name] : undefined);
  return tableKeyNames(table).every((name) => keyValueText(get(a, name)) === keyValueText(get(b, name)));
}

/** A new item's starting point: its key attributes, each an empty value of its type. */
export function keyTemplate(table: TableDescription): Item {
  const empty = { S: { S: "" }, N: { N: "0" }, B: { B: "" } };
  return Object.fromEntries(
    tableKeyNames(table).map((name): [string, AttributeValue] => {
      const type = table.AttributeDefinitions.find((d) => d.AttributeName === name)?.AttributeType ?? "S";
      return [name, empty[type]];
    }),
  );
}

/** "pk (S), sk (N)": a key schema with each attribute's type. */
export function keySchemaText(schema: KeySchemaElement[], table: TableDescription): string {
  return namesOf(schema)
    .map((name) => {
      const type = table.AttributeDefinitions.find((d) => d.AttributeName === name)?.AttributeType;
      return type ? `${name} (${type})` : name;
    })
    .join(", ");
}

/** PAY_PER_REQUEST or PROVISIONED (a table created without a billing mode is provisioned). */
export function billingModeOf(table: TableDescription): string {
  return table.BillingModeSummary?.BillingMode ?? "PROVISIONED";
}
