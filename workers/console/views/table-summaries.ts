/**
 * The overview's tables of a region: ListTables (page after page, up to MAX_TABLES), then
 * DescribeTable and DescribeTimeToLive of each, a few tables at a time, through the console's
 * DynamoDB calls (../operations.ts). A table gone between the calls shows its error.
 */

import type { TableDescription } from "../../../shared/api/table";
import type { Env } from "../../env";
import { type Outcome, runOperation } from "../operations";
import { eachTable, tableNames } from "../table-names";

export interface TableSummary {
  name: string;
  /** Why it could not be described. */
  error?: string;
  status?: string;
  itemCount?: number;
  sizeBytes?: number;
  billingMode?: string;
  /** Local and global secondary indexes. */
  indexes?: number;
  /** "off", or the stream's view type. */
  stream?: string;
  /** "ENABLED (attribute)", "DISABLED"…; undefined when it could not be read. */
  ttl?: string;
  /** The other regions of a global table (none: not global). */
  replicas?: string[];
}

/** At most this many tables are described; the overview says how many more there are. */
export const MAX_TABLES = 100;

async function summaryOf(env: Env, region: string, name: string): Promise<TableSummary> {
  const [described, ttl] = await Promise.all([
    runOperation<{ Table: TableDescription }>(env, region, "DescribeTable", { TableName: name }),
    runOperation<{ TimeToLiveDescription: { TimeToLiveStatus: string; AttributeName?: string } }>(
      env,
      region,
      "DescribeTimeToLive",
      { TableName: name },
    ),
  ]);
  if (!described.ok) return { name, error: described.error };
  const t = described.value.Table;
  const spec = t.StreamSpecification;
  const ttlDescription = ttl.ok ? ttl.value.TimeToLiveDescription : undefined;
  return {
    name,
    status: t.TableStatus,
    itemCount: t.ItemCount,
    sizeBytes: t.TableSizeBytes,
    billingMode: t.BillingModeSummary?.BillingMode ?? "PROVISIONED",
    indexes: (t.LocalSecondaryIndexes?.length ?? 0) + (t.GlobalSecondaryIndexes?.length ?? 0),
    stream: spec?.StreamEnabled ? spec.StreamViewType : "off",
    ttl: ttlDescription
      ? `${ttlDescription.TimeToLiveStatus}${ttlDescription.AttributeName ? ` (${ttlDescription.AttributeName})` : ""}`
      : undefined,
    replicas: (t.Replicas ?? []).map((r) => r.RegionName),
  };
}

/** The region's tables (the first MAX_TABLES), each summarized, and how many there are in all. */
export async function tableSummaries(
  env: Env,
  region: string,
): Promise<Outcome<{ tables: TableSummary[]; total: number }>> {
  const names = await tableNames(env, region);
  if (!names.ok) return names;
  const shown = names.value.slice(0, MAX_TABLES);
  const tables = await eachTable(shown, (name) => summaryOf(env, region, name));
  return { ok: true, value: { tables, total: names.value.length } };
}
