/**
 * The four DynamoDB Streams operations (target prefix `DynamoDBStreams_20120810.`): their request
 * shapes and the checks the service makes before it looks at a stream, plus the parser of a stream
 * ARN. Pure: the router's handlers call these, then look the stream, shard or iterator up.
 *
 * Checks, in the service's order (DynamoDB Local 1.25.1 shows the same order):
 *   1. serialization and member constraints (schema.ts), reported together, in the API model's
 *      member order: required members not null, lengths, Limit's minimum of 1, the iterator type's
 *      enum;
 *   2. the operation's own rules: Limit's maximum (not in the model, so not a member constraint),
 *      SequenceNumber against ShardIteratorType;
 *   3. the stream ARN's form: a malformed one is ValidationException `Invalid StreamArn`, never
 *      ResourceNotFoundException (which DynamoDB Local answers and the live service does not).
 * At exit of every validator: the parsed input satisfies all of the above.
 * Sources of each wording: docs/dynamodb-messages.md, "Streams".
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB_Streams.html
 */
import { ValidationException } from "../errors";
import { type Members, parseRequest, type Shape } from "../schema";
import { isTableName, TABLE_NAME_PATTERN } from "../table-names";

export const SHARD_ITERATOR_TYPES = ["TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"] as const;
export type ShardIteratorType = (typeof SHARD_ITERATOR_TYPES)[number];

export interface ListStreamsInput {
  TableName?: string;
  Limit?: number;
  ExclusiveStartStreamArn?: string;
}

export interface DescribeStreamInput {
  StreamArn: string;
  Limit?: number;
  ExclusiveStartShardId?: string;
}

export interface GetShardIteratorInput {
  StreamArn: string;
  ShardId: string;
  ShardIteratorType: ShardIteratorType;
  SequenceNumber?: string;
}

export interface GetRecordsInput {
  ShardIterator: string;
  Limit?: number;
}

/** The parts of `arn:<partition>:dynamodb:<region>:<account>:table/<table>/stream/<label>`. */
export interface StreamArnParts {
  partition: string;
  region: string;
  account: string;
  tableName: string;
  /** The stream's label: the time it was enabled, as `2026-12-07T07:45:00.000`. */
  label: string;
}

export const INVALID_STREAM_ARN = "Invalid StreamArn";
export const LIST_STREAMS_LIMIT_MAX = 100;
export const DESCRIBE_STREAM_LIMIT_MAX = 100;
export const GET_RECORDS_LIMIT_MAX = 1000;

const invalid = (detail: string) => new ValidationException(`One or more parameter values were invalid: ${detail}`);

// Shapes, members in the API model's order (the order the service reports violations in).

const STREAM_ARN: Shape = { type: "string", notNull: true, minLength: 37, maxLength: 1024 };
const SHARD_ID: Shape = { type: "string", minLength: 28, maxLength: 65 };
const LIMIT: Shape = { type: "integer", min: 1 };

const LIST_STREAMS: Members = {
  TableName: { type: "string", minLength: 3, maxLength: 255, regex: TABLE_NAME_PATTERN, lengthFirst: true },
  Limit: LIMIT,
  ExclusiveStartStreamArn: { type: "string", minLength: 37, maxLength: 1024 },
};

const DESCRIBE_STREAM: Members = { StreamArn: STREAM_ARN, Limit: LIMIT, ExclusiveStartShardId: SHARD_ID };

const GET_SHARD_ITERATOR: Members = {
  StreamArn: STREAM_ARN,
  ShardId: { ...SHARD_ID, notNull: true },
  ShardIteratorType: { type: "string", notNull: true, enum: SHARD_ITERATOR_TYPES },
  SequenceNumber: { type: "string", minLength: 21, maxLength: 40 },
};

const GET_RECORDS: Members = {
  ShardIterator: { type: "string", notNull: true, minLength: 1, maxLength: 2048 },
  Limit: LIMIT,
};

const STREAM_ARN_REGEX = new RegExp(
  `^arn:(aws[a-z-]*):dynamodb:([a-z0-9-]+):(\\d{12}):table/(${TABLE_NAME_PATTERN})/stream/([^/]+)$`,
);

/**
 * The parts of stream ARN `arn`, or undefined when it is not one: a DynamoDB table's stream, its
 * account 12 digits, its table name under the naming rules. The label is not checked further: a
 * well-formed ARN naming no stream is the handler's ResourceNotFoundException.
 */
export function parseStreamArn(arn: string): StreamArnParts | undefined {
  const match = STREAM_ARN_REGEX.exec(arn);
  if (!match || !isTableName(match[4])) return undefined;
  const [, partition, region, account, tableName, label] = match;
  return { partition, region, account, tableName, label };
}

function requireStreamArn(arn: string): void {
  if (!parseStreamArn(arn)) throw new ValidationException(INVALID_STREAM_ARN);
}

export function validateListStreams(body: Record<string, unknown>): ListStreamsInput {
  const input = parseRequest<ListStreamsInput>(body, LIST_STREAMS);
  if (input.Limit !== undefined && input.Limit > LIST_STREAMS_LIMIT_MAX) {
    throw invalid(`Limit cannot be greater than the maximum allowed size: ${LIST_STREAMS_LIMIT_MAX}`);
  }
  if (input.ExclusiveStartStreamArn !== undefined) requireStreamArn(input.ExclusiveStartStreamArn);
  return input;
}

export function validateDescribeStream(body: Record<string, unknown>): DescribeStreamInput {
  const input = parseRequest<DescribeStreamInput>(body, DESCRIBE_STREAM);
  if (input.Limit !== undefined && input.Limit > DESCRIBE_STREAM_LIMIT_MAX) {
    throw invalid(`Limit cannot be greater than the maximum: ${DESCRIBE_STREAM_LIMIT_MAX}`);
  }
  requireStreamArn(input.StreamArn);
  return input;
}

/** Whether iterators of `type` start from a sequence number (and so require one). */
export const takesSequenceNumber = (type: ShardIteratorType) =>
  type === "AT_SEQUENCE_NUMBER" || type === "AFTER_SEQUENCE_NUMBER";

/**
 * GetShardIterator: a SequenceNumber, all digits, exactly when the type is AT_ or
 * AFTER_SEQUENCE_NUMBER.
 */
export function validateGetShardIterator(body: Record<string, unknown>): GetShardIteratorInput {
  const input = parseRequest<GetShardIteratorInput>(body, GET_SHARD_ITERATOR);
  if (takesSequenceNumber(input.ShardIteratorType)) {
    if (input.SequenceNumber === undefined || !/^\d+$/.test(input.SequenceNumber)) {
      throw invalid("Invalid SequenceNumber");
    }
  } else if (input.SequenceNumber !== undefined) {
    throw invalid("SequenceNumber should not be passed for this iterator type");
  }
  requireStreamArn(input.StreamArn);
  return input;
}

/** GetRecords: the iterator's content (its stream, shard, position and age) is the handler's to check. */
export function validateGetRecords(body: Record<string, unknown>): GetRecordsInput {
  const input = parseRequest<GetRecordsInput>(body, GET_RECORDS);
  if (input.Limit !== undefined && input.Limit > GET_RECORDS_LIMIT_MAX) {
    throw invalid(`Limit should be less than or equal to ${GET_RECORDS_LIMIT_MAX}`);
  }
  return input;
}
