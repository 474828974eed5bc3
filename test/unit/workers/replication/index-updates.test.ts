/**
 * What a global table's region passes on of an UpdateTable (workers/replication/index-updates.ts):
 * its index creates and deletes, to every other region, and never what it took from another
 * region; and whether a region's copy already holds a change it is given.
 */
import { describe, expect, it } from "vitest";
import type { UpdateTableInput } from "../../../../shared/api/operations/update-table";
import type { GlobalIndexMeta, TableMeta } from "../../../../shared/api/table";
import { alreadyTaken, indexUpdatesToShip } from "../../../../workers/replication/index-updates";
import { tableMeta } from "../../shared/api/operations/helpers";

const index = (name: string, status: GlobalIndexMeta["status"] = "ACTIVE"): GlobalIndexMeta => ({
  name,
  keySchema: [{ AttributeName: "g", KeyType: "HASH" }],
  projection: { type: "ALL" },
  id: `${name}-id`,
  status,
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  decreasesToday: 0,
});

const create = (IndexName: string) => ({
  Create: {
    IndexName,
    KeySchema: [{ AttributeName: "g", KeyType: "HASH" as const }],
    Projection: { ProjectionType: "ALL" },
  },
});
const remove = (IndexName: string) => ({ Delete: { IndexName } });
const update = (IndexName: string) => ({
  Update: { IndexName, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
});

const global = (overrides: Partial<TableMeta> = {}): TableMeta =>
  tableMeta(0, {
    replicas: [
      { region: "eu-west-1", status: "ACTIVE" },
      { region: "ap-south-1", status: "CREATING" },
      { region: "sa-east-1", status: "DELETING" },
    ],
    ...overrides,
  });

const input = (updates: object[], definitions = true): UpdateTableInput =>
  ({
    TableName: "t",
    ...(definitions ? { AttributeDefinitions: [{ AttributeName: "g", AttributeType: "S" }] } : {}),
    GlobalSecondaryIndexUpdates: updates,
  }) as UpdateTableInput;

describe("indexUpdatesToShip", () => {
  it("queues a global table's index creates and deletes for every region it ships to, after those already queued", () => {
    const earlier = { regions: ["eu-west-1"], input: { TableName: "t", GlobalSecondaryIndexUpdates: [remove("old")] } };
    const table = global({ indexUpdatesToShip: [earlier] });
    const next = indexUpdatesToShip(table, input([create("byG"), update("byH")]), false);
    expect(next.indexUpdatesToShip).toEqual([
      earlier,
      {
        regions: ["eu-west-1", "ap-south-1"],
        input: {
          TableName: table.name,
          AttributeDefinitions: [{ AttributeName: "g", AttributeType: "S" }],
          GlobalSecondaryIndexUpdates: [create("byG")],
        },
      },
    ]);
  });

  it("queues nothing for a capacity change, a change taken from another region, a table of one region or a 2017.11.29 table", () => {
    const table = global();
    expect(indexUpdatesToShip(table, input([update("byH")]), false)).toBe(table);
    expect(indexUpdatesToShip(table, input([create("byG")]), true)).toBe(table);
    const alone = tableMeta(0);
    expect(indexUpdatesToShip(alone, input([create("byG")]), false)).toBe(alone);
    const legacy = global({ globalTableVersion: "2017.11.29" });
    expect(indexUpdatesToShip(legacy, input([remove("byG")], false), false)).toBe(legacy);
  });
});

describe("alreadyTaken", () => {
  const table = global({ globalIndexes: [index("byG", "CREATING"), index("byH", "DELETING"), index("byK")] });
  it("a create whose index is there, in any state, and a delete whose index is gone or going", () => {
    expect(alreadyTaken(table, input([create("byG")]))).toBe(true);
    expect(alreadyTaken(table, input([remove("byH")]))).toBe(true);
    expect(alreadyTaken(table, input([remove("nope")]))).toBe(true);
  });
  it("not a create of a missing index, nor a delete of one still there", () => {
    expect(alreadyTaken(table, input([create("new")]))).toBe(false);
    expect(alreadyTaken(table, input([remove("byK")]))).toBe(false);
  });
});
