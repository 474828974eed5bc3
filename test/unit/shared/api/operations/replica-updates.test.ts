import { expect, it, describe as suite } from "vitest";
import { planReplicaUpdates } from "../../../../../shared/api/operations/replica-updates";
import type { ReplicationGroupUpdate } from "../../../../../shared/api/operations/update-table";
import { describe, type ReplicaMeta, type TableMeta } from "../../../../../shared/api/table";
import { tableMeta, thrown } from "./helpers";

const T0 = Date.UTC(2026, 9, 8, 12, 0, 0);
const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];
const context = { region: "us-east-1", regions: REGIONS };

const table = tableMeta(T0, { payPerRequestSince: T0 });
const withReplicas = (...replicas: ReplicaMeta[]): TableMeta => ({ ...table, replicas });
const eu = (status: ReplicaMeta["status"] = "ACTIVE"): ReplicaMeta => ({ region: "eu-west-1", status });

const create = (RegionName: string, extra = {}): ReplicationGroupUpdate => ({ Create: { RegionName, ...extra } });
const del = (RegionName: string): ReplicationGroupUpdate => ({ Delete: { RegionName } });

suite("planReplicaUpdates", () => {
  it.each([
    ["a Create of a region new to the table", table, [create("eu-west-1")], { action: "create", region: "eu-west-1" }],
    [
      "a Delete of an ACTIVE replica",
      withReplicas(eu()),
      [del("eu-west-1")],
      { action: "delete", region: "eu-west-1" },
    ],
    [
      "a third region beside an ACTIVE replica",
      withReplicas(eu()),
      [create("ap-northeast-1")],
      { action: "create", region: "ap-northeast-1" },
    ],
    [
      "two identical Creates, which count once",
      table,
      [create("eu-west-1"), create("eu-west-1")],
      { action: "create", region: "eu-west-1" },
    ],
    [
      "a Create beside an Update naming only its region (no action)",
      table,
      [{ Create: { RegionName: "eu-west-1" }, Update: { RegionName: "eu-west-1" } }],
      { action: "create", region: "eu-west-1" },
    ],
  ] as const)("accepts %s", (_, t, updates, expected) => {
    expect(planReplicaUpdates(t, [...updates], context)).toEqual(expected);
  });

  it("accepts a Delete of the home region from a replica's own region (control is symmetric)", () => {
    const atReplica = { ...table, replicas: [{ region: "us-east-1", status: "ACTIVE" as const }] };
    expect(planReplicaUpdates(atReplica, [del("us-east-1")], { region: "eu-west-1", regions: REGIONS })).toEqual({
      action: "delete",
      region: "us-east-1",
    });
  });

  const inUse = "The resource which you are attempting to change is in use.";
  const cases: [string, TableMeta, ReplicationGroupUpdate[], string, string][] = [
    [
      "Create and Delete in one element",
      table,
      [{ Create: { RegionName: "eu-west-1" }, Delete: { RegionName: "eu-west-1" } }],
      "ValidationException",
      "Update table operation with more than one type of replica actions not allowed.",
    ],
    [
      "a Create and a Delete in two elements",
      withReplicas(eu()),
      [create("ap-northeast-1"), del("eu-west-1")],
      "ValidationException",
      "Update table operation with more than one type of replica actions not allowed.",
    ],
    [
      "two Creates of different regions",
      table,
      [create("eu-west-1"), create("ap-northeast-1")],
      "ValidationException",
      "Update table operation with more than one create or delete replica actions not allowed",
    ],
    [
      "two Deletes of different regions",
      withReplicas(eu(), { region: "ap-northeast-1", status: "ACTIVE" }),
      [del("eu-west-1"), del("ap-northeast-1")],
      "ValidationException",
      "Update table operation with more than one create or delete replica actions not allowed",
    ],
    [
      "Updates of two regions",
      withReplicas(eu()),
      [
        { Update: { RegionName: "eu-west-1", TableClassOverride: "STANDARD" } },
        { Update: { RegionName: "ap-northeast-1", TableClassOverride: "STANDARD" } },
      ],
      "ValidationException",
      "Cannot target multiple regions with the same action",
    ],
    [
      "an Update with settings (not supported yet)",
      withReplicas(eu()),
      [{ Update: { RegionName: "eu-west-1", TableClassOverride: "STANDARD_INFREQUENT_ACCESS" } }],
      "ValidationException",
      "Per-replica settings in ReplicaUpdates are not supported by this server yet",
    ],
    [
      "a Create with a per-replica override (not supported yet)",
      table,
      [create("eu-west-1", { ProvisionedThroughputOverride: { ReadCapacityUnits: 5 } })],
      "ValidationException",
      "Per-replica settings in ReplicaUpdates are not supported by this server yet",
    ],
    [
      "a region the server does not know",
      table,
      [create("us-fake-1")],
      "ValidationException",
      "Region us-fake-1 is not supported. The latest version of global tables are only supported in the following regions: [us-east-1, eu-west-1, ap-northeast-1]",
    ],
    [
      "a region named in the wrong case",
      table,
      [create("EU-WEST-1")],
      "ValidationException",
      "Region EU-WEST-1 is not supported. The latest version of global tables are only supported in the following regions: [us-east-1, eu-west-1, ap-northeast-1]",
    ],
    [
      "a Delete of an empty region name",
      table,
      [del("")],
      "ValidationException",
      "Region  is not supported. The latest version of global tables are only supported in the following regions: [us-east-1, eu-west-1, ap-northeast-1]",
    ],
    [
      "a Create of the table's own region",
      table,
      [create("us-east-1")],
      "ValidationException",
      "Cannot add or delete the local region through ReplicaUpdates. Use CreateTable, DeleteTable, or UpdateTable as required.",
    ],
    [
      "a Delete of the table's own region",
      withReplicas(eu()),
      [del("us-east-1")],
      "ValidationException",
      "Cannot add or delete the local region through ReplicaUpdates. Use CreateTable, DeleteTable, or UpdateTable as required.",
    ],
    [
      "a Create on a CREATING table",
      { ...table, status: "CREATING" },
      [create("eu-west-1")],
      "ResourceInUseException",
      "Attempt to change a resource which is still in use: Table is being created: abc",
    ],
    [
      "a Delete on a DELETING table",
      { ...withReplicas(eu()), status: "DELETING" },
      [del("eu-west-1")],
      "ResourceInUseException",
      "Attempt to change a resource which is still in use: Table is being deleted: abc",
    ],
    [
      "a Create of an existing replica",
      withReplicas(eu()),
      [create("eu-west-1")],
      "ValidationException",
      "Failed to create a the new replica of table with name: ‘abc’ because one or more replicas already existed as tables.",
    ],
    [
      "a Create of a replica still DELETING",
      { ...withReplicas(eu("DELETING")), status: "UPDATING" },
      [create("eu-west-1")],
      "ValidationException",
      "Failed to create a the new replica of table with name: ‘abc’ because one or more replicas already existed as tables.",
    ],
    [
      "a Delete of a region that is not a replica",
      withReplicas(eu()),
      [del("ap-northeast-1")],
      "ValidationException",
      "Update global table operation failed because one or more replicas were not part of the global table. Please retry the request without these replicas: [ap-northeast-1].",
    ],
    [
      "a Delete on a table that is not global",
      table,
      [del("eu-west-1")],
      "ValidationException",
      "Update global table operation failed because one or more replicas were not part of the global table. Please retry the request without these replicas: [eu-west-1].",
    ],
    [
      "a Create while another replica is CREATING",
      { ...withReplicas(eu("CREATING")), status: "UPDATING" },
      [create("ap-northeast-1")],
      "ResourceInUseException",
      inUse,
    ],
    [
      "a Delete of a replica still CREATING (no cancel)",
      withReplicas(eu("CREATING")),
      [del("eu-west-1")],
      "ResourceInUseException",
      inUse,
    ],
    [
      "a second Delete of a replica DELETING",
      withReplicas(eu("DELETING")),
      [del("eu-west-1")],
      "ResourceInUseException",
      inUse,
    ],
    [
      "a Create while the table is UPDATING for its own reasons",
      { ...table, status: "UPDATING" },
      [create("eu-west-1")],
      "ResourceInUseException",
      "Attempt to change a resource which is still in use: Table is being updated: abc",
    ],
    [
      "a Create on a PROVISIONED table (no auto scaling here)",
      { ...table, billingMode: "PROVISIONED", readCapacityUnits: 5, writeCapacityUnits: 5 },
      [create("eu-west-1")],
      "ValidationException",
      "Table write capacity should either be Pay-Per-Request or AutoScaled.",
    ],
  ];
  it.each(cases)("refuses %s", (_, t, updates, type, message) => {
    expect(thrown(() => planReplicaUpdates(t, updates, context))).toEqual({ type, message });
  });

  it("lets a PROVISIONED table drop a replica", () => {
    const provisioned = { ...withReplicas(eu()), billingMode: "PROVISIONED" as const, readCapacityUnits: 5 };
    expect(planReplicaUpdates(provisioned, [del("eu-west-1")], context)).toEqual({
      action: "delete",
      region: "eu-west-1",
    });
  });
});

suite("describe() of a global table", () => {
  it("a table without replicas has neither GlobalTableVersion nor Replicas", () => {
    for (const t of [table, withReplicas()]) {
      const description = describe(t);
      expect(description).not.toHaveProperty("GlobalTableVersion");
      expect(description).not.toHaveProperty("Replicas");
    }
  });

  it("lists the other regions in the order they joined, with their status, under version 2019.11.21", () => {
    const description = describe(withReplicas(eu(), { region: "ap-northeast-1", status: "CREATING" }));
    expect(description.GlobalTableVersion).toBe("2019.11.21");
    expect(description.Replicas).toEqual([
      { RegionName: "eu-west-1", ReplicaStatus: "ACTIVE" },
      { RegionName: "ap-northeast-1", ReplicaStatus: "CREATING" },
    ]);
    expect(description.Replicas?.map((r) => r.RegionName)).not.toContain("us-east-1");
  });
});
