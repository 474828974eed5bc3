/**
 * The one dispatch point: DynamoDB operation name (from `X-Amz-Target`) → handler.
 */
import type { Operation } from "./context";
import { batchGetItem } from "./operations/batch-get-item";
import { batchWriteItem } from "./operations/batch-write-item";
import { createTable } from "./operations/create-table";
import { deleteItem } from "./operations/delete-item";
import { deleteTable } from "./operations/delete-table";
import { describeEndpoints } from "./operations/describe-endpoints";
import { describeLimits } from "./operations/describe-limits";
import { describeTable } from "./operations/describe-table";
import { getItem } from "./operations/get-item";
import { listTables } from "./operations/list-tables";
import { listTagsOfResource } from "./operations/list-tags-of-resource";
import { putItem } from "./operations/put-item";
import { query } from "./operations/query";
import { scan } from "./operations/scan";
import { tagResource } from "./operations/tag-resource";
import { untagResource } from "./operations/untag-resource";
import { updateItem } from "./operations/update-item";
import { updateTable } from "./operations/update-table";

export const OPERATIONS: Record<string, Operation> = {
  BatchGetItem: batchGetItem,
  BatchWriteItem: batchWriteItem,
  CreateTable: createTable,
  DeleteItem: deleteItem,
  DeleteTable: deleteTable,
  DescribeEndpoints: describeEndpoints,
  DescribeLimits: describeLimits,
  DescribeTable: describeTable,
  GetItem: getItem,
  ListTables: listTables,
  ListTagsOfResource: listTagsOfResource,
  PutItem: putItem,
  Query: query,
  Scan: scan,
  TagResource: tagResource,
  UntagResource: untagResource,
  UpdateItem: updateItem,
  UpdateTable: updateTable,
};
