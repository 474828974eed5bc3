/**
 * ListTables.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTables.html
 */
import { type Members, parseRequest } from "../schema";

export interface ListTablesInput {
  ExclusiveStartTableName?: string;
  Limit?: number;
}

const MEMBERS: Members = {
  ExclusiveStartTableName: { type: "string", regex: "[a-zA-Z0-9_.-]+", minLength: 3, maxLength: 255 },
  Limit: { type: "integer", min: 1, max: 100 },
};

export function validateListTables(body: Record<string, unknown>): ListTablesInput {
  return parseRequest<ListTablesInput>(body, MEMBERS);
}
