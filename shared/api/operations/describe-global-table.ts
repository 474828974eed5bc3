/**
 * DescribeGlobalTable (global tables version 2017.11.29): the request shape.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeGlobalTable.html
 */
import { GLOBAL_TABLE_NAME, type Members, parseRequest } from "../schema";

export interface DescribeGlobalTableInput {
  GlobalTableName: string;
}

const MEMBERS: Members = { GlobalTableName: GLOBAL_TABLE_NAME };

export function validateDescribeGlobalTable(body: Record<string, unknown>): DescribeGlobalTableInput {
  return parseRequest<DescribeGlobalTableInput>(body, MEMBERS);
}
