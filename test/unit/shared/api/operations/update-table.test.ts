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
