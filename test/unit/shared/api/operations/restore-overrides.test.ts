import { describe, expect, it } from "vitest";
import { indexesOf } from "../../../../../shared/api/operations/create-table";
import {
  checkRestoreOverrides,
  type RestoreRequest,
  type RestoreSource,
} from "../../../../../shared/api/operations/restore-overrides";
import type { GlobalIndexMeta, LocalIndexMeta } from "../../../../../shared/api/table";
import { tableMeta, thrown } from "./helpers";

const LSI: LocalIndexMeta = {
  name: "lsi1",
  keySchema: [
    { AttributeName: "pk", KeyType: "HASH" },
    { AttributeName: "lsk", KeyType: "RANGE" },
  ],
  projection: { type: "KEYS_ONLY" },
};
const GSI: GlobalIndexMeta = {
  name: "gsi1",
  id: "gsi-id",
  status: "ACTIVE",
  keySchema: [{ AttributeName: "gk", KeyType: "HASH" }],
  projection: { type: "INCLUDE", nonKeyAttributes: ["b", "a"] },
  readCapacityUnits: 5,
  writeCapacityUnits: 5,
  decreasesToday: 0,
};
const KEY_SCHEMA = [
  { AttributeName: "pk", KeyType: "HASH" as const },
  { AttributeName: "sk", KeyType: "RANGE" as const },
];
const DEFINITIONS = ["pk", "sk", "lsk", "gk"].map((name) => ({ AttributeName: name, AttributeType: "S" as const }));

/** A PROVISIONED 5/5 table with lsi1 (pk, lsk) and gsi1 (gk, INCLUDE a, b) at 5/5. */
const provisioned: RestoreSource = tableMeta(0, {
  keySchema: KEY_SCHEMA,
  attributeDefinitions: DEFINITIONS,
  billingMode: "PROVISIONED",
  readCapacityUnits: 5,
  writeCapacityUnits: 5,
  localIndexes: [LSI],
  globalIndexes: [GSI],
});
/** The same on demand, its GSI at 0/0 with maxima of its own, the table with maxima. */
const onDemand: RestoreSource = {
  ...provisioned,
  billingMode: "PAY_PER_REQUEST",
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  globalIndexes: [
    { ...GSI, readCapacityUnits: 0, writeCapacityUnits: 0, onDemandThroughput: { MaxReadRequestUnits: 9 } },
  ],
  onDemandThroughput: { MaxReadRequestUnits: 100, MaxWriteRequestUnits: 50 },
};

const target = (overrides: Omit<RestoreRequest, "targetTableName"> = {}): RestoreRequest => ({
  targetTableName: "restored",
  ...overrides,
});
const gsiEntry = (overrides: Record<string, unknown> = {}) => ({
  IndexName: "gsi1",
  KeySchema: [{ AttributeName: "gk", KeyType: "HASH" as const }],
  Projection: { ProjectionType: "INCLUDE" as const, NonKeyAttributes: ["a", "b"] },
  ...overrides,
});
const lsiEntry = (overrides: Record<string, unknown> = {}) => ({
  IndexName: "lsi1",
  KeySchema: LSI.keySchema,
  Projection: { ProjectionType: "KEYS_ONLY" as const },
  ...overrides,
});
const pt = (units: number) => ({ ReadCapacityUnits: units, WriteCapacityUnits: units });
const validation = (message: string) => ({ type: "ValidationException", message });

describe("restore overrides: the restored table", () => {
  it("without overrides, is the source: its billing, throughput, indexes and definitions", () => {
    const restored = checkRestoreOverrides(provisioned, target());
    expect(restored).toMatchObject({
      billingMode: "PROVISIONED",
      provisionedThroughput: pt(5),
      attributeDefinitions: DEFINITIONS,
      localSecondaryIndexes: [lsiEntry()],
      globalSecondaryIndexes: [
        gsiEntry({
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["b", "a"] },
          ProvisionedThroughput: pt(5),
        }),
      ],
    });
    expect(restored.createTable).toMatchObject({
      TableName: "restored",
      KeySchema: KEY_SCHEMA,
      BillingMode: "PROVISIONED",
    });
    expect(restored.onDemandThroughput).toBeUndefined();
  });

  it("of an on-demand source, keeps the table's and the GSI's recorded maxima, and no throughput", () => {
    const restored = checkRestoreOverrides(onDemand, target());
    expect(restored.billingMode).toBe("PAY_PER_REQUEST");
    expect(restored.provisionedThroughput).toBeUndefined();
    expect(restored.onDemandThroughput).toEqual({ MaxReadRequestUnits: 100, MaxWriteRequestUnits: 50 });
    expect(restored.globalSecondaryIndexes?.[0]).not.toHaveProperty("ProvisionedThroughput");
    expect(restored.globalSecondaryIndexes?.[0].OnDemandThroughput).toEqual({ MaxReadRequestUnits: 9 });
  });

  it("ProvisionedThroughputOverride is the base table's only: the GSI keeps its recorded throughput", () => {
    const restored = checkRestoreOverrides(provisioned, target({ provisionedThroughputOverride: pt(7) }));
    expect(restored.provisionedThroughput).toEqual(pt(7));
    expect(restored.globalSecondaryIndexes?.[0].ProvisionedThroughput).toEqual(pt(5));
  });

  it("a GSI override entry sets its index's throughput, the table keeps its own", () => {
    const restored = checkRestoreOverrides(
      provisioned,
      target({ globalSecondaryIndexOverride: [gsiEntry({ ProvisionedThroughput: pt(8) })] }),
    );
    expect(restored.globalSecondaryIndexes?.[0].ProvisionedThroughput).toEqual(pt(8));
    expect(restored.provisionedThroughput).toEqual(pt(5));
    expect(restored.localSecondaryIndexes).toHaveLength(1);
  });

  it("BillingModeOverride PAY_PER_REQUEST drops every throughput and takes the on-demand override", () => {
    const restored = checkRestoreOverrides(
      provisioned,
      target({
        billingModeOverride: "PAY_PER_REQUEST",
        onDemandThroughputOverride: { MaxReadRequestUnits: 50, MaxWriteRequestUnits: 50 },
      }),
    );
    expect(restored.billingMode).toBe("PAY_PER_REQUEST");
    expect(restored.provisionedThroughput).toBeUndefined();
    expect(restored.onDemandThroughput).toEqual({ MaxReadRequestUnits: 50, MaxWriteRequestUnits: 50 });
    expect(restored.globalSecondaryIndexes?.[0]).not.toHaveProperty("ProvisionedThroughput");
    expect(restored.createTable.GlobalSecondaryIndexes?.[0].ProvisionedThroughput).toBeUndefined();
  });

  it("an on-demand override replaces the recorded maxima", () => {
    const restored = checkRestoreOverrides(
      onDemand,
      target({ onDemandThroughputOverride: { MaxWriteRequestUnits: 7 } }),
    );
    expect(restored.onDemandThroughput).toEqual({ MaxWriteRequestUnits: 7 });
  });

  it("BillingModeOverride PROVISIONED of an on-demand source takes the throughput override and every GSI entry's", () => {
    const restored = checkRestoreOverrides(
      onDemand,
      target({
        billingModeOverride: "PROVISIONED",
        provisionedThroughputOverride: pt(3),
        globalSecondaryIndexOverride: [gsiEntry({ ProvisionedThroughput: pt(4) })],
      }),
    );
    expect(restored).toMatchObject({ billingMode: "PROVISIONED", provisionedThroughput: pt(3) });
    expect(restored.onDemandThroughput).toBeUndefined();
    expect(restored.globalSecondaryIndexes?.[0]).toEqual(gsiEntry({ ProvisionedThroughput: pt(4) }));
  });

  it("empty override lists drop every index, and the definitions only their keys used", () => {
    const restored = checkRestoreOverrides(
      provisioned,
      target({ globalSecondaryIndexOverride: [], localSecondaryIndexOverride: [] }),
    );
    expect(restored.localSecondaryIndexes).toBeUndefined();
    expect(restored.globalSecondaryIndexes).toBeUndefined();
    expect(restored.attributeDefinitions.map((d) => d.AttributeName)).toEqual(["pk", "sk"]);
    expect(restored.createTable.LocalSecondaryIndexes).toBeUndefined();
    expect(restored.createTable.GlobalSecondaryIndexes).toBeUndefined();
  });

  it("dropping the GSI alone drops its key's definition and keeps the LSI's", () => {
    const restored = checkRestoreOverrides(provisioned, target({ globalSecondaryIndexOverride: [] }));
    expect(restored.attributeDefinitions.map((d) => d.AttributeName)).toEqual(["pk", "sk", "lsk"]);
  });

  it("an index override may rename its index; NonKeyAttributes match in any order", () => {
    const restored = checkRestoreOverrides(
      provisioned,
      target({
        globalSecondaryIndexOverride: [gsiEntry({ IndexName: "gsi-new", ProvisionedThroughput: pt(5) })],
        localSecondaryIndexOverride: [lsiEntry({ IndexName: "lsi-new" })],
      }),
    );
    expect(restored.globalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(["gsi-new"]);
    expect(restored.localSecondaryIndexes?.map((i) => i.IndexName)).toEqual(["lsi-new"]);
  });

  it("is a CreateTable request indexesOf turns into catalog indexes, the GSIs CREATING", () => {
    const { createTable } = checkRestoreOverrides(provisioned, target());
    const indexes = indexesOf(createTable, () => "new-gsi-id");
    expect(indexes.localIndexes?.[0]).toEqual(LSI);
    expect(indexes.globalIndexes?.[0]).toMatchObject({
      name: "gsi1",
      id: "new-gsi-id",
      status: "CREATING",
      readCapacityUnits: 5,
    });
  });
});

describe("restore overrides: what DynamoDB refuses", () => {
  it.each<[string, RestoreSource, Omit<RestoreRequest, "targetTableName">, string]>([
    [
      "a throughput override of an on-demand source",
      onDemand,
      { provisionedThroughputOverride: pt(1) },
      "Cannot override ProvisionedThroughput unless BillingMode is PROVISIONED",
    ],
    [
      "an on-demand override of a provisioned source",
      provisioned,
      { onDemandThroughputOverride: { MaxReadRequestUnits: 5 } },
      "Cannot override MaxReadRequestUnits for OnDemandThroughput unless BillingModeOverride is PAY_PER_REQUEST",
    ],
    [
      "an on-demand write bound of a provisioned source",
      provisioned,
      { onDemandThroughputOverride: { MaxWriteRequestUnits: 5 } },
      "Cannot override MaxWriteRequestUnits for OnDemandThroughput unless BillingModeOverride is PAY_PER_REQUEST",
    ],
    [
      "an on-demand override of 0",
      onDemand,
      { onDemandThroughputOverride: { MaxReadRequestUnits: 0 } },
      "Requested MaxReadRequestUnits for OnDemandThroughput is outside of valid range",
    ],
    [
      "a GSI entry with another key schema",
      provisioned,
      {
        globalSecondaryIndexOverride: [
          gsiEntry({ KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], ProvisionedThroughput: pt(1) }),
        ],
      },
      "Index gsi1 does not match a secondary index that existed in the source table and cannot be created during the restore operation",
    ],
    [
      "a GSI entry with another projection",
      provisioned,
      {
        globalSecondaryIndexOverride: [
          gsiEntry({ IndexName: "gsi-x", Projection: { ProjectionType: "ALL" }, ProvisionedThroughput: pt(1) }),
        ],
      },
      "Index gsi-x does not match a secondary index that existed in the source table and cannot be created during the restore operation",
    ],
    [
      "a GSI entry with other NonKeyAttributes",
      provisioned,
      {
        globalSecondaryIndexOverride: [
          gsiEntry({
            Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["a"] },
            ProvisionedThroughput: pt(1),
          }),
        ],
      },
      "Index gsi1 does not match a secondary index that existed in the source table and cannot be created during the restore operation",
    ],
    [
      "an LSI entry that matches the GSI, not an LSI",
      provisioned,
      { localSecondaryIndexOverride: [gsiEntry({ IndexName: "lsi-x" })] },
      "Index lsi-x does not match a secondary index that existed in the source table and cannot be created during the restore operation",
    ],
    [
      "a GSI entry without throughput on a provisioned restore",
      provisioned,
      { globalSecondaryIndexOverride: [gsiEntry()] },
      "Must specify provisioned throughput for index gsi1",
    ],
    [
      "a GSI kept without throughput when an on-demand source turns PROVISIONED",
      onDemand,
      { billingModeOverride: "PROVISIONED", provisionedThroughputOverride: pt(1) },
      "Must specify provisioned throughput for index gsi1",
    ],
    [
      "a GSI entry's throughput on an on-demand source (CreateTable's words)",
      onDemand,
      { globalSecondaryIndexOverride: [gsiEntry({ ProvisionedThroughput: pt(1) })] },
      "One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: gsi1 when BillingMode is PAY_PER_REQUEST",
    ],
    [
      "a GSI entry's on-demand bounds on a provisioned restore (CreateTable's words)",
      provisioned,
      {
        globalSecondaryIndexOverride: [
          gsiEntry({ ProvisionedThroughput: pt(1), OnDemandThroughput: { MaxReadRequestUnits: 5 } }),
        ],
      },
      "One or more parameter values were invalid: MaxReadRequestUnits for OnDemandThroughput for index : gsi1 cannot be specified when the table BillingMode is PROVISIONED",
    ],
    [
      "two entries for one index under the same name (CreateTable's words)",
      provisioned,
      {
        globalSecondaryIndexOverride: [
          gsiEntry({ ProvisionedThroughput: pt(1) }),
          gsiEntry({ ProvisionedThroughput: pt(1) }),
        ],
      },
      "One or more parameter values were invalid: Duplicate index name: gsi1",
    ],
  ])("refuses %s", (_, source, overrides, message) => {
    expect(thrown(() => checkRestoreOverrides(source, target(overrides)))).toEqual(validation(message));
  });
});
