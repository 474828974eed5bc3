/**
 * DynamoDB's throttling answers: which exception a throttle is, its message and its reason
 * (`<Table|Index><Read|Write><limit>`, with the ARN of the table or index throttled).
 * - Provisioned capacity exceeded, or a partition's (key range's) limit on a provisioned table:
 *   ProvisionedThroughputExceededException, the table's or the indexes' message.
 * - A partition's limit on an on-demand table, or its configured maximum: ThrottlingException.
 * - An account's quota: RequestLimitExceeded.
 * Transactions cancel with `ProvisionedThroughputExceeded` (provisioned) or `ThrottlingError`
 * (on demand), with the same messages. Sources: docs/dynamodb-messages.md, "Throttling".
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ThrottlingReason.html
 */
import {
  type DynamoError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
} from "../api/errors";
import type { BillingMode } from "../api/table";

export type ThrottleLimit =
  | "ProvisionedThroughputExceeded"
  | "KeyRangeThroughputExceeded"
  | "AccountLimitExceeded"
  | "MaxOnDemandThroughputExceeded";

/** What was throttled: a table's or an index's reads or writes, and which limit. */
export interface Throttle {
  of: "Table" | "Index";
  operation: "Read" | "Write";
  limit: ThrottleLimit;
}

export const THROTTLE_MESSAGES = {
  provisionedTable:
    "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.",
  provisionedIndex:
    "The level of configured provisioned throughput for one or more global secondary indexes of the table was exceeded. Consider increasing your provisioning level for the under-provisioned global secondary indexes with the UpdateTable API",
  onDemandTable:
    "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html",
  onDemandIndex:
    "Throughput exceeds the current capacity for one or more global secondary indexes. DynamoDB is automatically scaling your index so please try again shortly.",
  maxOnDemand: "Throughput exceeds the maximum OnDemandThroughput configured on table or index",
  account:
    "Throughput exceeds the current throughput limit for your account. To request a limit increase, contact AWS Support at https://aws.amazon.com/support.",
} as const;

/** The reason DynamoDB names a throttle by. */
export const throttleReason = (t: Throttle) => `${t.of}${t.operation}${t.limit}`;

/** The message of a throttle of a table of `billingMode`. */
export function throttleMessage(t: Throttle, billingMode: BillingMode): string {
  if (t.limit === "AccountLimitExceeded") return THROTTLE_MESSAGES.account;
  if (t.limit === "MaxOnDemandThroughputExceeded") return THROTTLE_MESSAGES.maxOnDemand;
  const onDemand = billingMode === "PAY_PER_REQUEST" && t.limit === "KeyRangeThroughputExceeded";
  if (onDemand) return t.of === "Table" ? THROTTLE_MESSAGES.onDemandTable : THROTTLE_MESSAGES.onDemandIndex;
  return t.of === "Table" ? THROTTLE_MESSAGES.provisionedTable : THROTTLE_MESSAGES.provisionedIndex;
}

/** The exception DynamoDB answers a throttle of `resourceArn` (a table's or an index's) with. */
export function throttledError(t: Throttle, billingMode: BillingMode, resourceArn: string): DynamoError {
  const message = throttleMessage(t, billingMode);
  const reasons = [{ reason: throttleReason(t), resource: resourceArn }];
  if (t.limit === "AccountLimitExceeded") return new RequestLimitExceeded(message, reasons);
  const onDemand = t.limit === "MaxOnDemandThroughputExceeded" || billingMode === "PAY_PER_REQUEST";
  if (onDemand && t.limit !== "ProvisionedThroughputExceeded") return new ThrottlingException(message, reasons);
  return new ProvisionedThroughputExceededException(message, reasons);
}

/** The cancellation reason's code of a transaction's action throttled on a table of `billingMode`. */
export const throttledCancellationCode = (billingMode: BillingMode) =>
  billingMode === "PAY_PER_REQUEST" ? "ThrottlingError" : "ProvisionedThroughputExceeded";
