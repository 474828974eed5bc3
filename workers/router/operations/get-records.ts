import { TrimmedDataAccessException } from "../../../shared/api/errors";
import { validateGetRecords } from "../../../shared/api/streams/operations";
import {
  checkIteratorAge,
  decodeIterator,
  encodeIterator,
  recordText,
  TRIMMED_MESSAGE,
} from "../../../shared/api/streams/records";
import type { Operation } from "../context";
import { JsonText } from "../json-text";
import { findShard, findStream, readShard, shardClosed } from "../streams/stream-target";

/** What one GetRecords returns at most: DynamoDB's 1 MB. */
const MAX_BYTES = 1 << 20;

/**
 * The records after an iterator's position, in order, at most `Limit` (1,000) and about 1 MB,
 * with the iterator that reads on; a closed shard read to its end has none. An expired iterator
 * is ExpiredIteratorException, one whose records were trimmed TrimmedDataAccessException.
 * @see https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_GetRecords.html
 */
export const getRecords: Operation = async (ctx, body) => {
  const input = validateGetRecords(body);
  const position = decodeIterator(input.ShardIterator);
  checkIteratorAge(position.issuedAt, ctx.now());
  let target = await findStream(ctx, position.streamArn, false);
  const shard = findShard(target, position.shardId);
  const state = await readShard(ctx, target, shard, {
    after: position.after,
    limit: input.Limit ?? 1000,
    bytes: MAX_BYTES,
  });
  if (position.after < state.horizon) throw new TrimmedDataAccessException(TRIMMED_MESSAGE);
  const { records } = state;
  // A cached route may not know the stream was disabled: the leader that no longer writes it asks again.
  if (records.length === 0 && !state.open && shard.upTo === undefined && target.stream.disabledAt === undefined) {
    target = await findStream(ctx, position.streamArn, true);
  }
  const context = { streamArn: target.arn, shard: shard.id, viewType: target.stream.viewType, region: ctx.region };
  const texts = records.map((record) => recordText(record, context));
  const last = records.at(-1)?.lsn;
  const closed = last === undefined && shardClosed(target, shard, state) && position.after >= (state.range?.last ?? 0);
  const next = closed
    ? ""
    : `,"NextShardIterator":${JSON.stringify(
        encodeIterator({
          streamArn: target.arn,
          shardId: shard.id,
          after: last ?? Math.max(position.after, state.applied),
          issuedAt: ctx.now(),
        }),
      )}`;
  return new JsonText(`{"Records":[${texts.join(",")}]${next}}`);
};
