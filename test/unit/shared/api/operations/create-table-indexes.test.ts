/**
 * CreateTable with LocalSecondaryIndexes and GlobalSecondaryIndexes: every case of
 * docs/issue-15-dynamodb-behaviour.md section 1 (member constraints, semantic checks, their order),
 * and the catalog entries a valid request makes.
 */
import { describe, expect, it } from "vitest";
import {
  type CreateTableInput,
  checkIndexQuotas,
  indexesOf,
  validateCreateTable,
} from "../../../../../shared/api/operations/create-table";
import { thrown } from "./helpers";

type Body = Record<string, unknown>;

const def = (AttributeName: string, AttributeType = "S") => ({ AttributeName, AttributeType });
const hash = (AttributeName: string) => ({ AttributeName, KeyType: "HASH" });
const range = (AttributeName: string) => ({ AttributeName, KeyType: "RANGE" });
const pt = (read = 5, write = 5) => ({ ReadCapacityUnits: read, WriteCapacityUnits: write });
const lsi = (over: Body = {}): Body => ({
  IndexName: "lsi1",
  KeySchema: [hash("pk"), range("a")],
  Projection: { ProjectionType: "ALL" },
  ...over,
});
const gsi = (over: Body = {}): Body => ({
  IndexName: "gsi1",
  KeySchema: [hash("b")],
  Projection: { ProjectionType: "ALL" },
  ProvisionedThroughput: pt(),
  ...over,
});

/** The behaviour note's base request (its table name `t1` is too short for DynamoDB's naming rules). */
const base = (over: Body = {}): Body => ({
  TableName: "tbl",
  AttributeDefinitions: [def("pk"), def("sk"), def("a"), def("b")],
  KeySchema: [hash("pk"), range("sk")],
  ProvisionedThroughput: pt(),
  LocalSecondaryIndexes: [lsi()],
  GlobalSecondaryIndexes: [gsi()],
  ...over,
});

const invalid = (message: string) => `One or more parameter values were invalid: ${message}`;
const failure = (body: Body) => thrown(() => validateCreateTable(body));
const validation = (message: string) => ({ type: "ValidationException", message });
const constraint = (path: string, value: string, rule: string) =>
  `Value ${value === "null" ? value : `'${value}'`} at '${path}' failed to satisfy constraint: Member must ${rule}`;
const errors = (...listed: string[]) =>
  `${listed.length} validation error${listed.length > 1 ? "s" : ""} detected: ${listed.join("; ")}`;

describe("CreateTable with indexes: accepted requests", () => {
  it("CreateTable: accepts the base request with one LSI and one GSI, typed", () => {
    const input = validateCreateTable(base());
    expect(input.LocalSecondaryIndexes).toEqual([
      { Projection: { ProjectionType: "ALL" }, IndexName: "lsi1", KeySchema: [hash("pk"), range("a")] },
    ]);
    expect(input.GlobalSecondaryIndexes).toEqual([
      { Projection: { ProjectionType: "ALL" }, IndexName: "gsi1", ProvisionedThroughput: pt(), KeySchema: [hash("b")] },
    ]);
  });

  it.each<[string, Body]>([
    [
      "an LSI whose range key is the table's sort key",
      {
        AttributeDefinitions: [def("pk"), def("sk"), def("b")],
        LocalSecondaryIndexes: [lsi({ KeySchema: [hash("pk"), range("sk")] })],
      },
    ],
    [
      "GSIs keyed by the table's key, in either order",
      {
        AttributeDefinitions: [def("pk"), def("sk"), def("a")],
        GlobalSecondaryIndexes: [
          gsi({ KeySchema: [hash("pk"), range("sk")] }),
          gsi({ IndexName: "gsi2", KeySchema: [hash("sk"), range("pk")] }),
        ],
      },
    ],
    [
      "a GSI on a hash-only table",
      {
        AttributeDefinitions: [def("pk"), def("b")],
        KeySchema: [hash("pk")],
        LocalSecondaryIndexes: undefined,
      },
    ],
    ["an index named like its table", { GlobalSecondaryIndexes: [gsi({ IndexName: "tbl" })] }],
    [
      "index names of exactly 3 and 255 characters with '.', '_' and '-'",
      {
        LocalSecondaryIndexes: [lsi({ IndexName: "a.b" })],
        GlobalSecondaryIndexes: [gsi({ IndexName: `_-.${"x".repeat(252)}` })],
      },
    ],
    ["a GSI key of type B", { AttributeDefinitions: [def("pk"), def("sk"), def("a"), def("b", "B")] }],
    [
      "NonKeyAttributes naming the table key or the index's own key",
      {
        LocalSecondaryIndexes: [lsi({ Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["a"] } })],
        GlobalSecondaryIndexes: [gsi({ Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["pk", "b"] } })],
      },
    ],
    [
      "100 projected attributes over five indexes",
      {
        AttributeDefinitions: [def("pk"), def("sk"), def("b")],
        LocalSecondaryIndexes: undefined,
        GlobalSecondaryIndexes: Array.from({ length: 5 }, (_, i) =>
          gsi({
            IndexName: `gsi${i}`,
            Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: Array.from({ length: 20 }, (_, j) => `x${j}`) },
          }),
        ),
      },
    ],
    [
      "5 LSIs and 20 GSIs",
      {
        AttributeDefinitions: [def("pk"), def("sk"), def("b"), ...[1, 2, 3, 4, 5].map((i) => def(`a${i}`))],
        LocalSecondaryIndexes: [1, 2, 3, 4, 5].map((i) =>
          lsi({ IndexName: `lsi${i}`, KeySchema: [hash("pk"), range(`a${i}`)] }),
        ),
        GlobalSecondaryIndexes: Array.from({ length: 20 }, (_, i) => gsi({ IndexName: `gsi${i}` })),
      },
    ],
  ])("CreateTable: accepts %s", (_, over) => {
    expect(validateCreateTable(base(over)).TableName).toBe("tbl");
  });

  it("CreateTable: ignores a ProvisionedThroughput sent with an LSI, as the service does", () => {
    const input = validateCreateTable(base({ LocalSecondaryIndexes: [lsi({ ProvisionedThroughput: pt() })] }));
    expect(input.LocalSecondaryIndexes?.[0]).not.toHaveProperty("ProvisionedThroughput");
  });

  it("CreateTable: accepts a GSI's OnDemandThroughput on a PAY_PER_REQUEST table", () => {
    const input = validateCreateTable(
      base({
        BillingMode: "PAY_PER_REQUEST",
        ProvisionedThroughput: undefined,
        GlobalSecondaryIndexes: [
          gsi({
            ProvisionedThroughput: undefined,
            OnDemandThroughput: { MaxReadRequestUnits: 50, MaxWriteRequestUnits: 50 },
          }),
        ],
      }),
    );
    expect(input.GlobalSecondaryIndexes?.[0].OnDemandThroughput).toEqual({
      MaxReadRequestUnits: 50,
      MaxWriteRequestUnits: 50,
    });
  });
});

describe("CreateTable with indexes: member constraints", () => {
  it.each<[string, Body, string]>([
    [
      "a missing LSI name",
      { LocalSecondaryIndexes: [lsi({ IndexName: undefined })] },
      errors(constraint("localSecondaryIndexes.1.member.indexName", "null", "not be null")),
    ],
    [
      "a short index name with a bad character (length before pattern)",
      { LocalSecondaryIndexes: [lsi({ IndexName: "h;" })] },
      errors(
        constraint("localSecondaryIndexes.1.member.indexName", "h;", "have length greater than or equal to 3"),
        constraint(
          "localSecondaryIndexes.1.member.indexName",
          "h;",
          "satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        ),
      ),
    ],
    [
      "a 256-character GSI name",
      { GlobalSecondaryIndexes: [gsi({ IndexName: "x".repeat(256) })] },
      errors(
        constraint(
          "globalSecondaryIndexes.1.member.indexName",
          "x".repeat(256),
          "have length less than or equal to 255",
        ),
      ),
    ],
    [
      "an empty LSI key schema",
      { LocalSecondaryIndexes: [lsi({ KeySchema: [] })] },
      errors(constraint("localSecondaryIndexes.1.member.keySchema", "[]", "have length greater than or equal to 1")),
    ],
    [
      "a missing GSI key schema",
      { GlobalSecondaryIndexes: [gsi({ KeySchema: undefined })] },
      errors(constraint("globalSecondaryIndexes.1.member.keySchema", "null", "not be null")),
    ],
    [
      "a missing projection",
      { GlobalSecondaryIndexes: [gsi({ Projection: undefined })] },
      errors(constraint("globalSecondaryIndexes.1.member.projection", "null", "not be null")),
    ],
    [
      "an unknown projection type",
      { LocalSecondaryIndexes: [lsi({ Projection: { ProjectionType: "abc" } })] },
      errors(
        constraint(
          "localSecondaryIndexes.1.member.projection.projectionType",
          "abc",
          "satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]",
        ),
      ),
    ],
    [
      "a lowercase projection type",
      { GlobalSecondaryIndexes: [gsi({ Projection: { ProjectionType: "all" } })] },
      errors(
        constraint(
          "globalSecondaryIndexes.1.member.projection.projectionType",
          "all",
          "satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]",
        ),
      ),
    ],
    [
      "empty NonKeyAttributes, whatever the projection type",
      { LocalSecondaryIndexes: [lsi({ Projection: { ProjectionType: "ALL", NonKeyAttributes: [] } })] },
      errors(
        constraint(
          "localSecondaryIndexes.1.member.projection.nonKeyAttributes",
          "[]",
          "have length greater than or equal to 1",
        ),
      ),
    ],
    [
      "an empty NonKeyAttributes name",
      { GlobalSecondaryIndexes: [gsi({ Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: [""] } })] },
      errors(
        constraint(
          "globalSecondaryIndexes.1.member.projection.nonKeyAttributes.1.member",
          "",
          "have length greater than or equal to 1",
        ),
      ),
    ],
    [
      "zero GSI capacity (write before read)",
      { GlobalSecondaryIndexes: [gsi({ ProvisionedThroughput: pt(0, 0) })] },
      errors(
        constraint(
          "globalSecondaryIndexes.1.member.provisionedThroughput.writeCapacityUnits",
          "0",
          "have value greater than or equal to 1",
        ),
        constraint(
          "globalSecondaryIndexes.1.member.provisionedThroughput.readCapacityUnits",
          "0",
          "have value greater than or equal to 1",
        ),
      ),
    ],
    [
      "an empty throughput on the second GSI",
      { GlobalSecondaryIndexes: [gsi(), gsi({ IndexName: "gsi2", ProvisionedThroughput: {} })] },
      errors(
        constraint("globalSecondaryIndexes.2.member.provisionedThroughput.writeCapacityUnits", "null", "not be null"),
        constraint("globalSecondaryIndexes.2.member.provisionedThroughput.readCapacityUnits", "null", "not be null"),
      ),
    ],
    [
      "an index without name, key schema or projection (projection, name, key schema)",
      { LocalSecondaryIndexes: [{}] },
      errors(
        constraint("localSecondaryIndexes.1.member.projection", "null", "not be null"),
        constraint("localSecondaryIndexes.1.member.indexName", "null", "not be null"),
        constraint("localSecondaryIndexes.1.member.keySchema", "null", "not be null"),
      ),
    ],
    [
      "the table's key schema and an index together, in member order",
      { KeySchema: undefined, LocalSecondaryIndexes: [lsi({ Projection: undefined })] },
      errors(
        constraint("keySchema", "null", "not be null"),
        constraint("localSecondaryIndexes.1.member.projection", "null", "not be null"),
      ),
    ],
    [
      "a null index in the list",
      { GlobalSecondaryIndexes: [null] },
      errors(constraint("globalSecondaryIndexes.1.member", "null", "not be null")),
    ],
    [
      "a bad index name before any semantic error (an unused definition)",
      {
        AttributeDefinitions: [def("pk"), def("sk"), def("a"), def("b"), def("zz")],
        GlobalSecondaryIndexes: [gsi({ IndexName: "ab" })],
      },
      errors(constraint("globalSecondaryIndexes.1.member.indexName", "ab", "have length greater than or equal to 3")),
    ],
  ])("CreateTable: reports %s in member-constraint form", (_, over, message) => {
    expect(failure(base(over))).toEqual(validation(message));
  });

  it.each<[string, unknown[], number]>([
    ["an LSI key schema of 3 elements", [hash("pk"), range("a"), range("sk")], 2],
    ["a GSI key schema of 9 elements", Array.from({ length: 9 }, () => hash("b")), 8],
  ])("CreateTable: reports %s as too long", (_, KeySchema, max) => {
    const isLocal = max === 2;
    const body = isLocal
      ? base({ LocalSecondaryIndexes: [lsi({ KeySchema })] })
      : base({ GlobalSecondaryIndexes: [gsi({ KeySchema })] });
    const path = `${isLocal ? "local" : "global"}SecondaryIndexes.1.member.keySchema`;
    expect(failure(body).message).toMatch(
      new RegExp(
        `^1 validation error detected: Value '.*' at '${path.replace(/\./g, "\\.")}' failed to satisfy constraint: Member must have length less than or equal to ${max}$`,
      ),
    );
  });

  it("CreateTable: reports 21 NonKeyAttributes as too many", () => {
    const NonKeyAttributes = Array.from({ length: 21 }, (_, i) => `x${i}`);
    const body = base({
      GlobalSecondaryIndexes: [gsi({ Projection: { ProjectionType: "INCLUDE", NonKeyAttributes } })],
    });
    expect(failure(body)).toEqual(
      validation(
        errors(
          constraint(
            "globalSecondaryIndexes.1.member.projection.nonKeyAttributes",
            `[${NonKeyAttributes.join(", ")}]`,
            "have length less than or equal to 20",
          ),
        ),
      ),
    );
  });
});

const sixLsis = (names = ["a1", "a2", "a3", "a4", "a5", "a6"]) => ({
  AttributeDefinitions: [def("pk"), def("sk"), def("b"), ...names.map((n) => def(n))],
  LocalSecondaryIndexes: names.map((n, i) => lsi({ IndexName: `lsi${i}`, KeySchema: [hash("pk"), range(n)] })),
});
const gsis = (count: number, over: (i: number) => Body = () => ({})) =>
  Array.from({ length: count }, (_, i) => gsi({ IndexName: `gsi${i}`, ...over(i) }));
const include = (count: number, prefix = "x") => ({
  ProjectionType: "INCLUDE",
  NonKeyAttributes: Array.from({ length: count }, (_, j) => `${prefix}${j}`),
});

describe("CreateTable with indexes: semantic checks", () => {
  it.each<[string, Body, string]>([
    [
      "an LSI on a hash-only table (row 1)",
      {
        AttributeDefinitions: [def("pk"), def("a")],
        KeySchema: [hash("pk")],
        GlobalSecondaryIndexes: undefined,
      },
      invalid("Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex"),
    ],
    [
      "an LSI with another hash key (row 2)",
      { LocalSecondaryIndexes: [lsi({ KeySchema: [hash("b"), range("a")] })] },
      invalid(
        "Index KeySchema does not have the same leading hash key as table KeySchema for index: lsi1. index hash key: b, table hash key: pk",
      ),
    ],
    [
      "an LSI keyed by the table's hash key only (row 3)",
      {
        AttributeDefinitions: [def("pk"), def("sk"), def("b")],
        LocalSecondaryIndexes: [lsi({ KeySchema: [hash("pk")] })],
      },
      invalid("Index KeySchema does not have a range key for index: lsi1"),
    ],
    [
      "an LSI keyed by another attribute only, before the same-hash check (row 3)",
      { LocalSecondaryIndexes: [lsi({ KeySchema: [hash("a")] })] },
      invalid("Index KeySchema does not have a range key for index: lsi1"),
    ],
    [
      "an LSI key with RANGE first (row 4)",
      { LocalSecondaryIndexes: [lsi({ KeySchema: [range("a"), hash("pk")] })] },
      "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
    ],
    [
      "a RANGE-only GSI key (row 4)",
      { GlobalSecondaryIndexes: [gsi({ KeySchema: [range("b")] })] },
      "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
    ],
    [
      "an LSI key whose second element is HASH (row 5)",
      { LocalSecondaryIndexes: [lsi({ KeySchema: [hash("pk"), hash("a")] })] },
      "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
    ],
    [
      "an LSI key naming one attribute twice (row 6)",
      {
        AttributeDefinitions: [def("pk"), def("sk"), def("b")],
        LocalSecondaryIndexes: [lsi({ KeySchema: [hash("pk"), range("pk")] })],
      },
      "Both the Hash Key and the Range Key element in the KeySchema have the same name",
    ],
    [
      "a GSI key naming one attribute twice (row 6)",
      { GlobalSecondaryIndexes: [gsi({ KeySchema: [hash("b"), range("b")] })] },
      "The KeySchema contains multiple key attributes with the same name",
    ],
    ["more than 5 LSIs (row 7)", sixLsis(), invalid("Number of LocalSecondaryIndexes exceeds per-table limit of 5")],
    [
      "more than 20 GSIs (row 8)",
      { GlobalSecondaryIndexes: gsis(21) },
      invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20"),
    ],
    [
      "two LSIs of one name (row 9)",
      { LocalSecondaryIndexes: [lsi({ IndexName: "idx" }), lsi({ IndexName: "idx" })] },
      invalid("Duplicate index name: idx"),
    ],
    [
      "two GSIs of one name (row 10)",
      { GlobalSecondaryIndexes: [gsi({ IndexName: "sameIndex" }), gsi({ IndexName: "sameIndex" })] },
      invalid("Duplicate index name: sameIndex"),
    ],
    [
      "an LSI and a GSI of one name (row 11)",
      { LocalSecondaryIndexes: [lsi({ IndexName: "idx" })], GlobalSecondaryIndexes: [gsi({ IndexName: "idx" })] },
      invalid("Duplicate index name: idx"),
    ],
    [
      "an empty GSI list (row 12)",
      { AttributeDefinitions: [def("pk"), def("sk"), def("a")], GlobalSecondaryIndexes: [] },
      invalid("List of GlobalSecondaryIndexes is empty"),
    ],
    [
      "an empty LSI list (row 13)",
      { AttributeDefinitions: [def("pk"), def("sk"), def("b")], LocalSecondaryIndexes: [] },
      invalid("List of LocalSecondaryIndexes is empty"),
    ],
    [
      "an empty LSI list on a hash-only table, before the range key check (row 13)",
      { AttributeDefinitions: [def("pk"), def("b")], KeySchema: [hash("pk")], LocalSecondaryIndexes: [] },
      invalid("List of LocalSecondaryIndexes is empty"),
    ],
    [
      "an attribute definition no key uses (row 14)",
      { AttributeDefinitions: [def("pk"), def("sk"), def("a"), def("b"), def("zz")] },
      invalid(
        "Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, a, b, zz], keys used: [a, b, sk, pk]",
      ),
    ],
    [
      "a GSI key attribute not defined (row 15)",
      { GlobalSecondaryIndexes: [gsi(), gsi({ IndexName: "gsi2", KeySchema: [hash("c")] })] },
      invalid(
        "Some index key attributes are not defined in AttributeDefinitions. Keys: [c], AttributeDefinitions: [a, b, sk, pk]",
      ),
    ],
    [
      "an LSI key attribute not defined, naming both of its keys (row 15)",
      { LocalSecondaryIndexes: [lsi(), lsi({ IndexName: "lsi2", KeySchema: [hash("pk"), range("c")] })] },
      invalid(
        "Some index key attributes are not defined in AttributeDefinitions. Keys: [c, pk], AttributeDefinitions: [a, b, sk, pk]",
      ),
    ],
    [
      "an empty projection (row 16)",
      { GlobalSecondaryIndexes: [gsi({ Projection: {} })] },
      invalid("Unknown ProjectionType: null"),
    ],
    [
      "NonKeyAttributes without a projection type (row 16)",
      { LocalSecondaryIndexes: [lsi({ Projection: { NonKeyAttributes: ["x"] } })] },
      invalid("Unknown ProjectionType: null"),
    ],
    [
      "INCLUDE without NonKeyAttributes (row 17)",
      { GlobalSecondaryIndexes: [gsi({ Projection: { ProjectionType: "INCLUDE" } })] },
      invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified"),
    ],
    [
      "KEYS_ONLY with NonKeyAttributes (row 18)",
      { GlobalSecondaryIndexes: [gsi({ Projection: { ProjectionType: "KEYS_ONLY", NonKeyAttributes: ["x"] } })] },
      invalid("ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified"),
    ],
    [
      "ALL with NonKeyAttributes (row 18)",
      { LocalSecondaryIndexes: [lsi({ Projection: { ProjectionType: "ALL", NonKeyAttributes: ["x"] } })] },
      invalid("ProjectionType is ALL, but NonKeyAttributes is specified"),
    ],
    [
      "a NonKeyAttributes name twice (row 19)",
      {
        GlobalSecondaryIndexes: [gsi({ Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["x", "y", "x"] } })],
      },
      invalid("Duplicate element in NonKeyAttributes: x"),
    ],
    [
      // The service's wording is not recorded (docs/issue-15-dynamodb-behaviour.md, row 20): unverified.
      "102 projected attributes over six indexes (row 20, wording unverified)",
      {
        LocalSecondaryIndexes: [lsi({ Projection: include(17) })],
        GlobalSecondaryIndexes: gsis(5, () => ({ Projection: include(17) })),
      },
      invalid("Number of projected attributes in all indexes exceeds limit of 100"),
    ],
    [
      "a GSI without throughput on a provisioned table (row 22)",
      { GlobalSecondaryIndexes: [gsi({ ProvisionedThroughput: undefined })] },
      invalid("ProvisionedThroughput is not specified for index: gsi1"),
    ],
    [
      "a GSI without throughput under BillingMode PROVISIONED (row 22)",
      { BillingMode: "PROVISIONED", GlobalSecondaryIndexes: [gsi({ ProvisionedThroughput: undefined })] },
      invalid("ProvisionedThroughput is not specified for index: gsi1"),
    ],
    [
      "a GSI with throughput on a PAY_PER_REQUEST table (row 23)",
      { BillingMode: "PAY_PER_REQUEST", ProvisionedThroughput: undefined },
      invalid("ProvisionedThroughput should not be specified for index: gsi1 when BillingMode is PAY_PER_REQUEST"),
    ],
    [
      "a GSI's OnDemandThroughput on a provisioned table (row 27)",
      { GlobalSecondaryIndexes: [gsi({ OnDemandThroughput: { MaxReadRequestUnits: 50, MaxWriteRequestUnits: 50 } })] },
      invalid(
        "MaxReadRequestUnits for OnDemandThroughput for index : gsi1 cannot be specified when the table BillingMode is PROVISIONED",
      ),
    ],
    [
      "a GSI's MaxWriteRequestUnits on a provisioned table (row 27)",
      { GlobalSecondaryIndexes: [gsi({ OnDemandThroughput: { MaxWriteRequestUnits: 50 } })] },
      invalid(
        "MaxWriteRequestUnits for OnDemandThroughput for index : gsi1 cannot be specified when the table BillingMode is PROVISIONED",
      ),
    ],
    [
      "a GSI's MaxReadRequestUnits of -1 at creation (row 28)",
      {
        BillingMode: "PAY_PER_REQUEST",
        ProvisionedThroughput: undefined,
        GlobalSecondaryIndexes: [
          gsi({ ProvisionedThroughput: undefined, OnDemandThroughput: { MaxReadRequestUnits: -1 } }),
        ],
      },
      invalid("Requested MaxReadRequestUnits for OnDemandThroughput for index : gsi1 is outside of valid range"),
    ],
    [
      "a GSI's MaxWriteRequestUnits of 0 at creation (row 28)",
      {
        BillingMode: "PAY_PER_REQUEST",
        ProvisionedThroughput: undefined,
        GlobalSecondaryIndexes: [
          gsi({ ProvisionedThroughput: undefined, OnDemandThroughput: { MaxWriteRequestUnits: 0 } }),
        ],
      },
      invalid("Requested MaxWriteRequestUnits for OnDemandThroughput for index : gsi1 is outside of valid range"),
    ],
    [
      "a multi-attribute GSI key (valid on DynamoDB, not supported here)",
      { GlobalSecondaryIndexes: [gsi({ KeySchema: [hash("a"), hash("b")] })] },
      "Global secondary index keys of more than one HASH or RANGE attribute are not supported by this server yet",
    ],
    [
      "a multi-attribute GSI key with HASH after RANGE",
      {
        AttributeDefinitions: [def("pk"), def("sk"), def("a"), def("b"), def("c")],
        GlobalSecondaryIndexes: [gsi({ KeySchema: [hash("b"), range("c"), hash("a")] })],
      },
      invalid("All HASH key attributes must precede RANGE key attributes in the KeySchema"),
    ],
    [
      "a GSI key of 5 HASH attributes",
      {
        AttributeDefinitions: [def("pk"), def("sk"), def("a"), ...["b", "c", "d", "e", "f"].map((n) => def(n))],
        GlobalSecondaryIndexes: [gsi({ KeySchema: ["b", "c", "d", "e", "f"].map(hash) })],
      },
      "The KeySchema exceeds the maximum allowed number of HASH key attributes",
    ],
    [
      "a GSI key of 5 RANGE attributes",
      {
        AttributeDefinitions: [def("pk"), def("sk"), def("a"), ...["b", "c", "d", "e", "f", "g"].map((n) => def(n))],
        GlobalSecondaryIndexes: [gsi({ KeySchema: [hash("b"), ...["c", "d", "e", "f", "g"].map(range)] })],
      },
      "The KeySchema exceeds the maximum allowed number of RANGE key attributes",
    ],
  ])("CreateTable: refuses %s", (_, over, message) => {
    expect(failure(base(over))).toEqual(validation(message));
  });

  it("CreateTable: refuses a GSI's capacity above the per-index maximum, naming the region (row 24)", () => {
    const input = validateCreateTable(base({ GlobalSecondaryIndexes: [gsi({ ProvisionedThroughput: pt(40001, 5) })] }));
    expect(thrown(() => checkIndexQuotas(input, "us-west-2"))).toEqual({
      type: "LimitExceededException",
      message:
        "The requested ReadCapacityUnits for index gsi1, 40001, is above the per index maximum for the account in us-west-2. Per table maximum: 40000. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
    });
    const write = validateCreateTable(base({ GlobalSecondaryIndexes: [gsi({ ProvisionedThroughput: pt(5, 40001) })] }));
    expect(thrown(() => checkIndexQuotas(write, "eu-west-1")).message).toMatch(
      /^The requested WriteCapacityUnits for index gsi1, 40001, is above the per index maximum for the account in eu-west-1\./,
    );
    expect(() =>
      checkIndexQuotas(
        validateCreateTable(base({ GlobalSecondaryIndexes: [gsi({ ProvisionedThroughput: pt(40000, 40000) })] })),
        "us-east-1",
      ),
    ).not.toThrow();
  });
});

describe("CreateTable with indexes: order of the checks", () => {
  it.each<[string, Body, string]>([
    [
      "the table's throughput before any index check",
      { ProvisionedThroughput: undefined, LocalSecondaryIndexes: [] },
      invalid("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"),
    ],
    [
      "the table's key schema before any index check",
      { KeySchema: [range("sk"), hash("pk")], LocalSecondaryIndexes: [] },
      "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
    ],
    [
      "a duplicated definition before any index check",
      { AttributeDefinitions: [def("pk"), def("sk"), def("a"), def("b"), def("a", "N")], LocalSecondaryIndexes: [] },
      "Attribute Name is duplicated: a",
    ],
    [
      "an unused definition hides every other index error",
      {
        AttributeDefinitions: [def("pk"), def("sk"), def("a"), def("b"), def("zz")],
        LocalSecondaryIndexes: [lsi({ IndexName: "idx", Projection: {} }), lsi({ IndexName: "idx" })],
        GlobalSecondaryIndexes: [gsi({ ProvisionedThroughput: undefined })],
      },
      invalid(
        "Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, a, b, zz], keys used: [a, b, sk, pk]",
      ),
    ],
    [
      "LSIs before GSIs",
      {
        AttributeDefinitions: [def("pk"), def("sk"), def("a")],
        LocalSecondaryIndexes: [lsi({ Projection: {} })],
        GlobalSecondaryIndexes: [],
      },
      invalid("Unknown ProjectionType: null"),
    ],
    [
      "an index's projection before its name is checked against the others",
      { LocalSecondaryIndexes: [lsi({ IndexName: "idx" }), lsi({ IndexName: "idx", Projection: {} })] },
      invalid("Unknown ProjectionType: null"),
    ],
    [
      "a duplicate LSI name before the LSI count",
      {
        ...sixLsis(),
        LocalSecondaryIndexes: sixLsis().LocalSecondaryIndexes.map((index) => ({ ...index, IndexName: "idx" })),
      },
      invalid("Duplicate index name: idx"),
    ],
    [
      "a GSI's throughput before its name",
      {
        BillingMode: "PAY_PER_REQUEST",
        ProvisionedThroughput: undefined,
        GlobalSecondaryIndexes: [
          gsi({ IndexName: "idx", ProvisionedThroughput: undefined }),
          gsi({ IndexName: "idx" }),
        ],
      },
      invalid("ProvisionedThroughput should not be specified for index: idx when BillingMode is PAY_PER_REQUEST"),
    ],
    [
      "a duplicate GSI name before the GSI count",
      { GlobalSecondaryIndexes: gsis(21, (i) => (i === 20 ? { IndexName: "gsi0" } : {})) },
      invalid("Duplicate index name: gsi0"),
    ],
    [
      "the GSI count before the projected attribute total",
      { GlobalSecondaryIndexes: gsis(21, () => ({ Projection: include(20) })) },
      invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20"),
    ],
    [
      "a later GSI's missing throughput before an earlier GSI's on-demand throughput",
      {
        GlobalSecondaryIndexes: [
          gsi({ OnDemandThroughput: { MaxReadRequestUnits: 5 } }),
          gsi({ IndexName: "gsi2", ProvisionedThroughput: undefined }),
        ],
      },
      invalid("ProvisionedThroughput is not specified for index: gsi2"),
    ],
    [
      "the index checks before tags",
      { Tags: [{ Key: "aws:x", Value: "v" }], GlobalSecondaryIndexes: [gsi({ Projection: {} })] },
      invalid("Unknown ProjectionType: null"),
    ],
  ])("CreateTable: checks %s", (_, over, message) => {
    expect(failure(base(over))).toEqual(validation(message));
  });
});

describe("CreateTable with indexes: the router's entry point", () => {
  it("validateCreateTable: answers an invalid index with DynamoDB's message, not the refusal", () => {
    expect(thrown(() => validateCreateTable(base({ GlobalSecondaryIndexes: [] })))).toEqual(
      validation(
        invalid("Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, a, b], keys used: [a, sk, pk]"),
      ),
    );
  });

  it("validateCreateTable: accepts a table without indexes", () => {
    const body = base({
      AttributeDefinitions: [def("pk"), def("sk")],
      LocalSecondaryIndexes: undefined,
      GlobalSecondaryIndexes: undefined,
    });
    expect(validateCreateTable(body).TableName).toBe("tbl");
  });
});

describe("indexesOf", () => {
  const ids = () => {
    let n = 0;
    return () => `gsi-id-${++n}`;
  };

  it("indexesOf: LSIs as declared, GSIs CREATING with their own ids and capacity, without backfilling", () => {
    const input = validateCreateTable(
      base({
        GlobalSecondaryIndexes: [
          gsi({ Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["zz", "aa"] } }),
          gsi({ IndexName: "gsi2", KeySchema: [hash("b"), range("a")], ProvisionedThroughput: pt(3, 4) }),
        ],
      }),
    );
    expect(indexesOf(input, ids())).toEqual({
      localIndexes: [{ name: "lsi1", keySchema: [hash("pk"), range("a")], projection: { type: "ALL" } }],
      globalIndexes: [
        {
          name: "gsi1",
          keySchema: [hash("b")],
          projection: { type: "INCLUDE", nonKeyAttributes: ["zz", "aa"] },
          id: "gsi-id-1",
          status: "CREATING",
          readCapacityUnits: 5,
          writeCapacityUnits: 5,
          decreasesToday: 0,
        },
        {
          name: "gsi2",
          keySchema: [hash("b"), range("a")],
          projection: { type: "ALL" },
          id: "gsi-id-2",
          status: "CREATING",
          readCapacityUnits: 3,
          writeCapacityUnits: 4,
          decreasesToday: 0,
        },
      ],
    });
  });

  it("indexesOf: an on-demand table's GSI has no capacity and keeps the bounds it set", () => {
    const input = validateCreateTable(
      base({
        BillingMode: "PAY_PER_REQUEST",
        ProvisionedThroughput: undefined,
        LocalSecondaryIndexes: undefined,
        AttributeDefinitions: [def("pk"), def("sk"), def("b")],
        GlobalSecondaryIndexes: [
          gsi({ ProvisionedThroughput: undefined, OnDemandThroughput: { MaxReadRequestUnits: 50 } }),
        ],
      }),
    );
    expect(indexesOf(input, ids())).toEqual({
      globalIndexes: [
        expect.objectContaining({
          readCapacityUnits: 0,
          writeCapacityUnits: 0,
          onDemandThroughput: { MaxReadRequestUnits: 50 },
        }),
      ],
    });
  });

  it("indexesOf: nothing for a table without indexes, and no id asked for", () => {
    const input: CreateTableInput = validateCreateTable(
      base({
        AttributeDefinitions: [def("pk"), def("sk")],
        LocalSecondaryIndexes: undefined,
        GlobalSecondaryIndexes: undefined,
      }),
    );
    expect(indexesOf(input, () => expect.unreachable("no GSI, no id"))).toEqual({});
  });
});
