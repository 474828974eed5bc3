/**
 * Every table of the region with its description: ListTables, page after page, then
 * DescribeTable of each (a few at a time). A table gone between the two shows its error.
 */

import type { Env } from "../../env";
import type { Outcome } from "../operations";
import { tableNames } from "../table-names";
import { describeTable, type TableDescription } from "./table-description";

export interface TableRow {
  name: string;
  table?: TableDescription;
  /** Why DescribeTable failed, if it did. */
  error?: string;
}

/** How many DescribeTable calls run at once. */
const AT_ONCE = 8;

/** The region's tables, each described. */
export async function listTables(env: Env, region: string): Promise<Outcome<TableRow[]>> {
  const names = await tableNames(env, region);
  if (!names.ok) return names;
  const rows: TableRow[] = [];
  for (let i = 0; i < names.value.length; i += AT_ONCE) {
    const batch = names.value.slice(i, i + AT_ONCE);
    const described = await Promise.all(batch.map((name) => describeTable(env, region, name)));
    described.forEach((outcome, j) => {
      rows.push(outcome.ok ? { name: batch[j], table: outcome.value } : { name: batch[j], error: outcome.error });
    });
  }
  return { ok: true, value: rows };
}
