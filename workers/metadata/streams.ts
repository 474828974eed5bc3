/**
 * The streams of a region's tables, for ListStreams: every table's streams still readable (the
 * enabled one and those disabled within the retention), newest first, as DynamoDB lists them.
 */
import { liveStreams, streamArn } from "../../shared/api/streams/stream-meta";
import { replicationSettings } from "../replica/settings";
import type { MetadataHost } from "./host";
import type { ListedStream } from "./protocol";

/** The readable streams of table `tableName` (of every table when undefined), newest first. */
export function listStreams(host: MetadataHost, tableName: string | undefined, now: number): ListedStream[] {
  const retention = replicationSettings(host.env).streamRetentionMs;
  const table = tableName === undefined ? undefined : host.catalog.getTable(tableName);
  const tables = tableName === undefined ? host.catalog.allTables() : table ? [table] : [];
  return tables
    .flatMap((t) =>
      liveStreams(t.streams, now, retention).map((s) => ({
        arn: streamArn(t.arn, s.label),
        tableName: t.name,
        label: s.label,
        createdAt: s.createdAt,
      })),
    )
    .sort((a, b) => b.createdAt - a.createdAt || (a.arn < b.arn ? -1 : 1))
    .map(({ createdAt: _, ...stream }) => stream);
}
