import { describe, expect, it } from "vitest";
import { permissionsOf } from "../../../../../workers/router/auth/permissions";

const TABLE = "arn:aws:dynamodb:us-east-1:111111111111:table/music";
const of = (operation: string, body: Record<string, unknown>) =>
  permissionsOf(operation, body, "us-east-1", "111111111111");

describe("permissionsOf: exports and imports", () => {
  it("needs ExportTableToPointInTime on the table its TableArn names, Describe* on the job's ARN", () => {
    expect(of("ExportTableToPointInTime", { TableArn: TABLE, S3Bucket: "b" })).toEqual([
      { action: "dynamodb:ExportTableToPointInTime", resource: TABLE },
    ]);
    expect(of("DescribeExport", { ExportArn: `${TABLE}/export/x` })).toEqual([
      { action: "dynamodb:DescribeExport", resource: `${TABLE}/export/x` },
    ]);
    expect(of("DescribeImport", { ImportArn: `${TABLE}/import/x` })).toEqual([
      { action: "dynamodb:DescribeImport", resource: `${TABLE}/import/x` },
    ]);
  });

  it("needs ImportTable on the table it creates, and the lists on their table or on *", () => {
    expect(of("ImportTable", { TableCreationParameters: { TableName: "music" } })).toEqual([
      { action: "dynamodb:ImportTable", resource: TABLE },
    ]);
    expect(of("ListExports", {})).toEqual([{ action: "dynamodb:ListExports", resource: "*" }]);
    expect(of("ListImports", { TableArn: TABLE })).toEqual([{ action: "dynamodb:ListImports", resource: TABLE }]);
  });

  it("needs nothing for a request whose resource is no string: validation refuses it", () => {
    expect(of("ImportTable", { TableCreationParameters: null })).toEqual([]);
    expect(of("ExportTableToPointInTime", { TableArn: 5 })).toEqual([]);
  });
});
