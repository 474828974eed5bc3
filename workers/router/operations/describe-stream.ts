import { validateDescribeStream } from "../../../shared/api/streams/operations";
import { sequenceNumber } from "../../../shared/api/streams/records";
import type { Operation } from "../context";
import { findStream, readShard, shardClosed, shardsOf } from "../streams/stream-target";

/**
 * A stream: its status, view type and key schema, and its shards (one per partition), each with
 * the sequence numbers it holds (a closed shard's last one), a page of at most `Limit` (100)
 * after `ExclusiveStartShardId`. Each shard's range comes from its partition's leader.
 * @see https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_DescribeStream.html
 */
export const describeStream: Operation = async (ctx, body) => {
  const input = validateDescribeStream(body);
  const target = await findStream(ctx, input.StreamArn, true);
  const shards = shardsOf(target);
  const start = input.ExclusiveStartShardId;
  const from = start === undefined ? 0 : shards.findIndex((s) => s.id === start) + 1;
  const limit = input.Limit ?? 100;
  const page = shards.slice(from, from + limit);
  const described = await Promise.all(
    page.map(async (shard) => {
      const state = await readShard(ctx, target, shard, { after: 0, limit: 0, bytes: 0 });
      const first = state.range?.first ?? state.applied + 1;
      const closed = shardClosed(target, shard, state);
      return {
        ShardId: shard.id,
        ...(shard.parentId ? { ParentShardId: shard.parentId } : {}),
        SequenceNumberRange: {
          StartingSequenceNumber: sequenceNumber(first),
          ...(closed ? { EndingSequenceNumber: sequenceNumber(state.range?.last ?? first) } : {}),
        },
      };
    }),
  );
  const { stream, route } = target;
  return {
    StreamDescription: {
      StreamArn: target.arn,
      StreamLabel: stream.label,
      StreamStatus: stream.disabledAt === undefined ? "ENABLED" : "DISABLED",
      StreamViewType: stream.viewType,
      CreationRequestDateTime: stream.createdAt / 1000,
      TableName: route.table.name,
      KeySchema: route.table.keySchema,
      Shards: described,
      ...(from + limit < shards.length ? { LastEvaluatedShardId: page[page.length - 1].id } : {}),
    },
  };
};
