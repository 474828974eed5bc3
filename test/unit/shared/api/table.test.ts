import { describe, expect, it } from "vitest";
import {
  describeDeleted,
  describe as describeTable,
  findIndex,
  type GlobalIndexMeta,
  indexKeySchemaOf,
  type LocalIndexMeta,
  type TableMeta,
} from "../../../../shared/api/table";
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

const hash = (AttributeName: string) => ({ AttributeName, KeyType: "HASH" as const });
const range = (AttributeName: string) => ({ AttributeName, KeyType: "RANGE" as const });
const ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/abc";

const LSI: LocalIndexMeta = { name: "lsi1", keySchema: [hash("pk"), range("a")], projection: { type: "ALL" } };
const GSI: GlobalIndexMeta = {
  name: "gsi1",
  keySchema: [hash("b")],
  projection: { type: "INCLUDE", nonKeyAttributes: ["zz", "aa", "mm"] },
  id: "gsi-id",
  status: "ACTIVE",
  readCapacityUnits: 5,
  writeCapacityUnits: 5,
  decreasesToday: 0,
};

/** The behaviour note's table (section 2.1): PROVISIONED 5/5, keyed `pk, sk`, one LSI and one GSI. */
function indexed(overrides: Partial<TableMeta> = {}): TableMeta {
  return tableMeta(CREATED, {
    keySchema: [hash("pk"), range("sk")],
    attributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
      { AttributeName: "a", AttributeType: "N" },
      { AttributeName: "b", AttributeType: "B" },
    ],
    billingMode: "PROVISIONED",
    readCapacityUnits: 5,
    writeCapacityUnits: 5,
    localIndexes: [LSI],
    globalIndexes: [GSI],
    ...overrides,
  });
}

describe("describe: secondary indexes", () => {
  it("describe: shows an LSI and a GSI as DescribeTable does, between TableId and DeletionProtectionEnabled", () => {
    const description = describeTable(indexed());
    expect(description.LocalSecondaryIndexes).toEqual([
      {
        IndexName: "lsi1",
        KeySchema: [hash("pk"), range("a")],
        Projection: { ProjectionType: "ALL" },
        IndexSizeBytes: 0,
        ItemCount: 0,
        IndexArn: `${ARN}/index/lsi1`,
      },
    ]);
    expect(description.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: "gsi1",
        KeySchema: [hash("b")],
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["aa", "mm", "zz"] },
        IndexStatus: "ACTIVE",
        ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        IndexSizeBytes: 0,
        ItemCount: 0,
        IndexArn: `${ARN}/index/gsi1`,
      },
    ]);
    const keys = Object.keys(description);
    expect(keys.slice(keys.indexOf("TableId"), keys.indexOf("DeletionProtectionEnabled") + 1)).toEqual([
      "TableId",
      "LocalSecondaryIndexes",
      "GlobalSecondaryIndexes",
      "DeletionProtectionEnabled",
    ]);
  });

  it("describe: an LSI has exactly its six members, a GSI its members in DynamoDB's order", () => {
    const description = describeTable(indexed());
    expect(Object.keys(description.LocalSecondaryIndexes![0])).toEqual([
      "IndexName",
      "KeySchema",
      "Projection",
      "IndexSizeBytes",
      "ItemCount",
      "IndexArn",
    ]);
    const creating = describeTable(
      indexed({
        globalIndexes: [
          { ...GSI, status: "CREATING", backfilling: true, onDemandThroughput: { MaxReadRequestUnits: 9 } },
        ],
      }),
    );
    expect(Object.keys(creating.GlobalSecondaryIndexes![0])).toEqual([
      "IndexName",
      "KeySchema",
      "Projection",
      "IndexStatus",
      "Backfilling",
      "ProvisionedThroughput",
      "IndexSizeBytes",
      "ItemCount",
      "IndexArn",
      "OnDemandThroughput",
    ]);
  });

  it("describe: sorts NonKeyAttributes by name without touching the catalog's order", () => {
    const table = indexed();
    expect(describeTable(table).GlobalSecondaryIndexes![0].Projection.NonKeyAttributes).toEqual(["aa", "mm", "zz"]);
    expect(table.globalIndexes![0].projection.nonKeyAttributes).toEqual(["zz", "aa", "mm"]);
  });

  it("describe: shows Backfilling only on a CREATING GSI that has the flag (one added by UpdateTable)", () => {
    const backfilling = (index: Partial<GlobalIndexMeta>) =>
      describeTable(indexed({ globalIndexes: [{ ...GSI, ...index }] })).GlobalSecondaryIndexes![0].Backfilling;
    expect(backfilling({ status: "CREATING", backfilling: false })).toBe(false);
    expect(backfilling({ status: "CREATING", backfilling: true })).toBe(true);
    expect(backfilling({ status: "CREATING" })).toBeUndefined();
    for (const status of ["ACTIVE", "UPDATING", "DELETING"] as const) {
      expect(backfilling({ status, backfilling: true })).toBeUndefined();
    }
  });

  it("describe: a GSI of an on-demand table shows 0 and 0 with NumberOfDecreasesToday, and its bounds when set", () => {
    const table = indexed({
      billingMode: "PAY_PER_REQUEST",
      readCapacityUnits: 0,
      writeCapacityUnits: 0,
      globalIndexes: [
        { ...GSI, readCapacityUnits: 0, writeCapacityUnits: 0 },
        {
          ...GSI,
          name: "gsi2",
          readCapacityUnits: 0,
          writeCapacityUnits: 0,
          onDemandThroughput: { MaxReadRequestUnits: 50, MaxWriteRequestUnits: 60 },
        },
      ],
    });
    const [plain, bounded] = describeTable(table).GlobalSecondaryIndexes!;
    expect(plain.ProvisionedThroughput).toEqual({
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: 0,
      WriteCapacityUnits: 0,
    });
    expect(plain).not.toHaveProperty("OnDemandThroughput");
    expect(bounded.OnDemandThroughput).toEqual({ MaxReadRequestUnits: 50, MaxWriteRequestUnits: 60 });
  });

  it("describe: a GSI's throughput history is its own", () => {
    const increased = CREATED + 60_000;
    const decreased = CREATED + 120_000;
    const index = { ...GSI, lastIncreaseAt: increased, lastDecreaseAt: decreased, decreasesToday: 2 };
    const description = describeTable(indexed({ globalIndexes: [index] }));
    expect(description.GlobalSecondaryIndexes![0].ProvisionedThroughput).toEqual({
      NumberOfDecreasesToday: 2,
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
      LastIncreaseDateTime: increased / 1000,
      LastDecreaseDateTime: decreased / 1000,
    });
    expect(description.ProvisionedThroughput).toEqual({
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
    });
  });

  it("describe: takes each index's item count and size from the stats, 0 for an index without any", () => {
    const stats = { itemCount: 9, sizeBytes: 900, indexes: new Map([["gsi1", { itemCount: 4, sizeBytes: 120 }]]) };
    const description = describeTable(indexed(), stats);
    expect(description.GlobalSecondaryIndexes![0]).toMatchObject({ ItemCount: 4, IndexSizeBytes: 120 });
    expect(description.LocalSecondaryIndexes![0]).toMatchObject({ ItemCount: 0, IndexSizeBytes: 0 });
    expect(description).toMatchObject({ ItemCount: 9, TableSizeBytes: 900 });
  });

  it("describe: lists indexes in declaration order, and none for a table without (or with empty lists)", () => {
    const two = describeTable(indexed({ globalIndexes: [{ ...GSI, name: "zeta" }, GSI] }));
    expect(two.GlobalSecondaryIndexes!.map((i) => i.IndexName)).toEqual(["zeta", "gsi1"]);
    for (const table of [tableMeta(CREATED), indexed({ localIndexes: [], globalIndexes: [] })]) {
      const description = describeTable(table);
      expect(description).not.toHaveProperty("LocalSecondaryIndexes");
      expect(description).not.toHaveProperty("GlobalSecondaryIndexes");
    }
  });

  it("describeDeleted: leaves out the indexes", () => {
    const deleted = describeDeleted(indexed());
    expect(deleted).not.toHaveProperty("LocalSecondaryIndexes");
    expect(deleted).not.toHaveProperty("GlobalSecondaryIndexes");
  });
});

describe("indexKeySchemaOf and findIndex", () => {
  it("indexKeySchemaOf: types an index's keys by its table's attribute definitions", () => {
    const table = indexed();
    expect(indexKeySchemaOf(table, LSI)).toEqual({ hash: { name: "pk", type: "S" }, range: { name: "a", type: "N" } });
    expect(indexKeySchemaOf(table, GSI)).toEqual({ hash: { name: "b", type: "B" } });
  });

  it("findIndex: finds an index of either kind by name, or nothing", () => {
    const table = indexed();
    expect(findIndex(table, "lsi1")).toEqual({ kind: "local", index: LSI });
    expect(findIndex(table, "gsi1")).toEqual({ kind: "global", index: GSI });
    expect(findIndex(table, "ghost")).toBeUndefined();
    expect(findIndex(tableMeta(CREATED), "gsi1")).toBeUndefined();
  });
});
