/**
 * ListGlobalTables (global tables version 2017.11.29): the request shape. It lists the global
 * tables of the region the request is sent to, in name order; `RegionName` keeps those with a
 * replica in that region.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListGlobalTables.html
 */
import { type Members, parseRequest } from "../schema";

export interface ListGlobalTablesInput {
  ExclusiveStartGlobalTableName?: string;
  Limit?: number;
  RegionName?: string;
}

const MEMBERS: Members = {
  ExclusiveStartGlobalTableName: { type: "string", regex: "[a-zA-Z0-9_.-]+", minLength: 3, maxLength: 255 },
  Limit: { type: "integer", min: 1 },
  RegionName: { type: "string" },
};

/** DynamoDB's page size when the request names no Limit. */
export const DEFAULT_GLOBAL_TABLES_LIMIT = 100;

export function validateListGlobalTables(body: Record<string, unknown>): ListGlobalTablesInput {
  return parseRequest<ListGlobalTablesInput>(body, MEMBERS);
}
