import { describe, expect, it } from "vitest";
import { describeDeleted, describe as describeTable } from "../../../../shared/api/table";
import { tableMeta } from "./operations/helpers";

const CREATED = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const STATS = { itemCount: 3, sizeBytes: 120 };

describe("describeDeleted", () => {
  it("describeDeleted: an on-demand table is DELETING with its summary fields, in DynamoDB's order, and no definition", () => {
    const deleted = describeDeleted(tableMeta(CREATED), STATS);
    expect(deleted).toEqual({
      TableName: "abc",
      TableStatus: "DELETING",
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      TableSizeBytes: 120,
      ItemCount: 3,
      TableArn: "arn:aws:dynamodb:us-east-1:000000000000:table/abc",
      TableId: "id-1",
      BillingModeSummary: { BillingMode: "PAY_PER_REQUEST", LastUpdateToPayPerRequestDateTime: CREATED / 1000 },
      DeletionProtectionEnabled: false,
    });
    expect(Object.keys(deleted)).toEqual([
      "TableName",
      "TableStatus",
      "ProvisionedThroughput",
      "TableSizeBytes",
      "ItemCount",
      "TableArn",
      "TableId",
      "BillingModeSummary",
      "DeletionProtectionEnabled",
    ]);
  });

  it("describeDeleted: a provisioned table keeps its throughput history and has no billing summary", () => {
    const increased = CREATED + 60_000;
    const table = tableMeta(CREATED, {
      billingMode: "PROVISIONED",
      readCapacityUnits: 5,
      writeCapacityUnits: 7,
      lastIncreaseAt: increased,
    });
    expect(describeDeleted(table)).toEqual({
      TableName: "abc",
      TableStatus: "DELETING",
      ProvisionedThroughput: {
        NumberOfDecreasesToday: 0,
        ReadCapacityUnits: 5,
        WriteCapacityUnits: 7,
        LastIncreaseDateTime: increased / 1000,
      },
      TableSizeBytes: 0,
      ItemCount: 0,
      TableArn: "arn:aws:dynamodb:us-east-1:000000000000:table/abc",
      TableId: "id-1",
      DeletionProtectionEnabled: false,
    });
  });

  it("describeDeleted: the table class summary stays; a global table's replicas and version go, as its key schema does", () => {
    const table = tableMeta(CREATED, {
      tableClass: "STANDARD_INFREQUENT_ACCESS",
      replicas: [{ region: "eu-west-1", status: "ACTIVE" }],
    });
    const full = describeTable(table);
    expect(full).toMatchObject({ GlobalTableVersion: "2019.11.21", Replicas: [{ RegionName: "eu-west-1" }] });
    const deleted = describeDeleted(table);
    expect(deleted.TableClassSummary).toEqual({ TableClass: "STANDARD_INFREQUENT_ACCESS" });
    for (const field of ["AttributeDefinitions", "KeySchema", "CreationDateTime", "GlobalTableVersion", "Replicas"]) {
      expect(deleted).not.toHaveProperty(field);
    }
  });

  it("describeDeleted: leaves the catalog's table as it was", () => {
    const table = tableMeta(CREATED);
    describeDeleted(table);
    expect(table.status).toBe("ACTIVE");
    expect(describeTable(table).TableStatus).toBe("ACTIVE");
  });
});
