/**
 * The metadata object's view of global indexes UpdateTable adds and removes: which ones the alarm
 * still works on, when they keep their table UPDATING, and what the base replicas are told of
 * them (an index being built is fed from its backfill; a deleted one is no longer fed).
 */
import { describe, expect, test } from "vitest";
import type { GlobalIndexMeta, TableMeta } from "../../../../shared/api/table";
import { indexesKeepUpdating, indexInProgress, settledTable } from "../../../../workers/metadata/global-index-work";
import { HASH_MAX, HASH_MIN, type PartitionMap } from "../../../../workers/metadata/partition-map";
import { replicaConfig } from "../../../../workers/metadata/replica-config";

const index = (over: Partial<GlobalIndexMeta>): GlobalIndexMeta => ({
  name: "g1",
  id: "g1-id",
  keySchema: [{ AttributeName: "g", KeyType: "HASH" }],
  projection: { type: "KEYS_ONLY" },
  status: "ACTIVE",
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  decreasesToday: 0,
  ...over,
});

const table = (...globalIndexes: GlobalIndexMeta[]): TableMeta => ({
  name: "t",
  id: "t-id",
  arn: "arn:aws:dynamodb:us-east-1:000000000000:table/t",
  status: "ACTIVE",
  keySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  attributeDefinitions: [
    { AttributeName: "pk", AttributeType: "S" },
    { AttributeName: "g", AttributeType: "S" },
  ],
  billingMode: "PAY_PER_REQUEST",
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  createdAt: 0,
  decreasesToday: 0,
  deletionProtection: false,
  tableClass: "STANDARD",
  globalIndexes,
});

const map: PartitionMap = {
  tableId: "t-id",
  version: 2,
  partitions: [{ id: "p0", low: HASH_MIN, high: HASH_MAX, replicas: [] }],
};

describe("global indexes in progress", () => {
  test.each([
    [{ status: "ACTIVE" }, false, false],
    [{ status: "CREATING" }, false, false],
    [{ status: "CREATING", backfilling: false }, true, true],
    [{ status: "CREATING", backfilling: true }, true, false],
    [{ status: "UPDATING" }, true, false],
    [{ status: "DELETING" }, true, true],
  ] as const)("an index %j: in progress %s, keeps its table UPDATING %s", (over, progress, updating) => {
    expect(indexInProgress(index(over))).toBe(progress);
    expect(indexesKeepUpdating(table(index(over)))).toBe(updating);
  });

  test("an UPDATING table is ACTIVE again once no index is allocated or removed and no region is added or removed", () => {
    const updating = (...indexes: GlobalIndexMeta[]) => ({ ...table(...indexes), status: "UPDATING" as const });
    expect(settledTable(updating(index({ status: "CREATING", backfilling: true }))).status).toBe("ACTIVE");
    expect(settledTable(updating(index({ status: "UPDATING" }))).status).toBe("ACTIVE");
    expect(settledTable(updating(index({ status: "CREATING", backfilling: false }))).status).toBe("UPDATING");
    expect(settledTable(updating(index({ status: "DELETING" }))).status).toBe("UPDATING");
    const adding = { ...updating(), replicas: [{ region: "eu-west-1", status: "CREATING" as const }] };
    expect(settledTable(adding)).toBe(adding);
    const creating = { ...table(), status: "CREATING" as const };
    expect(settledTable(creating)).toBe(creating);
  });

  test("the base replicas feed an index being built from its backfill, and no longer feed a deleted one", () => {
    const HOME = { region: "us-east-1", account: "000000000000", env: { ACCOUNT_ID: "000000000000" } };
    const config = replicaConfig(
      HOME,
      table(
        index({}),
        index({ name: "g2", id: "g2-id", status: "CREATING", backfilling: false }),
        index({ name: "g3", id: "g3-id", status: "DELETING" }),
        index({ name: "g4", id: "g4-id", status: "CREATING" }),
      ),
      map,
      map.partitions[0],
    );
    expect(config.globalIndexes?.map((i) => [i.name, i.backfill])).toEqual([
      ["g1", undefined],
      ["g2", true],
      ["g4", undefined],
    ]);
    expect(config).toMatchObject({ tableName: "t", mapVersion: 2 });
    const none = replicaConfig(HOME, table(index({ status: "DELETING" })), map, map.partitions[0]);
    expect(none.globalIndexes).toBeUndefined();
    expect(none.tableName).toBeUndefined();
  });
});
