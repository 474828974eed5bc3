/**
 * DynamoDB's naming rules for tables: 3 to 255 characters of `[a-zA-Z0-9_.-]`, with their
 * messages, and the shapes of the members that name a table. Where and how a request's table
 * name is checked against the rules (./shape.ts `TableNameRule`) is the checker's (./schema.ts).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
 */
import { LIMITS } from "./limits";
import type { Shape } from "./shape";

export const TABLE_NAME_PATTERN = "[a-zA-Z0-9_.-]+";
const TABLE_NAME_REGEX = new RegExp(`^${TABLE_NAME_PATTERN}$`);

/** What the 2017.11.29 global table operations answer a name of the wrong length with ("global-table"). */
export const GLOBAL_TABLE_NAME_LENGTH = `TableName must be at least ${LIMITS.tableNameMin} characters long and at most ${LIMITS.tableNameMax} characters long`;

export const tableNameLengthOk = (text: string) =>
  text.length >= LIMITS.tableNameMin && text.length <= LIMITS.tableNameMax;

/** Whether `text` follows DynamoDB's naming rules for tables: 3 to 255 characters of `[a-zA-Z0-9_.-]`. */
export function isTableName(text: string): boolean {
  return tableNameLengthOk(text) && TABLE_NAME_REGEX.test(text);
}

/** The constraints table name `value` breaks, in DynamoDB's order: length, then pattern (none when it follows the rules). */
export function tableNameViolations(value: string): string[] {
  const broken: string[] = [];
  if (value.length < LIMITS.tableNameMin) {
    broken.push(`Member must have length greater than or equal to ${LIMITS.tableNameMin}`);
  }
  if (value.length > LIMITS.tableNameMax) {
    broken.push(`Member must have length less than or equal to ${LIMITS.tableNameMax}`);
  }
  if (!TABLE_NAME_REGEX.test(value))
    broken.push(`Member must satisfy regular expression pattern: ${TABLE_NAME_PATTERN}`);
  return broken;
}

/** The TableName of control-plane operations (CreateTable, DescribeTable, UpdateTable, DeleteTable). */
export const TABLE_NAME: Shape = { type: "string", required: true, tableName: "control-plane" };

/**
 * The TableName of data-plane operations: a table name or ARN of 1 to 1024 characters, as the
 * API reference models it, then the naming rules.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#DDB-PutItem-request-TableName
 */
export const DATA_TABLE_NAME: Shape = {
  type: "string",
  notNull: true,
  minLength: 1,
  maxLength: 1024,
  tableName: "data-plane",
};

/** The GlobalTableName of the global table operations of version 2017.11.29. */
export const GLOBAL_TABLE_NAME: Shape = {
  type: "string",
  required: true,
  tableName: "global-table",
  regex: TABLE_NAME_PATTERN,
};
