/**
 * Time to Live of a region's tables: UpdateTimeToLive and DescribeTimeToLive (a table being
 * created takes no change and, being created or deleted, shows none: docs/dynamodb-messages.md,
 * "Time to Live"). The setting lives in the table's catalog entry; a change is decided by DynamoDB's rules
 * (shared/api/operations/time-to-live.ts: one change per window, TTL_CHANGE_WINDOW_MS, an hour by
 * default), recorded, and then sent to every replica of the table, whose leaders delete expired
 * items (workers/replica/ttl-sweeper.ts). A replica out of reach gets it from the alarm's retries.
 */

import { ResourceInUseException, ValidationException } from "../../shared/api/errors";
import {
  planTimeToLiveChange,
  TIME_TO_LIVE_WINDOW_MS,
  type TimeToLiveDescription,
  type TimeToLiveSpecification,
  timeToLiveDescription,
} from "../../shared/api/operations/time-to-live";
import type { TableMeta } from "../../shared/api/table";
import type { Reply } from "../replica/protocol";
import { storeAndReconfigure } from "./activation";
import { attempt, type MetadataHost, notFound } from "./host";

/** The window between two changes of a table's Time to Live: TTL_CHANGE_WINDOW_MS, else DynamoDB's hour. */
const windowOf = (host: MetadataHost) => {
  const text = host.env.TTL_CHANGE_WINDOW_MS;
  const ms = Number(text);
  return text !== undefined && text !== "" && Number.isFinite(ms) && ms >= 0 ? ms : TIME_TO_LIVE_WINDOW_MS;
};

export async function updateTimeToLive(
  host: MetadataHost,
  name: string,
  specification: TimeToLiveSpecification,
  now: number,
): Promise<Reply<{ specification: TimeToLiveSpecification }>> {
  const table = host.catalog.getTable(name);
  if (!table) return { ok: false, error: notFound(name) };
  if (table.status === "CREATING") {
    const message = `Attempt to change a resource which is still in use: Table is being created: ${name}`;
    return { ok: false, error: new ResourceInUseException(message).toWire() };
  }
  let next: TableMeta["timeToLive"];
  const refused = attempt(() => {
    next = planTimeToLiveChange(
      table.timeToLive,
      specification.Enabled,
      specification.AttributeName,
      now,
      windowOf(host),
    );
  });
  if (refused) return refused;
  await storeAndReconfigure(host, { ...table, timeToLive: next });
  return { ok: true, specification };
}

export function describeTimeToLive(host: MetadataHost, name: string): Reply<{ description: TimeToLiveDescription }> {
  const table = host.catalog.getTable(name);
  if (!table) return { ok: false, error: notFound(name) };
  if (table.status === "CREATING" || table.status === "DELETING") {
    const message = `Cannot describe time to live while table is in ${table.status} state`;
    return { ok: false, error: new ValidationException(message).toWire() };
  }
  return { ok: true, description: timeToLiveDescription(table.timeToLive) };
}
