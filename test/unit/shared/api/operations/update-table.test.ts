import { describe, expect, it } from "vitest";
import { validateUpdateTable } from "../../../../../shared/api/operations/update-table";
import { thrown } from "./helpers";

const invalid = (message: string) => `One or more parameter values were invalid: ${message}`;

describe("UpdateTable validation", () => {
  it("accepts each supported change on its own", () => {
    expect(validateUpdateTable({ TableName: "abc", BillingMode: "PAY_PER_REQUEST" }).BillingMode).toBe(
      "PAY_PER_REQUEST",
    );
    expect(validateUpdateTable({ TableName: "abc", DeletionProtectionEnabled: true }).DeletionProtectionEnabled).toBe(
      true,
    );
    expect(validateUpdateTable({ TableName: "abc", TableClass: "STANDARD_INFREQUENT_ACCESS" }).TableClass).toBe(
      "STANDARD_INFREQUENT_ACCESS",
    );
    const both = {
      TableName: "abc",
      BillingMode: "PROVISIONED",
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
    };
    expect(validateUpdateTable(both).ProvisionedThroughput).toEqual({ ReadCapacityUnits: 2, WriteCapacityUnits: 3 });
    const replica = { TableName: "abc", ReplicaUpdates: [{ Create: { RegionName: "eu-west-1" } }] };
    expect(validateUpdateTable(replica).ReplicaUpdates).toEqual([{ Create: { RegionName: "eu-west-1" } }]);
  });

  it("keeps a replica Update's settings so that it counts as an action", () => {
    const body = { TableName: "abc", ReplicaUpdates: [{ Update: { RegionName: "eu-west-1", KMSMasterKeyId: "k" } }] };
    expect(validateUpdateTable(body).ReplicaUpdates).toEqual([
      { Update: { RegionName: "eu-west-1", KMSMasterKeyId: "k" } },
    ]);
  });

  it("names every member but the ones sent when nothing would change", () => {
    const list =
      "ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn";
    expect(thrown(() => validateUpdateTable({ TableName: "abc", AttributeDefinitions: [] })).message).toBe(
      `At least one of ${list}, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required`,
    );
    expect(thrown(() => validateUpdateTable({ TableName: "abc", MultiRegionConsistency: "STRONG" })).message).toBe(
      `At least one of ${list}, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required`,
    );
  });

  it.each([
    [
      { TableName: "abc", ProvisionedThroughput: { ReadCapacityUnits: "1" } },
      "SerializationException",
      "STRING_VALUE cannot be converted to Long",
    ],
    [
      { TableName: "abc", DeletionProtectionEnabled: 1 },
      "SerializationException",
      "NUMBER_VALUE cannot be converted to Boolean",
    ],
    [
      { TableName: "abc", GlobalSecondaryIndexUpdates: {} },
      "SerializationException",
      "Start of structure or map found where not expected",
    ],
    [{}, "ValidationException", "The parameter 'TableName' is required but was not present in the request"],
    [
      { TableName: "abc", ProvisionedThroughput: { ReadCapacityUnits: 4 } },
      "ValidationException",
      "1 validation error detected: Value null at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must not be null",
    ],
    [
      { TableName: "abc", ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 } },
      "ValidationException",
      "2 validation errors detected: Value '0' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1; Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      { TableName: "abc", BillingMode: "FREE" },
      "ValidationException",
      "1 validation error detected: Value 'FREE' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]",
    ],
    [
      { TableName: "abc", ReplicaUpdates: [] },
      "ValidationException",
      "1 validation error detected: Value '[]' at 'replicaUpdates' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      { TableName: "abc", ReplicaUpdates: [{ Create: { RegionName: "eu-west-1", TableClassOverride: "COLD" } }] },
      "ValidationException",
      "1 validation error detected: Value 'COLD' at 'replicaUpdates.1.member.create.tableClassOverride' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, STANDARD_INFREQUENT_ACCESS]",
    ],
  ])("rejects %j with %s", (body, type, message) => {
    expect(thrown(() => validateUpdateTable(body as Record<string, unknown>))).toEqual({ type, message });
  });

  const pt = { ReadCapacityUnits: 1, WriteCapacityUnits: 1 };
  const semantic: [string, Record<string, unknown>, string][] = [
    [
      "BillingMode PROVISIONED without throughput",
      { BillingMode: "PROVISIONED" },
      invalid("ProvisionedThroughput must be specified when BillingMode is PROVISIONED"),
    ],
    [
      "a capacity out of bounds",
      { ProvisionedThroughput: { ReadCapacityUnits: 1000000000001, WriteCapacityUnits: 1 } },
      "Given value 1000000000001 for ReadCapacityUnits is out of bounds",
    ],
    [
      "deletion protection with a billing switch",
      { DeletionProtectionEnabled: true, BillingMode: "PAY_PER_REQUEST" },
      invalid("DeletionProtection modification must be the only operation in the request"),
    ],
    [
      "a table class with deletion protection (class named first)",
      { DeletionProtectionEnabled: true, TableClass: "STANDARD" },
      invalid("TableClass modification must be the only operation in the request"),
    ],
    [
      "encryption with a table class (encryption named first)",
      { SSESpecification: { Enabled: true }, TableClass: "STANDARD" },
      invalid("Server-Side Encryption modification must be the only operation in the request"),
    ],
    [
      "warm throughput with throughput",
      { WarmThroughput: { ReadUnitsPerSecond: 5 }, ProvisionedThroughput: pt },
      invalid("WarmThroughput must be the only operation in the request"),
    ],
    [
      "on-demand throughput with a stream",
      { OnDemandThroughput: {}, StreamSpecification: { StreamEnabled: false } },
      invalid("OnDemandThroughput can only be combined with BillingMode in an UpdateTable request"),
    ],
    [
      "a stream with throughput",
      { StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" }, ProvisionedThroughput: pt },
      invalid("You cannot modify stream status while updating table IOPS"),
    ],
    [
      "an enabled stream without a view type",
      { StreamSpecification: { StreamEnabled: true } },
      invalid("If stream is being enabled then UpdateViewType is required"),
    ],
    [
      "a disabled stream with a view type",
      { StreamSpecification: { StreamEnabled: false, StreamViewType: "KEYS_ONLY" } },
      invalid("If stream is being disabled, then UpdateViewType must not be specified"),
    ],
    [
      "an index update with no action",
      { GlobalSecondaryIndexUpdates: [{}] },
      invalid(
        "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null",
      ),
    ],
    [
      "two updates of one index",
      { GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "idx" } }, { Delete: { IndexName: "idx" } }] },
      invalid("Only one global secondary index update per index is allowed simultaneously. Index: idx"),
    ],
    [
      "an empty index update list beside another change",
      { GlobalSecondaryIndexUpdates: [], BillingMode: "PAY_PER_REQUEST" },
      invalid("List of GlobalSecondaryIndexUpdates is empty"),
    ],
    [
      "a replica update with no action",
      { ReplicaUpdates: [{}] },
      "There are no actions specified in the Replica Update Action of the request.",
    ],
    [
      "a replica Update naming only its region",
      { ReplicaUpdates: [{ Update: { RegionName: "eu-west-1" } }] },
      "There are no actions specified in the Replica Update Action of the request.",
    ],
    [
      "a replica update beside a table class (the replica rule is named first)",
      { ReplicaUpdates: [{ Delete: { RegionName: "eu-west-1" } }], TableClass: "STANDARD" },
      invalid("Replica modification must be the only operation in the request"),
    ],
    [
      "a replica update beside deletion protection",
      { ReplicaUpdates: [{ Create: { RegionName: "eu-west-1" } }], DeletionProtectionEnabled: true },
      invalid("Replica modification must be the only operation in the request"),
    ],
  ];
  it.each(semantic)("rejects %s before looking at the table", (_, body, message) => {
    expect(thrown(() => validateUpdateTable({ TableName: "abc", ...body }))).toEqual({
      type: "ValidationException",
      message,
    });
  });
});

const create = (IndexName = "gsi2", over: Record<string, unknown> = {}) => ({
  Create: {
    IndexName,
    KeySchema: [{ AttributeName: "g2", KeyType: "HASH" }],
    Projection: { ProjectionType: "ALL" },
    ...over,
  },
});
const remove = (IndexName: string) => ({ Delete: { IndexName } });
const update = (
  IndexName: string,
  over: Record<string, unknown> = { ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 } },
) => ({
  Update: { IndexName, ...over },
});
const withIndexUpdates = (updates: unknown[], over: Record<string, unknown> = {}) => ({
  TableName: "abc",
  AttributeDefinitions: [{ AttributeName: "g2", AttributeType: "S" }],
  GlobalSecondaryIndexUpdates: updates,
  ...over,
});

describe("UpdateTable validation: GlobalSecondaryIndexUpdates", () => {
  it("UpdateTable: parses a Create with its definitions, an Update and a Delete, typed", () => {
    const input = validateUpdateTable(
      withIndexUpdates([
        create("gsi2", { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 2 } }),
        update("gsi1"),
      ]),
    );
    expect(input.AttributeDefinitions).toEqual([{ AttributeName: "g2", AttributeType: "S" }]);
    expect(input.GlobalSecondaryIndexUpdates).toEqual([
      {
        Create: {
          Projection: { ProjectionType: "ALL" },
          IndexName: "gsi2",
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 2 },
          KeySchema: [{ AttributeName: "g2", KeyType: "HASH" }],
        },
      },
      { Update: { IndexName: "gsi1", ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 } } },
    ]);
    expect(validateUpdateTable(withIndexUpdates([remove("gsi1")])).GlobalSecondaryIndexUpdates).toEqual([
      { Delete: { IndexName: "gsi1" } },
    ]);
  });

  it.each([
    ["two Creates", [create("gsi2"), create("gsi3")]],
    ["a Create and a Delete", [create("gsi2"), remove("gsi1")]],
    ["two Deletes", [remove("gsi1"), remove("gsi2")]],
    ["six Deletes of indexes the table may lack", ["abc", "abd", "abe", "abf", "abg", "abh"].map(remove)],
  ])("UpdateTable: refuses %s in one call with LimitExceededException", (_, updates) => {
    expect(thrown(() => validateUpdateTable(withIndexUpdates(updates)))).toEqual({
      type: "LimitExceededException",
      message: "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
    });
  });

  it("UpdateTable: accepts Updates of two indexes, and a Create with an Update of another index", () => {
    expect(
      validateUpdateTable(withIndexUpdates([update("gsi1"), update("gsi2")])).GlobalSecondaryIndexUpdates,
    ).toHaveLength(2);
    expect(
      validateUpdateTable(withIndexUpdates([create("gsi3"), update("gsi1")])).GlobalSecondaryIndexUpdates,
    ).toHaveLength(2);
  });

  it("UpdateTable: accepts a Create beside a switch to PAY_PER_REQUEST", () => {
    expect(validateUpdateTable(withIndexUpdates([create()], { BillingMode: "PAY_PER_REQUEST" })).BillingMode).toBe(
      "PAY_PER_REQUEST",
    );
  });

  it.each<[string, unknown[], Record<string, unknown>, string]>([
    [
      "a Delete and a Create of one index (a ValidationException, before the one-index limit)",
      [remove("gsi1"), create("gsi1")],
      {},
      invalid("Only one global secondary index update per index is allowed simultaneously. Index: gsi1"),
    ],
    [
      "two Updates of one index",
      [update("gsi1"), update("gsi1")],
      {},
      invalid("Only one global secondary index update per index is allowed simultaneously. Index: gsi1"),
    ],
    [
      "an entry with an Update and a Delete",
      [{ ...update("gsi1"), ...remove("gsi1") }],
      {},
      invalid("Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object"),
    ],
    [
      "an Update that changes nothing",
      [update("gsi1"), update("gsi2", {})],
      {},
      "1 validation error detected: Value null at 'globalSecondaryIndexUpdates.2.member.update.provisionedThroughput' failed to satisfy constraint: Member must not be null",
    ],
    [
      "a Create with table throughput",
      [create()],
      { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
      invalid("You cannot create or delete index while updating table IOPS"),
    ],
    [
      "a Delete with a switch to PROVISIONED",
      [remove("gsi1")],
      { BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
      invalid("You cannot create or delete index while updating table IOPS"),
    ],
    [
      "a Create with a stream change",
      [create()],
      { StreamSpecification: { StreamEnabled: false } },
      invalid("You cannot create or delete index while changing stream status"),
    ],
    [
      "a Create with deletion protection",
      [create()],
      { DeletionProtectionEnabled: true },
      invalid("DeletionProtection modification must be the only operation in the request"),
    ],
    [
      "a Create with a table class",
      [create()],
      { TableClass: "STANDARD" },
      invalid("TableClass modification must be the only operation in the request"),
    ],
    [
      "a Create with encryption",
      [create()],
      { SSESpecification: { Enabled: true } },
      invalid("Server-Side Encryption modification must be the only operation in the request"),
    ],
    [
      "a Create with warm throughput",
      [create()],
      { WarmThroughput: { ReadUnitsPerSecond: 5 } },
      invalid("Create global secondary index cannot be specified when updating WarmThroughput"),
    ],
    [
      "a Delete with warm throughput",
      [remove("gsi1")],
      { WarmThroughput: { ReadUnitsPerSecond: 5 } },
      invalid("WarmThroughput must be the only operation in the request"),
    ],
  ])("UpdateTable: refuses %s", (_, updates, over, message) => {
    expect(thrown(() => validateUpdateTable(withIndexUpdates(updates, over)))).toEqual({
      type: "ValidationException",
      message,
    });
  });

  const path = "globalSecondaryIndexUpdates.1.member";
  it.each<[string, unknown, string[]]>([
    [
      "a short Update index name with a bad character (length before pattern)",
      update("h;"),
      [
        `Value 'h;' at '${path}.update.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3`,
        `Value 'h;' at '${path}.update.indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`,
      ],
    ],
    [
      "a Delete without index name",
      { Delete: {} },
      [`Value null at '${path}.delete.indexName' failed to satisfy constraint: Member must not be null`],
    ],
    [
      "a Create without projection, name or key schema",
      { Create: {} },
      [
        `Value null at '${path}.create.projection' failed to satisfy constraint: Member must not be null`,
        `Value null at '${path}.create.indexName' failed to satisfy constraint: Member must not be null`,
        `Value null at '${path}.create.keySchema' failed to satisfy constraint: Member must not be null`,
      ],
    ],
    [
      "a Create with an unknown projection type and zero capacity",
      create("gsi2", {
        Projection: { ProjectionType: "abc" },
        ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 1 },
      }),
      [
        `Value 'abc' at '${path}.create.projection.projectionType' failed to satisfy constraint: Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]`,
        `Value '0' at '${path}.create.provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1`,
      ],
    ],
    [
      "a Create with empty NonKeyAttributes",
      create("gsi2", { Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: [] } }),
      [
        `Value '[]' at '${path}.create.projection.nonKeyAttributes' failed to satisfy constraint: Member must have length greater than or equal to 1`,
      ],
    ],
    [
      "an Update with zero capacity",
      update("gsi1", { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 0 } }),
      [
        `Value '0' at '${path}.update.provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1`,
      ],
    ],
  ])("UpdateTable: reports %s in member-constraint form", (_, entry, listed) => {
    expect(thrown(() => validateUpdateTable(withIndexUpdates([entry])))).toEqual({
      type: "ValidationException",
      message: `${listed.length} validation error${listed.length > 1 ? "s" : ""} detected: ${listed.join("; ")}`,
    });
  });
});
