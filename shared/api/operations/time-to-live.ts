/**
 * UpdateTimeToLive and DescribeTimeToLive: their request shapes, the checks DynamoDB makes before
 * it looks at the table, and the rules of a change against the table's TTL state
 * (`planTimeToLiveChange`, pure: the metadata object stores what it returns).
 *
 * Request checks (schema.ts), in the service's order:
 *   1. TableName: required, then DynamoDB's naming rules, reported alone, as DescribeTable's;
 *   2. the member constraints in one message: TimeToLiveSpecification not null, then its
 *      Enabled (not null) and AttributeName (not null, 1 to 255 characters), in the model's order.
 * Change rules, content before the window (a rejected request changes nothing):
 *   1. enabling while enabled: "TimeToLive is already enabled" on the same attribute, "… active
 *      on a different AttributeName …" on another;
 *   2. disabling while disabled, whatever the attribute: "TimeToLive is already disabled";
 *      disabling while enabled on another attribute: the different-AttributeName message;
 *   3. a change within the window of the last successful one: "Time to live has been modified
 *      multiple times within a fixed interval".
 * Sources of each wording: docs/dynamodb-messages.md, "Time to Live".
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTimeToLive.html
 */
import { ValidationException } from "../errors";
import { type Members, parseRequest, type Shape } from "../schema";
import { TABLE_NAME } from "../table-names";

export interface TimeToLiveSpecification {
  Enabled: boolean;
  AttributeName: string;
}

export interface UpdateTimeToLiveInput {
  TableName: string;
  TimeToLiveSpecification: TimeToLiveSpecification;
}

export interface DescribeTimeToLiveInput {
  TableName: string;
}

/** Enabled before AttributeName: the API model's order, which the service's messages follow. */
const TIME_TO_LIVE_SPECIFICATION: Shape = {
  type: "struct",
  name: "TimeToLiveSpecification",
  notNull: true,
  members: {
    Enabled: { type: "boolean", notNull: true },
    AttributeName: { type: "string", notNull: true, minLength: 1, maxLength: 255 },
  },
};

const UPDATE_MEMBERS: Members = { TableName: TABLE_NAME, TimeToLiveSpecification: TIME_TO_LIVE_SPECIFICATION };
const DESCRIBE_MEMBERS: Members = { TableName: TABLE_NAME };

export function validateUpdateTimeToLive(body: Record<string, unknown>): {
  input: UpdateTimeToLiveInput;
  tableName: string;
  enabled: boolean;
  attributeName: string;
} {
  const input = parseRequest<UpdateTimeToLiveInput>(body, UPDATE_MEMBERS);
  const { Enabled: enabled, AttributeName: attributeName } = input.TimeToLiveSpecification;
  return { input, tableName: input.TableName, enabled, attributeName };
}

export function validateDescribeTimeToLive(body: Record<string, unknown>): DescribeTimeToLiveInput {
  return parseRequest<DescribeTimeToLiveInput>(body, DESCRIBE_MEMBERS);
}

/**
 * How long after a successful change another is refused: the API reference's hour. The live
 * service was measured letting one through after about 31 minutes (2026-10); we keep the
 * documented figure.
 */
export const TIME_TO_LIVE_WINDOW_MS = 3_600_000;

export interface TimeToLiveState {
  /** The attribute holding each item's expiry (epoch seconds); always set while `enabled`. */
  attributeName?: string;
  enabled: boolean;
  /** epoch ms of the last change */
  changedAt?: number;
}

/**
 * The table's TTL state after enabling or disabling it on `attributeName` at `now`, or the
 * ValidationException DynamoDB answers with. `current` undefined: TTL never configured.
 * At exit: the returned state names the request's attribute (after a disable, the one that was
 * enabled; DescribeTimeToLive no longer shows it) and `changedAt` is `now`.
 */
export function planTimeToLiveChange(
  current: TimeToLiveState | undefined,
  enabled: boolean,
  attributeName: string,
  now: number,
  windowMs: number,
): Required<TimeToLiveState> {
  if (current?.enabled) {
    if (current.attributeName !== attributeName) {
      throw new ValidationException(
        `TimeToLive is active on a different AttributeName: current AttributeName is ${current.attributeName}`,
      );
    }
    if (enabled) throw new ValidationException("TimeToLive is already enabled");
  } else if (!enabled) {
    throw new ValidationException("TimeToLive is already disabled");
  }
  if (current?.changedAt !== undefined && now < current.changedAt + windowMs) {
    throw new ValidationException("Time to live has been modified multiple times within a fixed interval");
  }
  return { attributeName, enabled, changedAt: now };
}

/** UpdateTimeToLive's answer: the specification as applied, Enabled first as the service prints it. */
export function timeToLiveSpecification(enabled: boolean, attributeName: string): TimeToLiveSpecification {
  return { Enabled: enabled, AttributeName: attributeName };
}

export interface TimeToLiveDescription {
  TimeToLiveStatus: "ENABLED" | "DISABLED";
  AttributeName?: string;
}

/**
 * DescribeTimeToLive's TimeToLiveDescription: ENABLED with the attribute, or DISABLED without
 * one, as the service answers once it forgets a disabled attribute. Never ENABLING or DISABLING:
 * the API has them, but the live service already shows the settled status at the first poll after
 * a change (none seen in transition at 1 s polling), as DynamoDB Local always does.
 */
export function timeToLiveDescription(state: TimeToLiveState | undefined): TimeToLiveDescription {
  if (state?.enabled && state.attributeName !== undefined) {
    return { TimeToLiveStatus: "ENABLED", AttributeName: state.attributeName };
  }
  return { TimeToLiveStatus: "DISABLED" };
}
