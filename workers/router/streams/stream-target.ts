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

/**
 * A shard of the stream: a partition's part of it. A split closes its parent's shard at the split
 * record, and each child's shard names it as its parent (workers/replica/split.ts); a closed
 * shard's records are read from the partition now holding them (its first child's, or theirs).
 */
export interface Shard {
  id: string;
  /** The partition that serves its records now. */
  partition: Partition;
  /** The shard it continues, when its partition was split from another while the stream existed. */
  parentId?: string;
  /** Its records in the serving partition: after `from` (its own split record), up to `upTo` (a closed parent's). */
  from?: number;
  upTo?: number;
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

/** The stream's shards: those its table's splits closed (oldest first), then its partitions'. */
export function shardsOf(target: StreamTarget): Shard[] {
  const { map } = target.route;
  const { createdAt } = target.stream;
  const splits = map.splits ?? [];
  const current = new Map(map.partitions.map((p) => [p.id, p]));
  const byParent = new Map(splits.map((s) => [s.parent, s]));
  /** The partition holding partition `id`'s records now: itself, or its first child's (recursively). */
  const holder = (id: string): Partition | undefined => {
    for (let at: string | undefined = id; at !== undefined; at = byParent.get(at)?.children[0]) {
      const partition = current.get(at);
      if (partition) return partition;
    }
    return undefined;
  };
  const shard = (id: string, upTo?: number): Shard[] => {
    const partition = holder(id);
    if (!partition) return [];
    // The split that made it: its records start after that split's record.
    const made = splits.find((s) => s.children.includes(id));
    const from = current.get(id)?.parent?.lsn ?? made?.lsn;
    return [
      {
        id: shardId(createdAt, id),
        partition,
        ...(made && made.at >= createdAt ? { parentId: shardId(createdAt, made.parent) } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(upTo !== undefined ? { upTo } : {}),
      },
    ];
  };
  return [
    ...splits.filter((s) => s.at >= createdAt).flatMap((s) => shard(s.parent, s.lsn)),
    ...map.partitions.flatMap((p) => shard(p.id)),
  ];
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
      // A partition split since: the shard is found again in the new map.
      const now = shardsOf({ ...target, route }).find((s) => s.id === shard.id) ?? shard;
      const request = {
        route: { tableId: route.table.id, mapVersion: route.map.version },
        label: target.stream.label,
        ...read,
        ...(now.from !== undefined ? { from: now.from } : {}),
        ...(now.upTo !== undefined ? { upTo: now.upTo } : {}),
      };
      return callLeader(ctx.link, now.partition, "streamRead", [request], true);
    },
    target.route,
  );
}

/**
 * Whether the shard is closed: its partition split (its records end at the split), or its stream
 * disabled and its partition's leader no longer ordering its records.
 */
export const shardClosed = (target: StreamTarget, shard: Shard, state: StreamReadResult) =>
  shard.upTo !== undefined || (target.stream.disabledAt !== undefined && !state.open);
