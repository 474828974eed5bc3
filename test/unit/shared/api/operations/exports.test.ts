import { describe, expect, it } from "vitest";
import { exportArn, importArn } from "../../../../../shared/api/job-arns";
import {
  type ExportRecord,
  exportDescription,
  exportSummary,
  sameRequest,
  tokenLive,
} from "../../../../../shared/api/operations/export-descriptions";
import {
  checkJobArn,
  validateDescribeExport,
  validateExportTableToPointInTime,
  validateListExports,
} from "../../../../../shared/api/operations/exports";
import { decodeListToken, encodeListToken, pageOf } from "../../../../../shared/api/operations/list-tokens";
import { thrown } from "./helpers";

const ACCOUNT = "123456789012";
const TABLE_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Music`;
const validation = (message: string) => ({ type: "ValidationException", message });
const one = (error: string) => validation(`1 validation error detected: ${error}`);
const minimal = { TableArn: TABLE_ARN, S3Bucket: "my-bucket" };

describe("ExportTableToPointInTime: request", () => {
  it("applies the defaults: now, AES256, DYNAMODB_JSON, FULL_EXPORT; times from epoch seconds to ms", () => {
    expect(validateExportTableToPointInTime(minimal)).toEqual({
      request: {
        tableArn: TABLE_ARN,
        s3Bucket: "my-bucket",
        s3SseAlgorithm: "AES256",
        exportFormat: "DYNAMODB_JSON",
        exportType: "FULL_EXPORT",
      },
    });
    expect(
      validateExportTableToPointInTime({ ...minimal, ExportTime: 1_700_000_000.123, ClientToken: "t", S3Prefix: "p" }),
    ).toMatchObject({ request: { exportTime: 1_700_000_000_123, s3Prefix: "p" }, clientToken: "t" });
  });

  it("checks the members' constraints in the model's order", () => {
    expect(thrown(() => validateExportTableToPointInTime({}))).toEqual(
      validation(
        "2 validation errors detected: Value null at 'tableArn' failed to satisfy constraint: Member must not be null; Value null at 's3Bucket' failed to satisfy constraint: Member must not be null",
      ),
    );
    expect(thrown(() => validateExportTableToPointInTime({ ...minimal, S3Bucket: "arn:aws:s3:::bkt" }))).toEqual(
      one(
        "Value 'arn:aws:s3:::bkt' at 's3Bucket' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$",
      ),
    );
    expect(thrown(() => validateExportTableToPointInTime({ ...minimal, S3BucketOwner: "not-an-account" }))).toEqual(
      one(
        "Value 'not-an-account' at 's3BucketOwner' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]{12}",
      ),
    );
    expect(thrown(() => validateExportTableToPointInTime({ ...minimal, S3SseAlgorithm: "aws:kms" }))).toEqual(
      one(
        "Value 'aws:kms' at 's3SseAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [AES256, KMS]",
      ),
    );
    expect(thrown(() => validateExportTableToPointInTime({ ...minimal, ClientToken: "a$b" }))).toEqual(
      one(
        "Value 'a$b' at 'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[^\\$]+$",
      ),
    );
  });

  it("refuses ION and INCREMENTAL_EXPORT as values outside the enum, what this server does not write", () => {
    expect(thrown(() => validateExportTableToPointInTime({ ...minimal, ExportFormat: "ION" }))).toEqual(
      one(
        "Value 'ION' at 'exportFormat' failed to satisfy constraint: Member must satisfy enum value set: [DYNAMODB_JSON]",
      ),
    );
    expect(thrown(() => validateExportTableToPointInTime({ ...minimal, ExportType: "INCREMENTAL_EXPORT" }))).toEqual(
      one(
        "Value 'INCREMENTAL_EXPORT' at 'exportType' failed to satisfy constraint: Member must satisfy enum value set: [FULL_EXPORT]",
      ),
    );
  });

  it("checks the TableArn's form: a bare name is not an ARN, an index's ARN is no table's", () => {
    expect(thrown(() => validateExportTableToPointInTime({ ...minimal, TableArn: "Music" }))).toEqual(
      validation("One or more parameter values were invalid: tableArn is not a valid ARN"),
    );
    expect(thrown(() => validateExportTableToPointInTime({ ...minimal, TableArn: `${TABLE_ARN}/index/g` }))).toEqual(
      validation("Invalid Request: Table ARN is invalid."),
    );
  });

  it("refuses a KMS key without KMS, and an incremental specification with or without a type", () => {
    for (const S3SseAlgorithm of [undefined, "AES256"]) {
      expect(
        thrown(() => validateExportTableToPointInTime({ ...minimal, S3SseAlgorithm, S3SseKmsKeyId: "alias/aws/s3" })),
      ).toEqual(validation("Invalid Request: KMS Key Id is not supported for this encryption type"));
    }
    expect(
      thrown(() =>
        validateExportTableToPointInTime({ ...minimal, IncrementalExportSpecification: { ExportFromTime: 1 } }),
      ),
    ).toEqual(
      validation(
        "Invalid Request: Export Type expected to be Incremental Export when incremental export specification is provided",
      ),
    );
    expect(
      thrown(() =>
        validateExportTableToPointInTime({ ...minimal, ExportType: "FULL_EXPORT", IncrementalExportSpecification: {} }),
      ),
    ).toEqual(
      validation(
        "Invalid Request: When Export Type is Full Export , Incremental Export Specification should not be provided",
      ),
    );
  });
});

describe("DescribeExport and ListExports: requests", () => {
  it("checks the ExportArn's length, and ListExports' MaxResults (1 to 25, 10 by default)", () => {
    expect(thrown(() => validateDescribeExport({ ExportArn: "foo" }))).toEqual(
      one(
        "Value 'foo' at 'exportArn' failed to satisfy constraint: Member must have length greater than or equal to 37",
      ),
    );
    expect(validateListExports({})).toEqual({ limit: 10 });
    expect(thrown(() => validateListExports({ MaxResults: 26 }))).toEqual(
      one("Value '26' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 25"),
    );
  });

  it("checks a job ARN: of its kind (else invalid), of the caller's account (else AccessDenied)", () => {
    const arn = exportArn(TABLE_ARN, "01700000000000-0123abcd");
    expect(checkJobArn(arn, "export", ACCOUNT)).toMatchObject({ region: "us-east-1", tableName: "Music" });
    expect(thrown(() => checkJobArn(arn, "import", ACCOUNT))).toEqual(validation("Invalid Import ARN"));
    expect(thrown(() => checkJobArn(TABLE_ARN, "export", ACCOUNT))).toEqual(validation("Invalid Export ARN"));
    expect(thrown(() => checkJobArn(importArn(TABLE_ARN, "01700000000000-0123abcd"), "export", ACCOUNT))).toEqual(
      validation("Invalid Export ARN"),
    );
    expect(thrown(() => checkJobArn(arn.replace(":dynamodb:", ":s3:"), "export", ACCOUNT))).toEqual(
      validation("Invalid Export ARN"),
    );
    expect(thrown(() => checkJobArn(arn, "export", "210987654321"))).toEqual({
      type: "AccessDeniedException",
      message: "Access is denied",
    });
  });
});

describe("list tokens", () => {
  it("are hex in whole 16-digit groups, at least 112 digits, and name their list", () => {
    const token = encodeListToken("exports", "x");
    expect(token).toMatch(/^([0-9a-f]{16})+$/);
    expect(token.length).toBe(112);
    const arn = exportArn(TABLE_ARN, "01700000000000-0123abc0");
    expect(decodeListToken("exports", encodeListToken("exports", arn))).toBe(arn);
    const other = encodeListToken("imports", arn);
    expect(thrown(() => decodeListToken("exports", other))).toEqual(
      validation(`Invalid Request: Provided nextToken is invalid: ${other}`),
    );
    expect(thrown(() => decodeListToken("exports", "garbage"))).toEqual(
      validation("Invalid Request: Provided nextToken is invalid: garbage"),
    );
  });

  it("page a list after the entry a token names", () => {
    const all = ["e", "d", "c", "b", "a"];
    const first = pageOf(
      "exports",
      all,
      (x) => x,
      2,
      undefined,
      (after, x) => x < after,
    );
    expect(first.page).toEqual(["e", "d"]);
    const second = pageOf(
      "exports",
      all,
      (x) => x,
      2,
      first.next,
      (after, x) => x < after,
    );
    expect(second.page).toEqual(["c", "b"]);
    const last = pageOf(
      "exports",
      all,
      (x) => x,
      2,
      second.next,
      (after, x) => x < after,
    );
    expect(last).toEqual({ page: ["a"] });
    // A token naming an entry no longer listed resumes where the entry would be.
    expect(
      pageOf(
        "exports",
        ["e", "c"],
        (x) => x,
        5,
        first.next,
        (after, x) => x < after,
      ).page,
    ).toEqual(["c"]);
  });
});

describe("export descriptions", () => {
  const record: ExportRecord = {
    arn: exportArn(TABLE_ARN, "01700000000000-0123abcd"),
    id: "01700000000000-0123abcd",
    tableName: "Music",
    tableArn: TABLE_ARN,
    tableId: "12345a12-abcd-123a-ab12-1234abc12345",
    status: "IN_PROGRESS",
    clientToken: "tok",
    request: {
      tableArn: TABLE_ARN,
      s3Bucket: "bkt",
      s3SseAlgorithm: "AES256",
      exportFormat: "DYNAMODB_JSON",
      exportType: "FULL_EXPORT",
    },
    startTime: 1_700_000_000_000,
    exportTime: 1_700_000_000_000,
  };

  it("describes an export in progress without its end, manifest, counts or type", () => {
    expect(exportDescription(record)).toEqual({
      ExportArn: record.arn,
      ExportStatus: "IN_PROGRESS",
      StartTime: 1_700_000_000,
      TableArn: TABLE_ARN,
      TableId: record.tableId,
      ExportTime: 1_700_000_000,
      ClientToken: "tok",
      S3Bucket: "bkt",
      S3SseAlgorithm: "AES256",
      ExportFormat: "DYNAMODB_JSON",
    });
    expect(exportSummary(record)).toEqual({
      ExportArn: record.arn,
      ExportStatus: "IN_PROGRESS",
      ExportType: "FULL_EXPORT",
    });
  });

  it("describes a finished one with them, a failed one with its code and message", () => {
    const done = {
      ...record,
      status: "COMPLETED" as const,
      endTime: 1_700_000_001_500,
      itemCount: 3,
      billedSizeBytes: 99,
      manifest: "m",
    };
    expect(exportDescription(done)).toMatchObject({
      EndTime: 1_700_000_001.5,
      ItemCount: 3,
      BilledSizeBytes: 99,
      ExportManifest: "m",
    });
    const failed = { ...record, status: "FAILED" as const, failure: { code: "S3NoSuchBucket", message: "m" } };
    expect(exportDescription(failed)).toMatchObject({ FailureCode: "S3NoSuchBucket", FailureMessage: "m" });
  });

  it("keeps a token for 8 hours after its job ends, and compares requests whatever their members' order", () => {
    expect(tokenLive({}, 1e15)).toBe(true);
    expect(tokenLive({ endTime: 0 }, 8 * 3_600_000 - 1)).toBe(true);
    expect(tokenLive({ endTime: 0 }, 8 * 3_600_000)).toBe(false);
    expect(sameRequest({ a: 1, b: { c: 2, d: [1] } }, { b: { d: [1], c: 2 }, a: 1 })).toBe(true);
    expect(sameRequest({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});
