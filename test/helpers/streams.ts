/**
 * What the Streams e2e tests share: a table with a stream, a DynamoDB Streams client for a
 * server, and reading a whole stream (every shard from its oldest record kept to its latest).
 */
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { until } from "./global-tables";
import { TEST_KEY } from "./test-key";

export type ViewType = "KEYS_ONLY" | "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES";

/** Creates through `db` an on-demand table keyed by `pk` with a stream of `viewType`; waits until ACTIVE. At exit: its stream's ARN. */
export async function streamedTable(db: DynamoDBClient, name: string, viewType: ViewType): Promise<string> {
  await db.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
    }),
  );
  const described = await until(
    `${name} is ACTIVE`,
    () => db.send(new DescribeTableCommand({ TableName: name })),
    (d) => d.Table?.TableStatus === "ACTIVE",
  );
  return described.Table!.LatestStreamArn!;
}

/** A Streams client for the server at `endpoint` (in `region`), not retrying: a test sees every error. */
export function streamsClient(endpoint: string, region = "us-east-1"): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({ endpoint, region, credentials: TEST_KEY, maxAttempts: 1 });
}

/** The shard ids of stream `arn`. */
export async function shardIds(streams: DynamoDBStreamsClient, arn: string): Promise<string[]> {
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
  return (StreamDescription?.Shards ?? []).map((s) => s.ShardId!);
}

/** Reads shard `shard` from `iterator` until a read returns no record (or the shard closes). */
export async function drain(streams: DynamoDBStreamsClient, iterator: string | undefined): Promise<_Record[]> {
  const records: _Record[] = [];
  let next = iterator;
  while (next) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: next }));
    records.push(...(page.Records ?? []));
    if (!page.Records?.length) break;
    next = page.NextShardIterator;
  }
  return records;
}

/** Every record stream `arn` keeps, shard by shard (each shard's in order). */
export async function readStream(streams: DynamoDBStreamsClient, arn: string): Promise<_Record[]> {
  const records: _Record[] = [];
  for (const ShardId of await shardIds(streams, arn)) {
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({ StreamArn: arn, ShardId, ShardIteratorType: "TRIM_HORIZON" }),
    );
    records.push(...(await drain(streams, ShardIterator)));
  }
  return records;
}
