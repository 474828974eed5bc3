/**
 * Request shapes and checks shared by several control-plane operations: provisioned throughput
 * and its limits, tags, and table ARNs as the tagging operations read them.
 */
import {
  AccessDeniedException,
  LimitExceededException,
  ResourceNotFoundException,
  ValidationException,
} from "../errors";
import type { Shape } from "../schema";
import type { TableMeta } from "../table";
import { isTableName } from "../table-names";

export interface Tag {
  Key: string;
  Value: string;
}

export interface ProvisionedThroughput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
}

/** Write before read: DynamoDB lists `writeCapacityUnits` first in its constraint messages. */
export const PROVISIONED_THROUGHPUT: Shape = {
  type: "struct",
  name: "ProvisionedThroughput",
  members: {
    WriteCapacityUnits: { type: "long", notNull: true, min: 1 },
    ReadCapacityUnits: { type: "long", notNull: true, min: 1 },
  },
};

export const KEY_SCHEMA_ELEMENT: Shape = {
  type: "struct",
  name: "KeySchemaElement",
  valueStruct: true,
  members: {
    AttributeName: { type: "string", notNull: true, minLength: 1, maxLength: 255 },
    KeyType: { type: "string", notNull: true, enum: ["HASH", "RANGE"] },
  },
};

export const ATTRIBUTE_DEFINITION: Shape = {
  type: "struct",
  name: "AttributeDefinition",
  valueStruct: true,
  members: {
    AttributeName: { type: "string", notNull: true, minLength: 1, maxLength: 255 },
    AttributeType: { type: "string", notNull: true, enum: ["B", "N", "S"] },
  },
};

/** The bounds of on-demand throughput; the service checks their values itself (no member constraints). */
export const ON_DEMAND_THROUGHPUT: Shape = {
  type: "struct",
  name: "OnDemandThroughput",
  members: { MaxReadRequestUnits: { type: "long" }, MaxWriteRequestUnits: { type: "long" } },
};

/** Server-side encryption settings, taken and not modelled (UpdateTable, restores, ImportTable). */
export const SSE_SPECIFICATION: Shape = {
  type: "struct",
  name: "SSESpecification",
  members: {
    Enabled: { type: "boolean" },
    SSEType: { type: "string", enum: ["AES256", "KMS"] },
    KMSMasterKeyId: { type: "string" },
  },
};

/**
 * Tags carry no constraints at the request-shape layer: DynamoDB checks them with its own
 * messages (`validateTags`), for CreateTable and TagResource alike.
 */
export const TAGS: Shape = {
  type: "list",
  member: {
    type: "struct",
    name: "Tag",
    valueStruct: true,
    members: { Key: { type: "string" }, Value: { type: "string" } },
  },
};

export const TAG_KEYS: Shape = { type: "list", notNull: true, member: { type: "string" } };

export const RESOURCE_ARN: Shape = { type: "string", notNull: true, minLength: 1, maxLength: 1283 };

const invalid = (message: string) => new ValidationException(`One or more parameter values were invalid: ${message}`);

/**
 * DynamoDB's default throughput quotas, as DescribeLimits reports them.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#default-limits-throughput-capacity-modes
 */
export const THROUGHPUT_LIMITS = {
  AccountMaxReadCapacityUnits: 80_000,
  AccountMaxWriteCapacityUnits: 80_000,
  TableMaxReadCapacityUnits: 40_000,
  TableMaxWriteCapacityUnits: 40_000,
} as const;

/** Above this, DynamoDB refuses a capacity as out of bounds before looking at any table. */
const CAPACITY_BOUND = 1_000_000_000_000;

export function checkCapacityBounds(throughput: ProvisionedThroughput): void {
  for (const name of ["ReadCapacityUnits", "WriteCapacityUnits"] as const) {
    if (throughput[name] > CAPACITY_BOUND)
      throw new ValidationException(`Given value ${throughput[name]} for ${name} is out of bounds`);
  }
}

const HIGHER_LIMITS =
  "Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.";

/**
 * The per-table and per-account quotas on provisioned capacity (LimitExceededException).
 * `reserved` is what the account's other tables in `region` already provision.
 */
export function checkThroughputQuotas(
  throughput: ProvisionedThroughput,
  region: string,
  reserved: ProvisionedThroughput,
): void {
  for (const [name, max] of [
    ["ReadCapacityUnits", THROUGHPUT_LIMITS.TableMaxReadCapacityUnits],
    ["WriteCapacityUnits", THROUGHPUT_LIMITS.TableMaxWriteCapacityUnits],
  ] as const) {
    if (throughput[name] > max) {
      throw new LimitExceededException(
        `The requested ${name}, ${throughput[name]}, is above the per table maximum for the account in ${region}. Per table maximum: ${max}. ${HIGHER_LIMITS}`,
      );
    }
  }
  for (const [name, max] of [
    ["ReadCapacityUnits", THROUGHPUT_LIMITS.AccountMaxReadCapacityUnits],
    ["WriteCapacityUnits", THROUGHPUT_LIMITS.AccountMaxWriteCapacityUnits],
  ] as const) {
    if (reserved[name] + throughput[name] > max) {
      throw new LimitExceededException(
        `This request would have caused the ${name} limit to be exceeded for the account in ${region}. Current ${name} reserved by the account: ${reserved[name]}. Limit: ${max}. Requested: ${throughput[name]}. ${HIGHER_LIMITS}`,
      );
    }
  }
}

/**
 * The per-index quota on a GSI's provisioned capacity, apart from its table's (not summed with it).
 * The service's message names the per table maximum, as recorded.
 */
export function checkIndexThroughputQuota(index: string, throughput: ProvisionedThroughput, region: string): void {
  for (const [name, max] of [
    ["ReadCapacityUnits", THROUGHPUT_LIMITS.TableMaxReadCapacityUnits],
    ["WriteCapacityUnits", THROUGHPUT_LIMITS.TableMaxWriteCapacityUnits],
  ] as const) {
    if (throughput[name] > max) {
      throw new LimitExceededException(
        `The requested ${name} for index ${index}, ${throughput[name]}, is above the per index maximum for the account in ${region}. Per table maximum: ${max}. ${HIGHER_LIMITS}`,
      );
    }
  }
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utcDay = (ms: number) => Math.floor(ms / DAY);
/** Decreases beyond this many per UTC day must be an hour apart. */
const FREE_DECREASES = 4;

/** The table's decreases so far in `now`'s UTC day: the count resets at 00:00 UTC. */
export function decreasesToday(table: Pick<TableMeta, "decreasesToday" | "lastDecreaseAt">, now: number): number {
  return table.lastDecreaseAt !== undefined && utcDay(table.lastDecreaseAt) === utcDay(now) ? table.decreasesToday : 0;
}

/**
 * `table` as DescribeTable shows it at `now`: its own and its global indexes' decreases counted
 * in `now`'s UTC day (a count from an earlier day shows as 0).
 */
export function asOfDay(table: TableMeta, now: number): TableMeta {
  const globalIndexes = table.globalIndexes?.map((i) => ({ ...i, decreasesToday: decreasesToday(i, now) }));
  return { ...table, decreasesToday: decreasesToday(table, now), ...(globalIndexes ? { globalIndexes } : {}) };
}

/**
 * DynamoDB's decrease budget: 4 decreases per table per UTC day, then one more an hour after the
 * last, until the day ends.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#decrease-in-provisioned-capacity
 */
export function checkDecreaseBudget(table: Pick<TableMeta, "lastDecreaseAt">, today: number, now: number): void {
  if (today < FREE_DECREASES || table.lastDecreaseAt === undefined) return;
  const next = Math.min(table.lastDecreaseAt + HOUR, (utcDay(now) + 1) * DAY);
  if (now >= next) return;
  throw new LimitExceededException(
    `Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. After the first ${FREE_DECREASES} decreases, each subsequent decrease in the same UTC day can be performed at most once every 3600 seconds. Number of decreases today: ${today}. Last decrease at ${longUtcDate(table.lastDecreaseAt)}. Next decrease can be made at ${longUtcDate(next)}`,
  );
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Java's full date style, as DynamoDB prints it: "Friday, October 9, 2026 at 1:21:34 AM Coordinated Universal Time". */
export function longUtcDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  const hour = d.getUTCHours();
  const time = `${hour % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${hour < 12 ? "AM" : "PM"}`;
  return `${WEEKDAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} at ${time} Coordinated Universal Time`;
}

export const MAX_TAGS = 50;
const TOO_MANY_TAGS = "Number of Tags exceed the current limit for the provided ResourceArn";
/** AWS's tag character set: letters, separators and digits of any script, and `_ . : / = + - @`. */
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const codePoints = (text: string) => [...text].length;

function checkTagKey(key: string | undefined): string {
  if (key === undefined || codePoints(key) < 1 || codePoints(key) > 128 || !TAG_CHARS.test(key)) {
    throw new ValidationException(`The Tag Key provided is invalid, Key: ${key ?? "null"}`);
  }
  return key;
}

/**
 * The tag rules of CreateTable and TagResource, in one request.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.html#TaggingRestrictions
 */
export function validateTags(tags: Partial<Tag>[]): void {
  if (tags.length > MAX_TAGS) throw new ValidationException(TOO_MANY_TAGS);
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = checkTagKey(tag.Key);
    if (key.startsWith("aws:")) throw new ValidationException(`Tag Key cannot be prefixed with aws:, Key: ${key}`);
    const value = tag.Value;
    if (value === undefined || codePoints(value) > 256 || !TAG_CHARS.test(value)) {
      throw new ValidationException(`The Tag Value provided is invalid, Value: ${value ?? "null"}`);
    }
    if (seen.has(key))
      throw new ValidationException(`Duplicate Tag Keys provided as input: Duplicate Tag Key found ${key}`);
    seen.add(key);
  }
}

/** The tag-key rules of UntagResource. */
export function validateTagKeys(keys: (string | undefined)[]): void {
  if (keys.length === 0) throw new ValidationException("Atleast one Tag Key needs to be provided as Input.");
  if (keys.length > MAX_TAGS) throw new ValidationException(TOO_MANY_TAGS);
  for (const key of keys) checkTagKey(key);
}

/** Adding `added` to `existing` would leave the table with more tags than allowed. */
export function checkTagCount(existing: readonly string[], added: readonly string[]): void {
  if (new Set([...existing, ...added]).size > MAX_TAGS) throw new ValidationException(TOO_MANY_TAGS);
}

/** The message of a table ARN that names no table the tagging operations know. */
export const arnNotFound = (arn: string) =>
  new ResourceNotFoundException(`Requested resource not found: ResourceArn: ${arn} not found`);

/**
 * The table a tagging operation's ResourceArn names (`arn:aws:dynamodb:<region>:<account>:table/<name>`),
 * checked as DynamoDB checks it before looking the table up.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TagResource.html
 */
export function tableNameFromArn(arn: string, region: string, account: string): string {
  if (!arn.startsWith("arn:")) throw invalid(`ARNs must start with 'arn:': ${arn}`);
  const badArn = () => new ValidationException(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  const [, partition, service, arnRegion, arnAccount, ...rest] = arn.split(":");
  const resource = rest.join(":");
  if (resource === "" || partition !== "aws") throw badArn();
  if (service !== "dynamodb") throw invalid(`Provided Arn is not a DynamoDB resource arn: ${arn}`);
  if (arnRegion !== region) throw badArn();
  // DynamoDB answers a foreign account's ARN with the service's AccessDeniedException.
  if (arnAccount !== account) throw new AccessDeniedException("Access is denied");
  const [type, name, subresource] = resource.split("/");
  if (type !== "table" || name === undefined || !isTableName(name)) throw badArn();
  if (subresource === "stream") throw arnNotFound(arn);
  if (subresource !== undefined)
    throw invalid(`Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${arn}`);
  return name;
}
