import { validateListStreams } from "../../../shared/api/streams/operations";
import type { Operation } from "../context";

/**
 * The region's readable streams (the enabled ones, and those disabled within the retention),
 * newest first, a page of at most `Limit` (100) after `ExclusiveStartStreamArn`. An unknown
 * TableName lists none, as DynamoDB does.
 * @see https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_ListStreams.html
 */
export const listStreams: Operation = async (ctx, body) => {
  const input = validateListStreams(body);
  const { streams } = await ctx.metadata("listStreams", [input.TableName, ctx.now()]);
  const start = input.ExclusiveStartStreamArn;
  const from = start === undefined ? 0 : streams.findIndex((s) => s.arn === start) + 1;
  const limit = input.Limit ?? 100;
  const page = streams.slice(from, from + limit);
  const more = from + limit < streams.length;
  return {
    Streams: page.map((s) => ({ StreamArn: s.arn, TableName: s.tableName, StreamLabel: s.label })),
    ...(more ? { LastEvaluatedStreamArn: page[page.length - 1].arn } : {}),
  };
};
