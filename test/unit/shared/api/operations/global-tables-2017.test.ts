import { describe, expect, it } from "vitest";
import { changeGroup, checkJoinable, describeGlobalTable } from "../../../../../shared/api/global-table";
import { validateCreateGlobalTable } from "../../../../../shared/api/operations/create-global-table";
import { validateDescribeGlobalTable } from "../../../../../shared/api/operations/describe-global-table";
import { validateListGlobalTables } from "../../../../../shared/api/operations/list-global-tables";
import { validateUpdateGlobalTable } from "../../../../../shared/api/operations/update-global-table";
import { describe as describeTable, type TableMeta } from "../../../../../shared/api/table";
import { tableMeta, thrown } from "./helpers";

const T0 = Date.UTC(2026, 0, 1);
const table = tableMeta(T0);
const legacy: TableMeta = {
  ...table,
  replicas: [{ region: "eu-west-1", status: "ACTIVE" }],
  globalTableVersion: "2017.11.29",
  globalTableCreatedAt: T0 + 5000,
};
/** The legacy operations keep the hand-written message, naming TableName even for GlobalTableName. */
const TOO_SHORT = "TableName must be at least 3 characters long and at most 255 characters long";

describe("version 2017.11.29 global table request validation", () => {
  it.each([
    [{}, "ValidationException", "The parameter 'GlobalTableName' is required but was not present in the request"],
    [{ GlobalTableName: "ab", ReplicationGroup: [] }, "ValidationException", TOO_SHORT],
    [
      { GlobalTableName: "abc" },
      "ValidationException",
      "1 validation error detected: Value null at 'replicationGroup' failed to satisfy constraint: Member must not be null",
    ],
    [
      { GlobalTableName: "abc", ReplicationGroup: {} },
      "SerializationException",
      "Start of structure or map found where not expected",
    ],
    [
      { GlobalTableName: "abc", ReplicationGroup: [{ RegionName: 1 }] },
      "SerializationException",
      "NUMBER_VALUE cannot be converted to String",
    ],
    [
      { GlobalTableName: "abc", ReplicationGroup: [] },
      "ValidationException",
      "One or more parameter values were invalid: ReplicationGroup must name at least one region",
    ],
  ])("CreateGlobalTable %j fails with %s", (body, type, message) => {
    expect(thrown(() => validateCreateGlobalTable(body as Record<string, unknown>))).toEqual({ type, message });
  });

  it("CreateGlobalTable keeps the regions of a valid request", () => {
    expect(
      validateCreateGlobalTable({ GlobalTableName: "abc", ReplicationGroup: [{ RegionName: "us-east-1" }] }),
    ).toEqual({
      GlobalTableName: "abc",
      ReplicationGroup: [{ RegionName: "us-east-1" }],
    });
  });

  it.each([
    [{}, "ValidationException", "The parameter 'GlobalTableName' is required but was not present in the request"],
    [{ GlobalTableName: "" }, "ValidationException", TOO_SHORT],
    [
      { GlobalTableName: "abc;" },
      "ValidationException",
      "1 validation error detected: Value 'abc;' at 'globalTableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    ],
  ])("DescribeGlobalTable %j fails with %s", (body, type, message) => {
    expect(thrown(() => validateDescribeGlobalTable(body as Record<string, unknown>))).toEqual({ type, message });
  });

  it.each([
    [
      { GlobalTableName: "abc" },
      "ValidationException",
      "1 validation error detected: Value null at 'replicaUpdates' failed to satisfy constraint: Member must not be null",
    ],
    [
      { GlobalTableName: "abc", ReplicaUpdates: [{ Create: {} }] },
      "ValidationException",
      "1 validation error detected: Value null at 'replicaUpdates.1.member.create.regionName' failed to satisfy constraint: Member must not be null",
    ],
    [
      { GlobalTableName: "abc", ReplicaUpdates: [{}] },
      "ValidationException",
      "One or more parameter values were invalid: Each ReplicaUpdate must specify exactly one of Create or Delete",
    ],
    [{ GlobalTableName: "abc", ReplicaUpdates: ["x"] }, "SerializationException", "Unexpected value type in payload"],
  ])("UpdateGlobalTable %j fails with %s", (body, type, message) => {
    expect(thrown(() => validateUpdateGlobalTable(body as Record<string, unknown>))).toEqual({ type, message });
  });

  it.each([
    [
      { Limit: 0 },
      "ValidationException",
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [{ Limit: "1" }, "SerializationException", "STRING_VALUE cannot be converted to Integer"],
    [
      { ExclusiveStartGlobalTableName: "ab" },
      "ValidationException",
      "1 validation error detected: Value 'ab' at 'exclusiveStartGlobalTableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    ],
  ])("ListGlobalTables %j fails with %s", (body, type, message) => {
    expect(thrown(() => validateListGlobalTables(body as Record<string, unknown>))).toEqual({ type, message });
  });
});

describe("version 2017.11.29 global table semantics", () => {
  it("DescribeGlobalTable shows every region in name order, the global ARN and the creation time", () => {
    expect(describeGlobalTable(legacy, "us-east-1", "000000000000")).toEqual({
      ReplicationGroup: [{ RegionName: "eu-west-1" }, { RegionName: "us-east-1" }],
      GlobalTableArn: "arn:aws:dynamodb::000000000000:global-table/abc",
      CreationDateTime: (T0 + 5000) / 1000,
      GlobalTableStatus: "ACTIVE",
      GlobalTableName: "abc",
    });
  });

  it("DescribeTable of a 2017.11.29 replica shows neither Replicas nor GlobalTableVersion", () => {
    const description = describeTable(legacy);
    expect(description.Replicas).toBeUndefined();
    expect(description.GlobalTableVersion).toBeUndefined();
  });

  it.each([
    [
      { region: "eu-west-1", itemCount: 0 },
      "TableNotFoundException",
      "Table not found: Table: 'abc' not found in region: 'eu-west-1'.",
    ],
    [{ region: "eu-west-1", table: legacy, itemCount: 0 }, "GlobalTableAlreadyExistsException", undefined],
    [
      { region: "eu-west-1", table: { ...table, status: "CREATING" as const }, itemCount: 0 },
      "ResourceInUseException",
      undefined,
    ],
    [{ region: "eu-west-1", table, itemCount: 1 }, "ValidationException", undefined],
    [
      {
        region: "eu-west-1",
        table: { ...table, attributeDefinitions: [{ AttributeName: "pk", AttributeType: "N" as const }] },
        itemCount: 0,
      },
      "ValidationException",
      undefined,
    ],
  ])("a candidate %j cannot join: %s", (candidate, type, message) => {
    const error = thrown(() => checkJoinable("abc", candidate, table));
    expect(error.type).toBe(type);
    if (message) expect(error.message).toBe(message);
  });

  it("an ACTIVE empty table with the same keys joins", () => {
    expect(checkJoinable("abc", { region: "eu-west-1", table, itemCount: 0 }, table)).toBe(table);
  });

  it("UpdateGlobalTable changes apply in order and report what was added and removed", () => {
    expect(
      changeGroup(
        "abc",
        ["eu-west-1", "us-east-1"],
        [{ Create: { RegionName: "ap-northeast-1" } }, { Delete: { RegionName: "eu-west-1" } }],
      ),
    ).toEqual({ group: ["ap-northeast-1", "us-east-1"], added: ["ap-northeast-1"], removed: ["eu-west-1"] });
  });

  it.each([
    [[{ Create: { RegionName: "eu-west-1" } }], "ReplicaAlreadyExistsException"],
    [[{ Delete: { RegionName: "ap-northeast-1" } }], "ReplicaNotFoundException"],
  ])("UpdateGlobalTable %j fails with %s", (updates, type) => {
    expect(thrown(() => changeGroup("abc", ["eu-west-1", "us-east-1"], updates)).type).toBe(type);
  });
});

describe("version 2017.11.29 global tables with secondary indexes", () => {
  const gsi = (name: string, hash: string, id = `${name}-id`): NonNullable<TableMeta["globalIndexes"]>[number] => ({
    name,
    id,
    keySchema: [{ AttributeName: hash, KeyType: "HASH" }],
    projection: { type: "ALL" },
    status: "ACTIVE",
    readCapacityUnits: 0,
    writeCapacityUnits: 0,
    decreasesToday: 0,
  });
  const withIndexes = (overrides: Partial<TableMeta>): TableMeta =>
    tableMeta(T0, {
      keySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      attributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
        { AttributeName: "g", AttributeType: "S" },
        { AttributeName: "h", AttributeType: "S" },
      ],
      ...overrides,
    });
  const reference = withIndexes({
    globalIndexes: [gsi("byG", "g"), gsi("byH", "h")],
    localIndexes: [
      {
        name: "bySk2",
        keySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "h", KeyType: "RANGE" },
        ],
        projection: { type: "KEYS_ONLY" },
      },
    ],
  });
  const join = (table: TableMeta) => () =>
    checkJoinable("abc", { region: "eu-west-1", table, itemCount: 0 }, reference);
  const GSI_MESSAGE =
    "Table: 'abc' in region: 'eu-west-1' does not have the same global secondary indexes as the other replicas of the global table. The global secondary indexes must have the same names and the same hash and sort keys.";

  it("a table with the same indexes joins, whatever their order, ids, projections and capacities", () => {
    const same = {
      ...reference,
      id: "id-2",
      globalIndexes: [{ ...gsi("byH", "h", "other"), projection: { type: "KEYS_ONLY" as const } }, gsi("byG", "g")],
    };
    expect(join(same)()).toBe(same);
  });

  it.each([
    ["a global index missing", { globalIndexes: [gsi("byG", "g")] }],
    ["an extra global index", { globalIndexes: [gsi("byG", "g"), gsi("byH", "h"), gsi("byPk", "pk")] }],
    ["a global index of another name", { globalIndexes: [gsi("byG", "g"), gsi("byH2", "h")] }],
    ["a global index on another key", { globalIndexes: [gsi("byG", "h"), gsi("byH", "h")] }],
    ["no global indexes", { globalIndexes: undefined }],
  ])("%s is refused with ValidationException", (_, overrides) => {
    expect(thrown(join({ ...reference, ...overrides }))).toEqual({ type: "ValidationException", message: GSI_MESSAGE });
  });

  it("a global index key of another type is refused", () => {
    const attributeDefinitions = reference.attributeDefinitions.map((d) =>
      d.AttributeName === "g" ? { ...d, AttributeType: "N" as const } : d,
    );
    expect(thrown(join({ ...reference, attributeDefinitions })).message).toBe(GSI_MESSAGE);
  });

  it("different local secondary indexes are refused, after the global ones", () => {
    expect(thrown(join({ ...reference, localIndexes: [] }))).toEqual({
      type: "ValidationException",
      message:
        "Table: 'abc' in region: 'eu-west-1' does not have the same local secondary indexes as the other replicas of the global table. The local secondary indexes must have the same names and the same hash and sort keys.",
    });
    expect(thrown(join({ ...reference, localIndexes: [], globalIndexes: [] })).message).toBe(GSI_MESSAGE);
  });
});
