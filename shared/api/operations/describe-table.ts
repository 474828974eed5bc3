/**
 * DescribeTable and DeleteTable: both take just a table name.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html
 */
import { type Members, parseRequest } from "../schema";
import { TABLE_NAME } from "../table-names";

export interface TableNameInput {
  TableName: string;
}

const MEMBERS: Members = { TableName: TABLE_NAME };

export function validateTableNameRequest(body: Record<string, unknown>): TableNameInput {
  return parseRequest<TableNameInput>(body, MEMBERS);
}
