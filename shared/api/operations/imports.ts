/**
 * ImportTable, DescribeImport and ListImports: their requests and the checks DynamoDB makes on
 * them before it looks a table or import up. The new table's parameters are checked as CreateTable
 * checks its own (create-table.ts `validateCreateTable`); the answers' shapes are
 * import-descriptions.ts's, the errors export-import-errors.ts's, reading the files
 * shared/export-format's.
 *
 * Request checks, in the service's order:
 *   1. the member constraints (schema.ts), in the API model's member order, TableCreationParameters'
 *      nested (`tableCreationParameters.tableName`). This server reads DYNAMODB_JSON and CSV, plain
 *      or gzipped: InputFormat ION and InputCompressionType ZSTD are refused by the same enum
 *      constraint, as if the model listed only what it reads;
 *   2. InputFormatOptions only with CSV;
 *   3. the table's parameters as CreateTable's (billing mode and throughput, keys, attribute
 *      definitions, the global secondary indexes), then OnDemandThroughput not with PROVISIONED.
 * Left to the handler: the ClientToken, the target table's name, the bucket.
 * Sources of each wording: docs/dynamodb-messages.md, "Export and import".
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ImportTable.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListImports.html
 */
import { type Members, parseRequest, type Shape } from "../schema";
import type { AttributeDefinition, BillingMode, KeySchemaElement, OnDemandThroughput } from "../table";
import { TABLE_NAME_PATTERN } from "../table-names";
import {
  ATTRIBUTE_DEFINITION,
  KEY_SCHEMA_ELEMENT,
  ON_DEMAND_THROUGHPUT,
  PROVISIONED_THROUGHPUT,
  SSE_SPECIFICATION,
} from "./common";
import { type CreateTableInput, validateCreateTable } from "./create-table";
import { onDemandWithProvisioned, unsupportedFormatOptions } from "./export-import-errors";
import {
  CLIENT_TOKEN,
  DEFAULT_PAGE_SIZE,
  type ListJobsRequest,
  S3_BUCKET,
  S3_BUCKET_OWNER,
  S3_PREFIX,
} from "./exports";
import { type GlobalSecondaryIndexInput, globalSecondaryIndexShape } from "./secondary-indexes";

const S3_BUCKET_SOURCE: Shape = {
  type: "struct",
  name: "S3BucketSource",
  notNull: true,
  members: { S3BucketOwner: S3_BUCKET_OWNER, S3Bucket: { ...S3_BUCKET, notNull: true }, S3KeyPrefix: S3_PREFIX },
};

const INPUT_FORMAT_OPTIONS: Shape = {
  type: "struct",
  name: "InputFormatOptions",
  members: {
    Csv: {
      type: "struct",
      name: "CsvOptions",
      members: {
        Delimiter: { type: "string", minLength: 1, maxLength: 1, regex: "[,;:|\\t ]" },
        HeaderList: {
          type: "list",
          minLength: 1,
          maxLength: 255,
          member: { type: "string", minLength: 1, maxLength: 65536, regex: "[\\x20-\\x21\\x23-\\x2B\\x2D-\\x7E]*" },
        },
      },
    },
  },
};

const TABLE_CREATION_PARAMETERS: Shape = {
  type: "struct",
  name: "TableCreationParameters",
  notNull: true,
  members: {
    TableName: { type: "string", notNull: true, minLength: 3, maxLength: 255, regex: TABLE_NAME_PATTERN },
    AttributeDefinitions: { type: "list", notNull: true, member: ATTRIBUTE_DEFINITION },
    KeySchema: { type: "list", notNull: true, minLength: 1, maxLength: 2, member: KEY_SCHEMA_ELEMENT },
    BillingMode: { type: "string", enum: ["PROVISIONED", "PAY_PER_REQUEST"] },
    ProvisionedThroughput: PROVISIONED_THROUGHPUT,
    OnDemandThroughput: ON_DEMAND_THROUGHPUT,
    SSESpecification: SSE_SPECIFICATION,
    GlobalSecondaryIndexes: { type: "list", member: globalSecondaryIndexShape("GlobalSecondaryIndex", true) },
  },
};

const IMPORT_MEMBERS: Members = {
  ClientToken: CLIENT_TOKEN,
  S3BucketSource: S3_BUCKET_SOURCE,
  InputFormat: { type: "string", notNull: true, enum: ["DYNAMODB_JSON", "CSV"] },
  InputFormatOptions: INPUT_FORMAT_OPTIONS,
  InputCompressionType: { type: "string", enum: ["NONE", "GZIP"] },
  TableCreationParameters: TABLE_CREATION_PARAMETERS,
};
const DESCRIBE_MEMBERS: Members = { ImportArn: { type: "string", notNull: true, minLength: 37, maxLength: 1024 } };
const LIST_MEMBERS: Members = {
  TableArn: { type: "string", minLength: 1, maxLength: 1024 },
  PageSize: { type: "integer", min: 1, max: 25 },
  NextToken: { type: "string", minLength: 112, maxLength: 1024, regex: "([0-9a-f]{16})+" },
};

export interface S3BucketSource {
  S3BucketOwner?: string;
  S3Bucket: string;
  S3KeyPrefix?: string;
}

export interface CsvOptions {
  Delimiter?: string;
  HeaderList?: string[];
}

/** TableCreationParameters as sent: DescribeImport echoes them. */
export interface TableCreationParameters {
  TableName: string;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  OnDemandThroughput?: OnDemandThroughput;
  SSESpecification?: { Enabled?: boolean; SSEType?: string; KMSMasterKeyId?: string };
  GlobalSecondaryIndexes?: GlobalSecondaryIndexInput[];
}

export type InputFormat = "DYNAMODB_JSON" | "CSV";
export type InputCompression = "NONE" | "GZIP";

/** An import as requested (defaults applied), and the CreateTable its table is made by. */
export interface ImportRequest {
  s3BucketSource: S3BucketSource;
  inputFormat: InputFormat;
  inputFormatOptions?: { Csv?: CsvOptions };
  inputCompressionType: InputCompression;
  tableCreationParameters: TableCreationParameters;
}

export function validateImportTable(body: Record<string, unknown>): {
  request: ImportRequest;
  clientToken?: string;
  createTable: CreateTableInput;
} {
  const input = parseRequest<{
    ClientToken?: string;
    S3BucketSource: S3BucketSource;
    InputFormat: InputFormat;
    InputFormatOptions?: { Csv?: CsvOptions };
    InputCompressionType?: InputCompression;
    TableCreationParameters: TableCreationParameters;
  }>(body, IMPORT_MEMBERS);
  if (input.InputFormatOptions !== undefined && input.InputFormat !== "CSV") {
    throw unsupportedFormatOptions(input.InputFormat);
  }
  const parameters = input.TableCreationParameters;
  const createTable = validateCreateTable({
    TableName: parameters.TableName,
    AttributeDefinitions: parameters.AttributeDefinitions,
    KeySchema: parameters.KeySchema,
    ...(parameters.BillingMode !== undefined && { BillingMode: parameters.BillingMode }),
    ...(parameters.ProvisionedThroughput !== undefined && { ProvisionedThroughput: parameters.ProvisionedThroughput }),
    ...(parameters.GlobalSecondaryIndexes !== undefined && {
      GlobalSecondaryIndexes: parameters.GlobalSecondaryIndexes,
    }),
  });
  const onDemand = parameters.OnDemandThroughput;
  if ((parameters.BillingMode ?? "PROVISIONED") === "PROVISIONED" && onDemand) {
    if (onDemand.MaxWriteRequestUnits !== undefined) throw onDemandWithProvisioned("MaxWriteRequestUnits");
    if (onDemand.MaxReadRequestUnits !== undefined) throw onDemandWithProvisioned("MaxReadRequestUnits");
  }
  const request: ImportRequest = {
    s3BucketSource: input.S3BucketSource,
    inputFormat: input.InputFormat,
    ...(input.InputFormatOptions !== undefined && { inputFormatOptions: input.InputFormatOptions }),
    inputCompressionType: input.InputCompressionType ?? "NONE",
    tableCreationParameters: parameters,
  };
  return { request, createTable, ...(input.ClientToken !== undefined && { clientToken: input.ClientToken }) };
}

export function validateDescribeImport(body: Record<string, unknown>): { importArn: string } {
  return { importArn: parseRequest<{ ImportArn: string }>(body, DESCRIBE_MEMBERS).ImportArn };
}

export function validateListImports(body: Record<string, unknown>): ListJobsRequest {
  const input = parseRequest<{ TableArn?: string; PageSize?: number; NextToken?: string }>(body, LIST_MEMBERS);
  return {
    ...(input.TableArn !== undefined && { tableArn: input.TableArn }),
    limit: input.PageSize ?? DEFAULT_PAGE_SIZE,
    ...(input.NextToken !== undefined && { nextToken: input.NextToken }),
  };
}
