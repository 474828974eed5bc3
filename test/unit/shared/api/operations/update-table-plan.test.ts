import { describe, expect, it } from "vitest";
import { asOfDay } from "../../../../../shared/api/operations/common";
import type { UpdateTableInput } from "../../../../../shared/api/operations/update-table";
import { planUpdateTable } from "../../../../../shared/api/operations/update-table-plan";
import { describe as describeTable, type GlobalIndexMeta, type TableMeta } from "../../../../../shared/api/table";
import { tableMeta, thrown } from "./helpers";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 9, 8, 12, 0, 0);

const provisioned: TableMeta = tableMeta(T0 - HOUR, {
  billingMode: "PROVISIONED",
  readCapacityUnits: 5,
  writeCapacityUnits: 5,
});
const onDemand: TableMeta = {
  ...provisioned,
  billingMode: "PAY_PER_REQUEST",
  readCapacityUnits: 0,
  writeCapacityUnits: 0,
  payPerRequestSince: T0 - HOUR,
};
const none = { ReadCapacityUnits: 0, WriteCapacityUnits: 0 };

/** A provisioned global index `g1` on `a`, ACTIVE, 5 and 5 units, with `over`. */
const indexMeta = (over: Partial<GlobalIndexMeta> = {}): GlobalIndexMeta => ({
  name: "g1",
  id: "g1-id",
  keySchema: [{ AttributeName: "a", KeyType: "HASH" }],
  projection: { type: "ALL" },
  status: "ACTIVE",
  readCapacityUnits: 5,
  writeCapacityUnits: 5,
  decreasesToday: 0,
  ...over,
});
const plan = (table: TableMeta, input: Partial<UpdateTableInput>, now = T0, reserved = none) =>
  planUpdateTable(table, { TableName: table.name, ...input }, { now, region: "us-east-1", reserved });
const pt = (r: number, w: number) => ({ ProvisionedThroughput: { ReadCapacityUnits: r, WriteCapacityUnits: w } });

describe("UpdateTable plan", () => {
  it("an increase stores the new capacity, UPDATING, and answers with the old capacity and a new LastIncreaseDateTime", () => {
    const { table, description } = plan(provisioned, pt(10, 5));
    expect(table).toMatchObject({
      status: "UPDATING",
      readCapacityUnits: 10,
      writeCapacityUnits: 5,
      lastIncreaseAt: T0,
      decreasesToday: 0,
    });
    expect(description.TableStatus).toBe("UPDATING");
    expect(description.ProvisionedThroughput).toEqual({
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
      LastIncreaseDateTime: T0 / 1000,
      NumberOfDecreasesToday: 0,
    });
    expect(description.BillingModeSummary).toBeUndefined();
  });

  it("a decrease counts one decrease even when both capacities fall; the response shows the old count", () => {
    const { table, description } = plan(provisioned, pt(1, 1));
    expect(table).toMatchObject({ readCapacityUnits: 1, writeCapacityUnits: 1, lastDecreaseAt: T0, decreasesToday: 1 });
    expect(description.ProvisionedThroughput).toMatchObject({
      NumberOfDecreasesToday: 0,
      LastDecreaseDateTime: T0 / 1000,
    });
  });

  it("the same capacity again is refused with DynamoDB's 'will not change' message", () => {
    expect(thrown(() => plan(provisioned, { BillingMode: "PROVISIONED", ...pt(5, 5) }))).toEqual({
      type: "ValidationException",
      message:
        "The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: 5. Requested ReadCapacityUnits: 5. Current WriteCapacityUnits provisioned for the table: 5. Requested WriteCapacityUnits: 5. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
    });
  });

  it("a fifth decrease within the hour is LimitExceeded naming the next allowed time; an hour later it passes", () => {
    const worn = { ...provisioned, decreasesToday: 4, lastDecreaseAt: Date.UTC(2026, 9, 9, 0, 21, 34) };
    const now = worn.lastDecreaseAt + 10 * 60_000;
    expect(thrown(() => plan(worn, pt(4, 4), now))).toEqual({
      type: "LimitExceededException",
      message:
        "Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. After the first 4 decreases, each subsequent decrease in the same UTC day can be performed at most once every 3600 seconds. Number of decreases today: 4. Last decrease at Friday, October 9, 2026 at 12:21:34 AM Coordinated Universal Time. Next decrease can be made at Friday, October 9, 2026 at 1:21:34 AM Coordinated Universal Time",
    });
    expect(plan(worn, pt(6, 6), now).table.readCapacityUnits).toBe(6);
    expect(plan(worn, pt(4, 4), worn.lastDecreaseAt + HOUR).table.decreasesToday).toBe(5);
  });

  it("the decrease count resets at 00:00 UTC", () => {
    const yesterday = { ...provisioned, decreasesToday: 9, lastDecreaseAt: T0 - 24 * HOUR };
    const { table, description } = plan(yesterday, pt(1, 1));
    expect(table.decreasesToday).toBe(1);
    expect(description.ProvisionedThroughput.NumberOfDecreasesToday).toBe(0);
  });

  it("DescribeTable counts the decreases of its own UTC day: yesterday's show as 0, the table's and its indexes'", () => {
    const gsi = indexMeta({ decreasesToday: 3, lastDecreaseAt: T0 - 2 * HOUR });
    const worn = { ...provisioned, decreasesToday: 2, lastDecreaseAt: T0 - 2 * HOUR, globalIndexes: [gsi] };
    const sameDay = asOfDay(worn, T0);
    expect([sameDay.decreasesToday, sameDay.globalIndexes?.[0].decreasesToday]).toEqual([2, 3]);
    const nextDay = asOfDay(worn, Date.UTC(2026, 9, 9, 0, 0, 1));
    expect([nextDay.decreasesToday, nextDay.globalIndexes?.[0].decreasesToday]).toEqual([0, 0]);
    expect(describeTable(nextDay).ProvisionedThroughput.NumberOfDecreasesToday).toBe(0);
    // The stored count is kept for the day it belongs to.
    expect(worn.decreasesToday).toBe(2);
  });

  it("capacity above the per-table quota, or beyond the account's, is LimitExceeded", () => {
    expect(thrown(() => plan(provisioned, pt(40001, 5)))).toEqual({
      type: "LimitExceededException",
      message:
        "The requested ReadCapacityUnits, 40001, is above the per table maximum for the account in us-east-1. Per table maximum: 40000. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
    });
    expect(plan(provisioned, pt(40000, 40000)).table.readCapacityUnits).toBe(40000);
    const reserved = { ReadCapacityUnits: 50000, WriteCapacityUnits: 0 };
    expect(thrown(() => plan(provisioned, pt(30001, 5), T0, reserved)).message).toBe(
      "This request would have caused the ReadCapacityUnits limit to be exceeded for the account in us-east-1. Current ReadCapacityUnits reserved by the account: 50000. Limit: 80000. Requested: 30001. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
    );
  });

  it("PROVISIONED to PAY_PER_REQUEST zeroes the capacity and records the switch time", () => {
    const { table, description } = plan(provisioned, { BillingMode: "PAY_PER_REQUEST" });
    expect(table).toMatchObject({
      status: "UPDATING",
      billingMode: "PAY_PER_REQUEST",
      readCapacityUnits: 0,
      payPerRequestSince: T0,
    });
    expect(table.lastDecreaseAt).toBeUndefined();
    expect(description.BillingModeSummary).toEqual({ BillingMode: "PAY_PER_REQUEST" });
    expect(description.ProvisionedThroughput).toMatchObject({
      ReadCapacityUnits: 0,
      WriteCapacityUnits: 0,
      LastDecreaseDateTime: T0 / 1000,
    });
  });

  it("PAY_PER_REQUEST to PROVISIONED takes the given capacity without counting an increase", () => {
    const { table, description } = plan(onDemand, { BillingMode: "PROVISIONED", ...pt(3, 4) });
    expect(table).toMatchObject({
      status: "UPDATING",
      billingMode: "PROVISIONED",
      readCapacityUnits: 3,
      writeCapacityUnits: 4,
      payPerRequestSince: T0 - HOUR,
    });
    expect(table.lastIncreaseAt).toBeUndefined();
    expect(description.BillingModeSummary).toEqual({ BillingMode: "PROVISIONED" });
  });

  it("throughput on a PAY_PER_REQUEST table, or with BillingMode PAY_PER_REQUEST, is refused", () => {
    const message =
      "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST";
    expect(thrown(() => plan(onDemand, pt(1, 1)))).toEqual({ type: "ValidationException", message });
    expect(thrown(() => plan(provisioned, { BillingMode: "PAY_PER_REQUEST", ...pt(1, 1) }))).toEqual({
      type: "ValidationException",
      message,
    });
  });

  it("re-sending PAY_PER_REQUEST changes nothing but answers UPDATING", () => {
    const { table, description } = plan(onDemand, { BillingMode: "PAY_PER_REQUEST" });
    expect(table).toBe(onDemand);
    expect(description.TableStatus).toBe("UPDATING");
  });

  it("deletion protection changes at once and leaves the table ACTIVE", () => {
    const { table, description } = plan(provisioned, { DeletionProtectionEnabled: true });
    expect(table).toMatchObject({ status: "ACTIVE", deletionProtection: true });
    expect(description).toMatchObject({ TableStatus: "ACTIVE", DeletionProtectionEnabled: true });
  });

  it("a table class change goes UPDATING and shows the new class", () => {
    const { table, description } = plan(provisioned, { TableClass: "STANDARD_INFREQUENT_ACCESS" });
    expect(table).toMatchObject({ status: "UPDATING", tableClass: "STANDARD_INFREQUENT_ACCESS" });
    expect(description.TableClassSummary).toEqual({ TableClass: "STANDARD_INFREQUENT_ACCESS" });
  });

  it.each([
    ["CREATING", pt(6, 6), "Attempt to change a resource which is still in use: Table is being created: abc"],
    [
      "CREATING",
      { DeletionProtectionEnabled: true },
      "Attempt to change a resource which is still in use: Table is being created: abc",
    ],
    [
      "UPDATING",
      pt(6, 6),
      "Attempt to change a resource which is still in use: Table IOPS are currently being updated. Table: abc",
    ],
    [
      "UPDATING",
      { TableClass: "STANDARD" as const },
      "Attempt to change a resource which is still in use: Table is being updated: abc",
    ],
  ] as const)("a %s table refuses %j with ResourceInUseException", (status, input, message) => {
    expect(thrown(() => plan({ ...provisioned, status }, input))).toEqual({ type: "ResourceInUseException", message });
  });

  it("an UPDATING table still takes a deletion protection change", () => {
    const { table } = plan({ ...provisioned, status: "UPDATING" }, { DeletionProtectionEnabled: true });
    expect(table).toMatchObject({ status: "UPDATING", deletionProtection: true });
  });

  it.each([
    [
      { GlobalSecondaryIndexUpdates: [{ Update: { IndexName: "ghost" } }] },
      "ResourceNotFoundException",
      "Requested resource not found: Index ghost for table abc",
    ],
    [
      { GlobalSecondaryIndexUpdates: [{ Create: { IndexName: "idx" } }] },
      "ValidationException",
      "One or more parameter values were invalid: AttributeDefinitions is not specified for index: idx",
    ],
    [
      { StreamSpecification: { StreamEnabled: false } },
      "ValidationException",
      "Table has no stream to disable: TableName: abc",
    ],
  ])("answers %j as DynamoDB would, or as not supported yet", (input, type, message) => {
    expect(thrown(() => plan(provisioned, input as Partial<UpdateTableInput>))).toEqual({ type, message });
  });
});

describe("UpdateTable plan: ReplicaUpdates", () => {
  const regions = ["us-east-1", "eu-west-1", "ap-northeast-1"];
  const replicaPlan = (table: TableMeta, input: Partial<UpdateTableInput>) =>
    planUpdateTable(
      table,
      { TableName: table.name, ...input },
      { now: T0, region: "us-east-1", regions, reserved: none },
    );
  const active = { region: "eu-west-1", status: "ACTIVE" as const };

  it("a Create stores the replica CREATING with the table UPDATING, and the response shows both", () => {
    const { table, description, replicaUpdate } = replicaPlan(onDemand, {
      ReplicaUpdates: [{ Create: { RegionName: "eu-west-1" } }],
    });
    expect(replicaUpdate).toEqual({ action: "create", region: "eu-west-1" });
    expect(table).toMatchObject({ status: "UPDATING", replicas: [{ region: "eu-west-1", status: "CREATING" }] });
    expect(description).toMatchObject({
      TableStatus: "UPDATING",
      GlobalTableVersion: "2019.11.21",
      Replicas: [{ RegionName: "eu-west-1", ReplicaStatus: "CREATING" }],
    });
  });

  it("a Create appends after the existing replicas", () => {
    const { table } = replicaPlan(
      { ...onDemand, replicas: [active] },
      { ReplicaUpdates: [{ Create: { RegionName: "ap-northeast-1" } }] },
    );
    expect(table.replicas).toEqual([active, { region: "ap-northeast-1", status: "CREATING" }]);
  });

  it("a Delete marks the replica DELETING with the table UPDATING", () => {
    const { table, description, replicaUpdate } = replicaPlan(
      { ...onDemand, replicas: [active] },
      { ReplicaUpdates: [{ Delete: { RegionName: "eu-west-1" } }] },
    );
    expect(replicaUpdate).toEqual({ action: "delete", region: "eu-west-1" });
    expect(table).toMatchObject({ status: "UPDATING", replicas: [{ region: "eu-west-1", status: "DELETING" }] });
    expect(description.Replicas).toEqual([{ RegionName: "eu-west-1", ReplicaStatus: "DELETING" }]);
  });

  it("without the topology's regions only the home region is known", () => {
    const input = { TableName: "abc", ReplicaUpdates: [{ Create: { RegionName: "eu-west-1" } }] };
    expect(thrown(() => planUpdateTable(onDemand, input, { now: T0, region: "us-east-1", reserved: none }))).toEqual({
      type: "ValidationException",
      message:
        "Region eu-west-1 is not supported. The latest version of global tables are only supported in the following regions: [us-east-1]",
    });
  });

  it("other changes plan as before and carry no replica update", () => {
    const plan = replicaPlan({ ...onDemand, replicas: [active] }, { DeletionProtectionEnabled: true });
    expect(plan.replicaUpdate).toBeUndefined();
    expect(plan.description.Replicas).toEqual([{ RegionName: "eu-west-1", ReplicaStatus: "ACTIVE" }]);
  });

  it.each([
    { DeletionProtectionEnabled: true },
    { TableClass: "STANDARD_INFREQUENT_ACCESS" as const },
    { BillingMode: "PROVISIONED" as const, ...pt(5, 5) },
  ])("while a replica is CREATING, %j is refused with a bare ResourceInUseException", (input) => {
    const creating = {
      ...onDemand,
      status: "UPDATING" as const,
      replicas: [{ ...active, status: "CREATING" as const }],
    };
    expect(thrown(() => replicaPlan(creating, input))).toEqual({
      type: "ResourceInUseException",
      message: "The resource which you are attempting to change is in use.",
    });
  });
});

describe("UpdateTable plan: GlobalSecondaryIndexUpdates", () => {
  const gsi = indexMeta;
  const withIndex = (over: Partial<GlobalIndexMeta> = {}, table: Partial<TableMeta> = {}): TableMeta => ({
    ...provisioned,
    attributeDefinitions: [...provisioned.attributeDefinitions, { AttributeName: "a", AttributeType: "S" }],
    globalIndexes: [gsi(over)],
    ...table,
  });
  const create = (name: string, attribute: string) => ({
    AttributeDefinitions: [{ AttributeName: attribute, AttributeType: "N" as const }],
    GlobalSecondaryIndexUpdates: [
      {
        Create: {
          IndexName: name,
          KeySchema: [{ AttributeName: attribute, KeyType: "HASH" as const }],
          Projection: { ProjectionType: "KEYS_ONLY" as const },
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        },
      },
    ],
  });
  const indexPlan = (table: TableMeta, input: Partial<UpdateTableInput>) =>
    planUpdateTable(
      table,
      { TableName: table.name, ...input },
      { now: T0, region: "us-east-1", reserved: none, newId: () => "new-id" },
    );

  it("a Create stores the index CREATING and allocating with its own id, the table UPDATING, and its key's definition", () => {
    const { table, description, createdIndex } = indexPlan(withIndex(), create("g2", "b"));
    expect(createdIndex).toMatchObject({ name: "g2", id: "new-id", status: "CREATING", backfilling: false });
    expect(table.status).toBe("UPDATING");
    expect(table.globalIndexes?.map((i) => [i.name, i.status])).toEqual([
      ["g1", "ACTIVE"],
      ["g2", "CREATING"],
    ]);
    expect(table.attributeDefinitions.map((d) => d.AttributeName)).toEqual(["pk", "a", "b"]);
    expect(description.TableStatus).toBe("UPDATING");
    expect(description.GlobalSecondaryIndexes?.[1]).toMatchObject({
      IndexName: "g2",
      IndexStatus: "CREATING",
      Backfilling: false,
      IndexSizeBytes: 0,
      ItemCount: 0,
    });
  });

  it("a Delete turns the index DELETING and the table UPDATING; nothing is created", () => {
    const { table, description, createdIndex } = indexPlan(withIndex(), {
      GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "g1" } }],
    });
    expect(createdIndex).toBeUndefined();
    expect(table).toMatchObject({ status: "UPDATING", globalIndexes: [{ name: "g1", status: "DELETING" }] });
    expect(description.GlobalSecondaryIndexes?.[0].IndexStatus).toBe("DELETING");
  });

  it("an Update of an index's capacity leaves the table ACTIVE, the index UPDATING with the old capacity shown", () => {
    const { table, description } = indexPlan(withIndex(), {
      GlobalSecondaryIndexUpdates: [
        { Update: { IndexName: "g1", ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 5 } } },
      ],
    });
    expect(table.status).toBe("ACTIVE");
    expect(table.globalIndexes?.[0]).toMatchObject({ status: "UPDATING", readCapacityUnits: 7 });
    expect(description.TableStatus).toBe("ACTIVE");
    expect(description.GlobalSecondaryIndexes?.[0]).toMatchObject({
      IndexStatus: "UPDATING",
      ProvisionedThroughput: { ReadCapacityUnits: 5 },
    });
  });

  it("a switch to PAY_PER_REQUEST takes the table's GSIs to 0 and 0", () => {
    const { table } = indexPlan(withIndex(), { BillingMode: "PAY_PER_REQUEST" });
    expect(table.globalIndexes?.[0]).toMatchObject({ readCapacityUnits: 0, writeCapacityUnits: 0 });
  });

  it.each([
    [
      "another Create while an index is allocated",
      withIndex({ status: "CREATING", backfilling: false }, { status: "UPDATING" }),
      create("g2", "b"),
      "LimitExceededException",
      "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
    ],
    [
      "a Delete of the index being allocated",
      withIndex({ status: "CREATING", backfilling: false }, { status: "UPDATING" }),
      { GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "g1" } }] },
      "ResourceInUseException",
      "Attempt to change a resource which is still in use: Index creation is in resource allocation phase. Retry deletion during backfilling phase or when the index is active. Table: abc Index: g1",
    ],
    [
      "a capacity change while an index is deleted",
      withIndex({ status: "DELETING" }, { status: "UPDATING" }),
      pt(6, 6),
      "ResourceInUseException",
      "Attempt to change a resource which is still in use: Can't change table IOPS when an index is being deleted. Table: abc Indexes: [g1]",
    ],
    [
      "a Create while the table's capacity changes",
      withIndex({}, { status: "UPDATING" }),
      create("g2", "b"),
      "ResourceInUseException",
      "Attempt to change a resource which is still in use: Can't create or delete indexes while table IOPS are being updated. Table: abc",
    ],
    [
      "an Update of another index while one is created",
      withIndex({ status: "CREATING", backfilling: false }, { status: "UPDATING" }),
      {
        GlobalSecondaryIndexUpdates: [
          { Update: { IndexName: "g1", ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 5 } } },
        ],
      },
      "ResourceInUseException",
      "Attempt to change a resource which is still in use: Index is being created. Table: abc Index: g1",
    ],
  ] as const)("refuses %s, with the index rules first", (_, table, input, type, message) => {
    expect(thrown(() => indexPlan(table, input as Partial<UpdateTableInput>))).toEqual({ type, message });
  });

  it("a Delete of an index being backfilled is accepted, the table ACTIVE meanwhile", () => {
    const { table } = indexPlan(withIndex({ status: "CREATING", backfilling: true }), {
      GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "g1" } }],
    });
    expect(table).toMatchObject({ status: "UPDATING", globalIndexes: [{ status: "DELETING" }] });
    expect(table.globalIndexes?.[0].backfilling).toBeUndefined();
  });
});
