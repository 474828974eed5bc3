/**
 * The one dispatch point: operation name (from `X-Amz-Target`) → handler, for DynamoDB
 * (`DynamoDB_20120810.`) and DynamoDB Streams (`DynamoDBStreams_20120810.`), served on the same
 * endpoint.
 */
import type { Operation } from "./context";
import { batchExecuteStatement } from "./operations/batch-execute-statement";
import { batchGetItem } from "./operations/batch-get-item";
import { batchWriteItem } from "./operations/batch-write-item";
import { createBackup } from "./operations/create-backup";
import { createGlobalTable } from "./operations/create-global-table";
import { createTable } from "./operations/create-table";
import { deleteBackup } from "./operations/delete-backup";
import { deleteItem } from "./operations/delete-item";
import { deleteTable } from "./operations/delete-table";
import { describeBackup } from "./operations/describe-backup";
import { describeContinuousBackups } from "./operations/describe-continuous-backups";
import { describeEndpoints } from "./operations/describe-endpoints";
import { describeExport } from "./operations/describe-export";
import { describeGlobalTable } from "./operations/describe-global-table";
import { describeImport } from "./operations/describe-import";
import { describeLimits } from "./operations/describe-limits";
import { describeStream } from "./operations/describe-stream";
import { describeTable } from "./operations/describe-table";
import { describeTimeToLive } from "./operations/describe-time-to-live";
import { executeStatement } from "./operations/execute-statement";
import { executeTransaction } from "./operations/execute-transaction";
import { exportTableToPointInTime } from "./operations/export-table-to-point-in-time";
import { getItem } from "./operations/get-item";
import { getRecords } from "./operations/get-records";
import { getShardIterator } from "./operations/get-shard-iterator";
import { importTable } from "./operations/import-table";
import { listBackups } from "./operations/list-backups";
import { listExports } from "./operations/list-exports";
import { listGlobalTables } from "./operations/list-global-tables";
import { listImports } from "./operations/list-imports";
import { listStreams } from "./operations/list-streams";
import { listTables } from "./operations/list-tables";
import { listTagsOfResource } from "./operations/list-tags-of-resource";
import { putItem } from "./operations/put-item";
import { query } from "./operations/query";
import { restoreTableFromBackup } from "./operations/restore-table-from-backup";
import { restoreTableToPointInTime } from "./operations/restore-table-to-point-in-time";
import { scan } from "./operations/scan";
import { tagResource } from "./operations/tag-resource";
import { transactGetItems } from "./operations/transact-get-items";
import { transactWriteItems } from "./operations/transact-write-items";
import { untagResource } from "./operations/untag-resource";
import { updateContinuousBackups } from "./operations/update-continuous-backups";
import { updateGlobalTable } from "./operations/update-global-table";
import { updateItem } from "./operations/update-item";
import { updateTable } from "./operations/update-table";
import { updateTimeToLive } from "./operations/update-time-to-live";

export const OPERATIONS: Record<string, Operation> = {
  BatchExecuteStatement: batchExecuteStatement,
  BatchGetItem: batchGetItem,
  BatchWriteItem: batchWriteItem,
  CreateBackup: createBackup,
  CreateGlobalTable: createGlobalTable,
  CreateTable: createTable,
  DeleteBackup: deleteBackup,
  DeleteItem: deleteItem,
  DeleteTable: deleteTable,
  DescribeBackup: describeBackup,
  DescribeContinuousBackups: describeContinuousBackups,
  DescribeEndpoints: describeEndpoints,
  DescribeExport: describeExport,
  DescribeGlobalTable: describeGlobalTable,
  DescribeImport: describeImport,
  DescribeLimits: describeLimits,
  DescribeTable: describeTable,
  DescribeTimeToLive: describeTimeToLive,
  ExecuteStatement: executeStatement,
  ExecuteTransaction: executeTransaction,
  ExportTableToPointInTime: exportTableToPointInTime,
  GetItem: getItem,
  ImportTable: importTable,
  ListBackups: listBackups,
  ListExports: listExports,
  ListGlobalTables: listGlobalTables,
  ListImports: listImports,
  ListTables: listTables,
  ListTagsOfResource: listTagsOfResource,
  PutItem: putItem,
  Query: query,
  RestoreTableFromBackup: restoreTableFromBackup,
  RestoreTableToPointInTime: restoreTableToPointInTime,
  Scan: scan,
  TagResource: tagResource,
  TransactGetItems: transactGetItems,
  TransactWriteItems: transactWriteItems,
  UntagResource: untagResource,
  UpdateContinuousBackups: updateContinuousBackups,
  UpdateGlobalTable: updateGlobalTable,
  UpdateItem: updateItem,
  UpdateTable: updateTable,
  UpdateTimeToLive: updateTimeToLive,
};

export const STREAM_OPERATIONS: Record<string, Operation> = {
  DescribeStream: describeStream,
  GetRecords: getRecords,
  GetShardIterator: getShardIterator,
  ListStreams: listStreams,
};

/** The operations of each target prefix. */
export const TARGETS: Record<string, Record<string, Operation>> = {
  "DynamoDB_20120810.": OPERATIONS,
  "DynamoDBStreams_20120810.": STREAM_OPERATIONS,
};
