/**
 * UpdateTable's GlobalSecondaryIndexUpdates against a table: every case of
 * docs/issue-15-dynamodb-behaviour.md section 3 that needs the table, and the index lists a valid
 * request leaves.
 */
import { describe, expect, it } from "vitest";
import {
  applyGlobalIndexUpdates,
  checkGlobalIndexUpdates,
  withoutGlobalIndex,
} from "../../../../../shared/api/operations/global-index-updates";
import { type UpdateTableInput, validateUpdateTable } from "../../../../../shared/api/operations/update-table";
import { describe as describeTable, type GlobalIndexMeta, type TableMeta } from "../../../../../shared/api/table";
import { tableMeta, thrown } from "./helpers";

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const CTX = { now: NOW, region: "us-west-2" };

const def = (AttributeName: string, AttributeType: "S" | "N" | "B" = "S") => ({ AttributeName, AttributeType });
const hash = (AttributeName: string) => ({ AttributeName, KeyType: "HASH" as const });
const range = (AttributeName: string) => ({ AttributeName, KeyType: "RANGE" as const });
const pt = (read: number, write: number) => ({ ReadCapacityUnits: read, WriteCapacityUnits: write });

const gsi = (over: Partial<GlobalIndexMeta> = {}): GlobalIndexMeta => ({
  name: "gsi1",
  keySchema: [hash("b")],
  projection: { type: "ALL" },
  id: "gsi1-id",
  status: "ACTIVE",
  readCapacityUnits: 5,
  writeCapacityUnits: 5,
  decreasesToday: 0,
  ...over,
});

/** The note's base table, ACTIVE: `pk, sk`, PROVISIONED 5/5, `lsi1` on `a`, `gsi1` on `b`. */
const table = (over: Partial<TableMeta> = {}): TableMeta =>
  tableMeta(NOW - 86_400_000, {
    keySchema: [hash("pk"), range("sk")],
    attributeDefinitions: [def("pk"), def("sk"), def("a"), def("b")],
    billingMode: "PROVISIONED",
    readCapacityUnits: 5,
    writeCapacityUnits: 5,
    localIndexes: [{ name: "lsi1", keySchema: [hash("pk"), range("a")], projection: { type: "ALL" } }],
    globalIndexes: [gsi()],
    ...over,
  });
const onDemand = (over: Partial<TableMeta> = {}) =>
  table({
    billingMode: "PAY_PER_REQUEST",
    readCapacityUnits: 0,
    writeCapacityUnits: 0,
    globalIndexes: [gsi({ readCapacityUnits: 0, writeCapacityUnits: 0 })],
    ...over,
  });

type Body = Record<string, unknown>;
const create = (over: Body = {}) => ({
  Create: {
    IndexName: "gsi2",
    KeySchema: [hash("g2")],
    Projection: { ProjectionType: "ALL" },
    ProvisionedThroughput: pt(5, 5),
    ...over,
  },
});
const update = (IndexName: string, over: Body = { ProvisionedThroughput: pt(2, 2) }) => ({
  Update: { IndexName, ...over },
});
const remove = (IndexName: string) => ({ Delete: { IndexName } });

/** A request as the router validates it; `AttributeDefinitions: [g2 S]` unless `over` says otherwise. */
const request = (updates: unknown[], over: Body = {}): UpdateTableInput =>
  validateUpdateTable({
    TableName: "abc",
    AttributeDefinitions: [def("g2")],
    GlobalSecondaryIndexUpdates: updates,
    ...over,
  });

const failure = (t: TableMeta, input: UpdateTableInput) => thrown(() => checkGlobalIndexUpdates(t, input, CTX));
const invalid = (message: string) => ({
  type: "ValidationException",
  message: `One or more parameter values were invalid: ${message}`,
});
const inUse = (message: string) => ({
  type: "ResourceInUseException",
  message: `Attempt to change a resource which is still in use: ${message}`,
});
const ids = () => {
  let n = 0;
  return () => `new-id-${++n}`;
};
const apply = (t: TableMeta, input: UpdateTableInput) => {
  checkGlobalIndexUpdates(t, input, CTX);
  return applyGlobalIndexUpdates(t, input, { now: NOW, newId: ids() });
};

describe("UpdateTable GSI Create", () => {
  it("UpdateTable: a Create with only the new attribute defined adds a CREATING index, allocating, and the definition (row 1)", () => {
    const t = table();
    const changes = apply(t, request([create()]));
    const created: GlobalIndexMeta = {
      name: "gsi2",
      keySchema: [hash("g2")],
      projection: { type: "ALL" },
      id: "new-id-1",
      status: "CREATING",
      readCapacityUnits: 5,
      writeCapacityUnits: 5,
      decreasesToday: 0,
      backfilling: false,
    };
    expect(changes).toEqual({
      globalIndexes: [gsi(), created],
      shownGlobalIndexes: [gsi(), created],
      attributeDefinitions: [def("pk"), def("sk"), def("a"), def("b"), def("g2")],
      created,
      tableUpdating: true,
    });
    const shown = describeTable({ ...t, ...changes, globalIndexes: changes.shownGlobalIndexes, status: "UPDATING" });
    expect(shown.GlobalSecondaryIndexes![1]).toEqual({
      IndexName: "gsi2",
      KeySchema: [hash("g2")],
      Projection: { ProjectionType: "ALL" },
      IndexStatus: "CREATING",
      Backfilling: false,
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      IndexSizeBytes: 0,
      ItemCount: 0,
      IndexArn: "arn:aws:dynamodb:us-east-1:000000000000:table/abc/index/gsi2",
    });
  });

  it("UpdateTable: a Create keyed on an attribute the table defines needs only the new one's definition", () => {
    const changes = apply(table(), request([create({ KeySchema: [hash("g2"), range("sk")] })]));
    expect(changes.attributeDefinitions).toEqual([def("pk"), def("sk"), def("a"), def("b"), def("g2")]);
  });

  it("UpdateTable: ignores extra, stale and conflicting definitions that are not the new index's keys (row 4)", () => {
    const input = request([create()], { AttributeDefinitions: [def("zz"), def("pk", "N"), def("g2")] });
    expect(apply(table(), input).attributeDefinitions).toEqual([def("pk"), def("sk"), def("a"), def("b"), def("g2")]);
    const withDelete = request([remove("gsi1")], { AttributeDefinitions: [def("pk", "N")] });
    expect(apply(table(), withDelete).attributeDefinitions).toEqual(table().attributeDefinitions);
  });

  it("UpdateTable: a Create on a PAY_PER_REQUEST table has no capacity", () => {
    const changes = apply(onDemand(), request([create({ ProvisionedThroughput: undefined })]));
    expect(changes.created).toMatchObject({ readCapacityUnits: 0, writeCapacityUnits: 0 });
  });

  it("UpdateTable: a Create beside a switch to PAY_PER_REQUEST follows the new billing mode", () => {
    const input = request([create({ ProvisionedThroughput: undefined })], { BillingMode: "PAY_PER_REQUEST" });
    expect(apply(table(), input).created).toMatchObject({ readCapacityUnits: 0, writeCapacityUnits: 0 });
  });

  it.each<[string, TableMeta, UpdateTableInput, { type: string; message: string }]>([
    [
      "a Create without AttributeDefinitions (row 2)",
      table(),
      request([create()], { AttributeDefinitions: undefined }),
      invalid("AttributeDefinitions is not specified for index: gsi2"),
    ],
    [
      "a Create whose key is in neither the table's nor the given definitions (row 3)",
      table(),
      request([create()], { AttributeDefinitions: [def("zz")] }),
      invalid(
        "Some index key attributes are not defined in AttributeDefinitions. Keys: [g2], AttributeDefinitions: [zz]",
      ),
    ],
    [
      "a Create whose key the request redefines with another type (row 4)",
      table(),
      request([create({ KeySchema: [hash("a")] })], { AttributeDefinitions: [def("a", "N")] }),
      invalid(
        "Some index key attributes are not defined in AttributeDefinitions. Keys: [a], AttributeDefinitions: [a]",
      ),
    ],
    [
      "a Create named like a GSI (row 5)",
      table(),
      request([create({ IndexName: "gsi1" })]),
      { type: "ValidationException", message: "Attempting to create an index which already exists" },
    ],
    [
      "a Create named like an LSI (row 5)",
      table(),
      request([create({ IndexName: "lsi1" })]),
      { type: "ValidationException", message: "Attempting to create an index which already exists" },
    ],
    [
      "a Create without throughput on a PROVISIONED table (row 18)",
      table(),
      request([create({ ProvisionedThroughput: undefined })]),
      invalid("Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: gsi2"),
    ],
    [
      "a Create with throughput on a PAY_PER_REQUEST table (row 19)",
      onDemand(),
      request([create()]),
      invalid(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: gsi2 when BillingMode is PAY_PER_REQUEST",
      ),
    ],
    [
      "a 21st GSI (row 21, LimitExceededException here)",
      table({ globalIndexes: Array.from({ length: 20 }, (_, i) => gsi({ name: `gsi-${i}` })) }),
      request([create()]),
      {
        type: "LimitExceededException",
        message: "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of 20",
      },
    ],
    [
      "a Create while another index is CREATING (row 10)",
      table({ globalIndexes: [gsi(), gsi({ name: "gsi3", status: "CREATING", backfilling: true })] }),
      request([create()]),
      {
        type: "LimitExceededException",
        message: "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
      },
    ],
    [
      "a Create while another index is DELETING (row 10)",
      table({ globalIndexes: [gsi({ status: "DELETING" })] }),
      request([create()]),
      {
        type: "LimitExceededException",
        message: "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
      },
    ],
    [
      "a Create keyed RANGE first",
      table(),
      request([create({ KeySchema: [range("g2")] })]),
      { type: "ValidationException", message: "Invalid KeySchema: The first KeySchemaElement is not a HASH key type" },
    ],
    [
      "a Create with a multi-attribute key",
      table(),
      request([create({ KeySchema: [hash("g2"), hash("b")] })]),
      {
        type: "ValidationException",
        message:
          "Global secondary index keys of more than one HASH or RANGE attribute are not supported by this server yet",
      },
    ],
    [
      "a Create projecting INCLUDE without NonKeyAttributes",
      table(),
      request([create({ Projection: { ProjectionType: "INCLUDE" } })]),
      invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified"),
    ],
    [
      // Wording unverified (docs/issue-15-dynamodb-behaviour.md, section 1.2 row 20).
      "a Create taking the table's projected attributes past 100",
      table({
        globalIndexes: Array.from({ length: 5 }, (_, i) =>
          gsi({
            name: `gsi-${i}`,
            projection: { type: "INCLUDE", nonKeyAttributes: Array.from({ length: 20 }, (_, j) => `x${j}`) },
          }),
        ),
      }),
      request([create({ Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["y"] } })]),
      invalid("Number of projected attributes in all indexes exceeds limit of 100"),
    ],
    [
      "a Create's on-demand bounds on a PROVISIONED table",
      table(),
      request([create({ OnDemandThroughput: { MaxReadRequestUnits: 5 } })]),
      invalid(
        "MaxReadRequestUnits for OnDemandThroughput for index : gsi2 cannot be specified when the table BillingMode is PROVISIONED",
      ),
    ],
    [
      "a Create's capacity above the per-index maximum",
      table(),
      request([create({ ProvisionedThroughput: pt(5, 40001) })]),
      {
        type: "LimitExceededException",
        message:
          "The requested WriteCapacityUnits for index gsi2, 40001, is above the per index maximum for the account in us-west-2. Per table maximum: 40000. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
      },
    ],
  ])("UpdateTable: refuses %s", (_, t, input, error) => {
    expect(failure(t, input)).toEqual(error);
  });
});

describe("UpdateTable GSI Delete", () => {
  it("UpdateTable: a Delete turns the index DELETING and the table UPDATING, definitions kept until it is gone", () => {
    const changes = apply(table(), request([remove("gsi1")]));
    expect(changes).toEqual({
      globalIndexes: [gsi({ status: "DELETING" })],
      shownGlobalIndexes: [gsi({ status: "DELETING" })],
      attributeDefinitions: table().attributeDefinitions,
      deleted: gsi({ status: "DELETING" }),
      tableUpdating: true,
    });
  });

  it("UpdateTable: deletes an index being backfilled, and drops its Backfilling (row 22)", () => {
    const backfilling = gsi({ status: "CREATING", backfilling: true });
    const changes = apply(table({ globalIndexes: [backfilling] }), request([remove("gsi1")]));
    expect(changes.deleted).toEqual(gsi({ status: "DELETING" }));
  });

  it("UpdateTable: deletes a GSI of a table under deletion protection (row 26)", () => {
    expect(apply(table({ deletionProtection: true }), request([remove("gsi1")])).deleted?.name).toBe("gsi1");
  });

  it.each<[string, TableMeta, UpdateTableInput, { type: string; message: string }]>([
    [
      "a Delete of an unknown index (row 6)",
      table(),
      request([remove("ghost")]),
      { type: "ResourceNotFoundException", message: "Requested resource not found: Index ghost for table abc" },
    ],
    [
      "a Delete of an unknown index beside a valid Update (row 6)",
      table(),
      request([update("gsi1"), remove("ghost")]),
      { type: "ResourceNotFoundException", message: "Requested resource not found: Index ghost for table abc" },
    ],
    [
      "a Delete of an LSI (row 7)",
      table(),
      request([remove("lsi1")]),
      { type: "ValidationException", message: "Cannot delete an index that is not a GlobalSecondaryIndex: lsi1" },
    ],
    [
      "a Delete while another index is CREATING (row 10)",
      table({ globalIndexes: [gsi(), gsi({ name: "gsi3", status: "CREATING", backfilling: false })] }),
      request([remove("gsi1")]),
      {
        type: "LimitExceededException",
        message: "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
      },
    ],
    [
      "a Delete of an index in resource allocation (row 22)",
      table({ globalIndexes: [gsi({ status: "CREATING", backfilling: false })] }),
      request([remove("gsi1")]),
      inUse(
        "Index creation is in resource allocation phase. Retry deletion during backfilling phase or when the index is active. Table: abc Index: gsi1",
      ),
    ],
    [
      "a Delete of an index being deleted",
      table({ globalIndexes: [gsi({ status: "DELETING" })] }),
      request([remove("gsi1")]),
      inUse("Index is being deleted. Table: abc Index: gsi1"),
    ],
  ])("UpdateTable: refuses %s", (_, t, input, error) => {
    expect(failure(t, input)).toEqual(error);
  });

  it("withoutGlobalIndex: drops the index and the definitions no remaining key uses", () => {
    const t = table({
      attributeDefinitions: [def("pk"), def("sk"), def("a"), def("b"), def("c")],
      globalIndexes: [gsi({ status: "DELETING", keySchema: [hash("c"), range("a")] }), gsi({ name: "gsi2" })],
    });
    expect(withoutGlobalIndex(t, "gsi1")).toEqual({
      ...t,
      attributeDefinitions: [def("pk"), def("sk"), def("a"), def("b")],
      globalIndexes: [gsi({ name: "gsi2" })],
    });
  });
});

describe("UpdateTable GSI Update", () => {
  it("UpdateTable: new throughput is stored at once, the response keeps the old with the index UPDATING (row 16)", () => {
    const changes = apply(table(), request([update("gsi1", { ProvisionedThroughput: pt(7, 5) })]));
    expect(changes.globalIndexes).toEqual([
      gsi({ status: "UPDATING", readCapacityUnits: 7, writeCapacityUnits: 5, lastIncreaseAt: NOW }),
    ]);
    expect(changes.shownGlobalIndexes).toEqual([gsi({ status: "UPDATING", lastIncreaseAt: NOW })]);
    expect(changes.tableUpdating).toBe(false);
    expect(changes).not.toHaveProperty("created");
  });

  it("UpdateTable: a decrease is counted on the index, not the table", () => {
    const changes = apply(table(), request([update("gsi1", { ProvisionedThroughput: pt(5, 1) })]));
    expect(changes.globalIndexes[0]).toMatchObject({ writeCapacityUnits: 1, decreasesToday: 1, lastDecreaseAt: NOW });
    expect(changes.shownGlobalIndexes[0]).toMatchObject({
      writeCapacityUnits: 5,
      decreasesToday: 0,
      lastDecreaseAt: NOW,
    });
  });

  it("UpdateTable: on-demand bounds of a PAY_PER_REQUEST table's GSI are set, and -1 removes one", () => {
    const t = onDemand({
      globalIndexes: [
        gsi({ readCapacityUnits: 0, writeCapacityUnits: 0, onDemandThroughput: { MaxReadRequestUnits: 9 } }),
      ],
    });
    const set = apply(t, request([update("gsi1", { OnDemandThroughput: { MaxWriteRequestUnits: 40 } })]));
    expect(set.globalIndexes[0]).toMatchObject({
      status: "UPDATING",
      onDemandThroughput: { MaxReadRequestUnits: 9, MaxWriteRequestUnits: 40 },
    });
    const cleared = apply(t, request([update("gsi1", { OnDemandThroughput: { MaxReadRequestUnits: -1 } })]));
    expect(cleared.globalIndexes[0]).not.toHaveProperty("onDemandThroughput");
  });

  it.each<[string, TableMeta, UpdateTableInput, { type: string; message: string }]>([
    [
      "an Update of an unknown index (row 6)",
      table(),
      request([update("ghost")]),
      { type: "ResourceNotFoundException", message: "Requested resource not found: Index ghost for table abc" },
    ],
    [
      "an Update of an LSI (row 8)",
      table(),
      request([update("lsi1")]),
      { type: "ValidationException", message: "Cannot update an index that is not a GlobalSecondaryIndex: lsi1" },
    ],
    [
      "an Update with the current throughput (row 15, tail inferred)",
      table({ globalIndexes: [gsi({ readCapacityUnits: 2, writeCapacityUnits: 2 })] }),
      request([update("gsi1", { ProvisionedThroughput: pt(2, 2) })]),
      {
        type: "ValidationException",
        message:
          "The provisioned throughput for the index gsi1 will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for index gsi1: 2. Requested ReadCapacityUnits: 2. Current WriteCapacityUnits provisioned for index gsi1: 2. Requested WriteCapacityUnits: 2. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
      },
    ],
    [
      "an Update of a PAY_PER_REQUEST table's GSI throughput (row 17)",
      onDemand(),
      request([update("gsi1")]),
      invalid(
        "The only Updates for index: gsi1 when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput",
      ),
    ],
    [
      "an Update of an index being deleted (row 23)",
      table({ globalIndexes: [gsi({ status: "DELETING" })] }),
      request([update("gsi1")]),
      inUse("Index is being deleted. Table: abc Index: gsi1"),
    ],
    [
      "an Update of an index being created (not recorded; the DELETING answer's form)",
      table({ globalIndexes: [gsi({ status: "CREATING", backfilling: true })] }),
      request([update("gsi1")]),
      inUse("Index is being created. Table: abc Index: gsi1"),
    ],
    [
      "an Update's on-demand bounds on a PROVISIONED table",
      table(),
      request([update("gsi1", { OnDemandThroughput: { MaxWriteRequestUnits: 5 } })]),
      invalid(
        "MaxWriteRequestUnits for OnDemandThroughput for index : gsi1 cannot be specified when the table BillingMode is PROVISIONED",
      ),
    ],
    [
      "an Update's on-demand bound of 0",
      onDemand(),
      request([update("gsi1", { OnDemandThroughput: { MaxReadRequestUnits: 0 } })]),
      invalid("Requested MaxReadRequestUnits for OnDemandThroughput for index : gsi1 is outside of valid range"),
    ],
    [
      "an Update of an index's warm throughput (not supported yet)",
      onDemand(),
      request([update("gsi1", { WarmThroughput: { ReadUnitsPerSecond: 5 } })]),
      { type: "ValidationException", message: "WarmThroughput is not supported by this server yet" },
    ],
    [
      "an Update above the per-index maximum",
      table(),
      request([update("gsi1", { ProvisionedThroughput: pt(40001, 5) })]),
      {
        type: "LimitExceededException",
        message:
          "The requested ReadCapacityUnits for index gsi1, 40001, is above the per index maximum for the account in us-west-2. Per table maximum: 40000. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
      },
    ],
  ])("UpdateTable: refuses %s", (_, t, input, error) => {
    expect(failure(t, input)).toEqual(error);
  });

  it("UpdateTable: accepts a change of only one of the two capacities", () => {
    expect(() =>
      checkGlobalIndexUpdates(table(), request([update("gsi1", { ProvisionedThroughput: pt(5, 6) })]), CTX),
    ).not.toThrow();
  });

  it("UpdateTable: refuses a fifth decrease of an index within the hour with the table's decrease message", () => {
    const lastDecrease = NOW - 10 * 60_000;
    const t = table({ globalIndexes: [gsi({ decreasesToday: 4, lastDecreaseAt: lastDecrease })] });
    const error = failure(t, request([update("gsi1", { ProvisionedThroughput: pt(1, 5) })]));
    expect(error.type).toBe("LimitExceededException");
    expect(error.message).toMatch(/^Subscriber limit exceeded: Provisioned throughput decreases are limited/);
    expect(error.message).toContain("Number of decreases today: 4.");
  });
});

describe("UpdateTable GSIs and the table's billing and throughput", () => {
  it("UpdateTable: a switch to PROVISIONED needs every GSI's throughput", () => {
    const t = onDemand({ globalIndexes: [gsi({ name: "index3" }), gsi({ name: "index4" })] });
    const input = validateUpdateTable({
      TableName: "abc",
      BillingMode: "PROVISIONED",
      ProvisionedThroughput: pt(3, 3),
    });
    expect(failure(t, input)).toEqual(invalid("ProvisionedThroughput must be specified for index: index3,index4"));
  });

  it("UpdateTable: a switch to PROVISIONED with each GSI's throughput shows the new capacity at once", () => {
    const t = onDemand({
      globalIndexes: [
        gsi({ readCapacityUnits: 0, writeCapacityUnits: 0, onDemandThroughput: { MaxReadRequestUnits: 9 } }),
      ],
    });
    const input = validateUpdateTable({
      TableName: "abc",
      BillingMode: "PROVISIONED",
      ProvisionedThroughput: pt(3, 3),
      GlobalSecondaryIndexUpdates: [update("gsi1", { ProvisionedThroughput: pt(4, 4) })],
    });
    const changes = apply(t, input);
    const expected = gsi({ status: "UPDATING", readCapacityUnits: 4, writeCapacityUnits: 4 });
    expect(changes.globalIndexes).toEqual([expected]);
    expect(changes.shownGlobalIndexes).toEqual([expected]);
  });

  it("UpdateTable: a switch to PAY_PER_REQUEST takes every GSI to 0 and 0, a decrease shown later", () => {
    const t = table({ globalIndexes: [gsi(), gsi({ name: "gsi2" })] });
    const input = validateUpdateTable({ TableName: "abc", BillingMode: "PAY_PER_REQUEST" });
    const changes = apply(t, input);
    for (const index of changes.globalIndexes) {
      expect(index).toMatchObject({
        status: "UPDATING",
        readCapacityUnits: 0,
        writeCapacityUnits: 0,
        decreasesToday: 1,
        lastDecreaseAt: NOW,
      });
    }
    const shown = describeTable({ ...t, globalIndexes: changes.shownGlobalIndexes }).GlobalSecondaryIndexes!;
    for (const index of shown) {
      expect(index.IndexStatus).toBe("UPDATING");
      expect(index.ProvisionedThroughput).toEqual({
        NumberOfDecreasesToday: 0,
        ReadCapacityUnits: 0,
        WriteCapacityUnits: 0,
      });
    }
    expect(changes.tableUpdating).toBe(false);
  });

  it.each([
    ["throughput", { ProvisionedThroughput: pt(6, 6) }],
    ["billing mode", { BillingMode: "PAY_PER_REQUEST" }],
  ])("UpdateTable: refuses a table %s change while an index is DELETING (row 24)", (_, change) => {
    const t = table({ globalIndexes: [gsi({ status: "DELETING" }), gsi({ name: "gsi2" })] });
    const input = validateUpdateTable({ TableName: "abc", ...change });
    expect(failure(t, input)).toEqual(
      inUse("Can't change table IOPS when an index is being deleted. Table: abc Indexes: [gsi1]"),
    );
  });

  it("applyGlobalIndexUpdates: a request that touches no GSI leaves them as they are", () => {
    const t = table();
    const input = validateUpdateTable({ TableName: "abc", ProvisionedThroughput: pt(6, 6) });
    const changes = apply(t, input);
    expect(changes.globalIndexes).toEqual(t.globalIndexes);
    expect(changes.globalIndexes[0]).toBe(t.globalIndexes![0]);
    expect(changes.tableUpdating).toBe(false);
  });
});
