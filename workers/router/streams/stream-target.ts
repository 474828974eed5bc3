/**
 * What a DynamoDB Streams request names, found: a stream of one of the caller's tables in this
 * region (its table's route and the stream's entry), one of its shards (a partition), and the
 * records a shard holds, read from the partition's leader (workers/replica/stream-records.ts).
 */
import { AccessDeniedException, ResourceNotFoundException } from "../../../shared/api/errors";
import { parseStreamArn } from "../../../shared/api/streams/operations";
import { shardId } from "../../../shared/api/streams/records";
import { liveStreams, type StreamMeta } from "../../../shared/api/streams/stream-meta";
import type { Partition } from "../../metadata/partition-map";
import type { Route } from "../../metadata/protocol";
import { callLeader } from "../../replica/group-client";
import type { StreamReadResult } from "../../replica/protocol";
import { replicationSettings } from "../../replica/settings";
import type { OperationContext } from "../context";

export interface StreamTarget {
  arn: string;
  route: Route;
  stream: StreamMeta;
}

/** The shard of each partition of the stream, in the partition map's order. */
export interface Shard {
  id: string;
  partition: Partition;
}

const streamNotFound = (arn: string) =>
  new ResourceNotFoundException(`Requested resource not found: Stream: ${arn} not found`);

/**
 * The stream `arn` (well formed) names, readable now. `fresh`: read the table's route from the
 * metadata object rather than the router's cache. ResourceNotFoundException when there is none;
 * AccessDeniedException for another account's.
 */
export async function findStream(ctx: OperationContext, arn: string, fresh: boolean): Promise<StreamTarget> {
  const parts = parseStreamArn(arn);
  if (!parts) throw streamNotFound(arn);
  if (parts.account !== ctx.account) {
    throw new AccessDeniedException(`User is not authorized to access the stream ${arn}`);
  }
  if (parts.region !== ctx.region) throw streamNotFound(arn);
  let route: Route;
  try {
    route = await ctx.routes.get(parts.tableName, fresh);
  } catch (error) {
    if (error instanceof ResourceNotFoundException) throw streamNotFound(arn);
    throw error;
  }
  const retention = replicationSettings(ctx.env).streamRetentionMs;
  const stream = liveStreams(route.table.streams, ctx.now(), retention).find((s) => s.label === parts.label);
  // A cached route may predate the stream, or its disabling.
  if (!stream && !fresh) return findStream(ctx, arn, true);
  if (!stream) throw streamNotFound(arn);
  return { arn, route, stream };
}

export function shardsOf(target: StreamTarget): Shard[] {
  return target.route.map.partitions.map((partition) => ({
    id: shardId(target.stream.createdAt, partition.id),
    partition,
  }));
}

/** The shard `id` of the stream; ResourceNotFoundException when it has none. */
export function findShard(target: StreamTarget, id: string): Shard {
  const shard = shardsOf(target).find((s) => s.id === id);
  if (!shard) throw new ResourceNotFoundException("Requested resource not found: Shard does not exist");
  return shard;
}

/**
 * The records of `shard` after lsn `after` (at most `limit`, about `bytes`), with the shard's
 * state, from its partition's leader; a route gone stale is refreshed and the partition found
 * again by its id.
 */
export function readShard(
  ctx: OperationContext,
  target: StreamTarget,
  shard: Shard,
  read: { after: number; limit: number; bytes: number },
): Promise<StreamReadResult> {
  return ctx.routes.retrying<StreamReadResult>(
    target.route.table.name,
    async (route) => {
      const partition = route.map.partitions.find((p) => p.id === shard.partition.id) ?? shard.partition;
      const request = {
        route: { tableId: route.table.id, mapVersion: route.map.version },
        label: target.stream.label,
        ...read,
      };
      return callLeader(ctx.link, partition, "streamRead", [request], true);
    },
    target.route,
  );
}

/** Whether the shard is closed: its stream disabled, and its partition's leader no longer orders its records. */
export const shardClosed = (target: StreamTarget, state: StreamReadResult) =>
  target.stream.disabledAt !== undefined && !state.open;
