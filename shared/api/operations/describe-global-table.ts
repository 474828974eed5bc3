/**
 * DescribeGlobalTable (global tables version 2017.11.29): the request shape.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeGlobalTable.html
 */
import { type Members, parseRequest } from "../schema";
import { GLOBAL_TABLE_NAME } from "../table-names";

export interface DescribeGlobalTableInput {
  GlobalTableName: string;
}

const MEMBERS: Members = { GlobalTableName: GLOBAL_TABLE_NAME };

export function validateDescribeGlobalTable(body: Record<string, unknown>): DescribeGlobalTableInput {
  return parseRequest<DescribeGlobalTableInput>(body, MEMBERS);
}
