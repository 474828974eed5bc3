/**
 * Every table of the region with its description: ListTables, page after page, then
 * DescribeTable of each (a few at a time). A table gone between the two shows its error.
 */

import type { Env } from "../../env";
import type { Outcome } from "../operations";
import { eachTable, tableNames } from "../table-names";
import { describeTable, type TableDescription } from "./table-description";

export interface TableRow {
  name: string;
  table?: TableDescription;
  /** Why DescribeTable failed, if it did. */
  error?: string;
}

/** The region's tables, each described. */
export async function listTables(env: Env, region: string): Promise<Outcome<TableRow[]>> {
  const names = await tableNames(env, region);
  if (!names.ok) return names;
  const rows = await eachTable(names.value, async (name): Promise<TableRow> => {
    const outcome = await describeTable(env, region, name);
    return outcome.ok ? { name, table: outcome.value } : { name, error: outcome.error };
  });
  return { ok: true, value: rows };
}
