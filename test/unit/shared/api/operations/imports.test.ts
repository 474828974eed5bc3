import { describe, expect, it } from "vitest";
import { importArn } from "../../../../../shared/api/job-arns";
import {
  type ImportRecord,
  importDescription,
  importSummary,
} from "../../../../../shared/api/operations/import-descriptions";
import {
  validateDescribeImport,
  validateImportTable,
  validateListImports,
} from "../../../../../shared/api/operations/imports";
import { thrown } from "./helpers";

const validation = (message: string) => ({ type: "ValidationException", message });
const one = (error: string) => validation(`1 validation error detected: ${error}`);
const parameters = {
  TableName: "Music",
  BillingMode: "PAY_PER_REQUEST",
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
};
const minimal = {
  S3BucketSource: { S3Bucket: "bkt" },
  InputFormat: "DYNAMODB_JSON",
  TableCreationParameters: parameters,
};

describe("ImportTable: request", () => {
  it("applies the defaults (NONE) and gives the CreateTable its table is made by", () => {
    const { request, createTable, clientToken } = validateImportTable(minimal);
    expect(clientToken).toBeUndefined();
    expect(request).toEqual({
      s3BucketSource: { S3Bucket: "bkt" },
      inputFormat: "DYNAMODB_JSON",
      inputCompressionType: "NONE",
      tableCreationParameters: parameters,
    });
    expect(createTable).toEqual(parameters);
  });

  it("checks the members' constraints in the model's order, TableCreationParameters' nested", () => {
    expect(thrown(() => validateImportTable({}))).toEqual(
      validation(
        "3 validation errors detected: Value null at 's3BucketSource' failed to satisfy constraint: Member must not be null; Value null at 'inputFormat' failed to satisfy constraint: Member must not be null; Value null at 'tableCreationParameters' failed to satisfy constraint: Member must not be null",
      ),
    );
    expect(
      thrown(() =>
        validateImportTable({ ...minimal, InputFormat: "CSV", InputFormatOptions: { Csv: { Delimiter: ";;" } } }),
      ),
    ).toEqual(
      validation(
        "2 validation errors detected: Value ';;' at 'inputFormatOptions.csv.delimiter' failed to satisfy constraint: Member must satisfy regular expression pattern: [,;:|\\t ]; Value ';;' at 'inputFormatOptions.csv.delimiter' failed to satisfy constraint: Member must have length less than or equal to 1",
      ),
    );
    expect(
      thrown(() => validateImportTable({ ...minimal, TableCreationParameters: { ...parameters, TableName: "a!" } })),
    ).toEqual(
      validation(
        "2 validation errors detected: Value 'a!' at 'tableCreationParameters.tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'a!' at 'tableCreationParameters.tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      ),
    );
  });

  it("refuses ION and ZSTD as values outside the enum, what this server does not read", () => {
    expect(thrown(() => validateImportTable({ ...minimal, InputFormat: "ION" }))).toEqual(
      one(
        "Value 'ION' at 'inputFormat' failed to satisfy constraint: Member must satisfy enum value set: [DYNAMODB_JSON, CSV]",
      ),
    );
    expect(thrown(() => validateImportTable({ ...minimal, InputCompressionType: "ZSTD" }))).toEqual(
      one(
        "Value 'ZSTD' at 'inputCompressionType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, GZIP]",
      ),
    );
  });

  it("takes InputFormatOptions with CSV only", () => {
    expect(thrown(() => validateImportTable({ ...minimal, InputFormatOptions: { Csv: { Delimiter: ";" } } }))).toEqual(
      validation("Invalid Request: Unsupported InputFormatOptions for the given input format: DYNAMODB_JSON."),
    );
    const csv = validateImportTable({
      ...minimal,
      InputFormat: "CSV",
      InputFormatOptions: { Csv: { Delimiter: ";", HeaderList: ["pk", "v"] } },
    });
    expect(csv.request.inputFormatOptions).toEqual({ Csv: { Delimiter: ";", HeaderList: ["pk", "v"] } });
  });

  it("checks the table's parameters as CreateTable does, then OnDemandThroughput against PROVISIONED", () => {
    const { BillingMode: _, ...provisioned } = parameters;
    expect(thrown(() => validateImportTable({ ...minimal, TableCreationParameters: provisioned }))).toEqual(
      validation(
        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
      ),
    );
    expect(
      thrown(() =>
        validateImportTable({
          ...minimal,
          TableCreationParameters: {
            ...provisioned,
            ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
            OnDemandThroughput: { MaxWriteRequestUnits: 10 },
          },
        }),
      ),
    ).toEqual(
      validation(
        "One or more parameter values were invalid: MaxWriteRequestUnits for OnDemandThroughput cannot be specified when table BillingMode is PROVISIONED.",
      ),
    );
    expect(
      thrown(() =>
        validateImportTable({
          ...minimal,
          TableCreationParameters: { ...parameters, KeySchema: [{ AttributeName: "other", KeyType: "HASH" }] },
        }),
      ).message,
    ).toContain("Some index key attributes are not defined in AttributeDefinitions");
  });
});

describe("DescribeImport and ListImports: requests", () => {
  it("checks the ImportArn's length, PageSize (1 to 25, 10 by default) and the NextToken's form", () => {
    expect(thrown(() => validateDescribeImport({ ImportArn: "foo" }))).toEqual(
      one(
        "Value 'foo' at 'importArn' failed to satisfy constraint: Member must have length greater than or equal to 37",
      ),
    );
    expect(validateListImports({})).toEqual({ limit: 10 });
    expect(validateListImports({ PageSize: 25, TableArn: "t" })).toEqual({ limit: 25, tableArn: "t" });
    expect(thrown(() => validateListImports({ PageSize: 0 })).message).toContain("greater than or equal to 1");
    expect(thrown(() => validateListImports({ NextToken: "abc" })).message).toContain(
      "Member must have length greater than or equal to 112",
    );
  });
});

describe("import descriptions", () => {
  const TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Music";
  const record: ImportRecord = {
    arn: importArn(TABLE_ARN, "01700000000000-0123abcd"),
    tableName: "Music",
    tableArn: TABLE_ARN,
    tableId: "12345a12-abcd-123a-ab12-1234abc12345",
    status: "COMPLETED",
    clientToken: "tok",
    request: validateImportTable({ ...minimal, S3BucketSource: { S3Bucket: "bkt", S3KeyPrefix: "t1/" } }).request,
    account: "123456789012",
    region: "us-east-1",
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_002_000,
    processedItemCount: 3,
    processedSizeBytes: 120,
    importedItemCount: 3,
    errorCount: 0,
  };

  it("describes an import with the owner, the compression, the parameters as sent and the log group", () => {
    expect(importDescription(record)).toEqual({
      ImportArn: record.arn,
      ImportStatus: "COMPLETED",
      TableArn: TABLE_ARN,
      TableId: record.tableId,
      ClientToken: "tok",
      S3BucketSource: { S3BucketOwner: "123456789012", S3Bucket: "bkt", S3KeyPrefix: "t1/" },
      ErrorCount: 0,
      CloudWatchLogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws-dynamodb/imports:*",
      InputFormat: "DYNAMODB_JSON",
      InputCompressionType: "NONE",
      TableCreationParameters: parameters,
      StartTime: 1_700_000_000,
      EndTime: 1_700_000_002,
      ProcessedSizeBytes: 120,
      ProcessedItemCount: 3,
      ImportedItemCount: 3,
    });
    expect(importSummary(record)).toEqual({
      ImportArn: record.arn,
      ImportStatus: "COMPLETED",
      TableArn: TABLE_ARN,
      S3BucketSource: { S3BucketOwner: "123456789012", S3Bucket: "bkt", S3KeyPrefix: "t1/" },
      CloudWatchLogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws-dynamodb/imports:*",
      InputFormat: "DYNAMODB_JSON",
      StartTime: 1_700_000_000,
      EndTime: 1_700_000_002,
    });
  });
});
