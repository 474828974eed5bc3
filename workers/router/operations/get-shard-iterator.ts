import { TrimmedDataAccessException } from "../../../shared/api/errors";
import { validateGetShardIterator } from "../../../shared/api/streams/operations";
import { encodeIterator, lsnOf, TRIMMED_MESSAGE } from "../../../shared/api/streams/records";
import type { Operation } from "../context";
import { findShard, findStream, readShard } from "../streams/stream-target";

/**
 * An iterator into a shard: from its oldest record kept (TRIM_HORIZON), after its latest
 * (LATEST), at or after a sequence number. A sequence number whose record was trimmed is
 * TrimmedDataAccessException.
 * @see https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_GetShardIterator.html
 */
export const getShardIterator: Operation = async (ctx, body) => {
  const input = validateGetShardIterator(body);
  const target = await findStream(ctx, input.StreamArn, false);
  const shard = findShard(target, input.ShardId);
  const state = await readShard(ctx, target, shard, { after: 0, limit: 0, bytes: 0 });
  let after: number;
  switch (input.ShardIteratorType) {
    case "TRIM_HORIZON":
      after = state.horizon;
      break;
    case "LATEST":
      after = state.applied;
      break;
    case "AT_SEQUENCE_NUMBER":
    case "AFTER_SEQUENCE_NUMBER": {
      const lsn = lsnOf(input.SequenceNumber!);
      after = input.ShardIteratorType === "AT_SEQUENCE_NUMBER" ? lsn - 1 : lsn;
      if (after < state.horizon) throw new TrimmedDataAccessException(TRIMMED_MESSAGE);
      break;
    }
  }
  return {
    ShardIterator: encodeIterator({ streamArn: target.arn, shardId: shard.id, after, issuedAt: ctx.now() }),
  };
};
