/**
 * The one dispatch point: DynamoDB operation name (from `X-Amz-Target`) → handler.
 */
import type { Operation } from "./context";
import { createTable } from "./operations/create-table";
import { deleteTable } from "./operations/delete-table";
import { describeTable } from "./operations/describe-table";
import { listTables } from "./operations/list-tables";

export const OPERATIONS: Record<string, Operation> = {
  CreateTable: createTable,
  DeleteTable: deleteTable,
  DescribeTable: describeTable,
  ListTables: listTables,
};
