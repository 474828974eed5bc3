/**
 * CreateTable: request shape and validation, in DynamoDB's order.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
 */
import { ValidationException } from "../errors";
import { type Members, parseRequest, TABLE_NAME } from "../schema";
import type { AttributeDefinition, BillingMode, KeySchemaElement } from "../table";
import { PROVISIONED_THROUGHPUT, TAGS, type Tag, validateTags } from "./common";

export interface CreateTableInput {
  TableName: string;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  LocalSecondaryIndexes?: unknown[];
  GlobalSecondaryIndexes?: unknown[];
  StreamSpecification?: { StreamEnabled: boolean; StreamViewType?: string };
  Tags?: Tag[];
  TableClass?: "STANDARD" | "STANDARD_INFREQUENT_ACCESS";
  DeletionProtectionEnabled?: boolean;
}

const KEY_SCHEMA = {
  type: "list",
  notNull: true,
  minLength: 1,
  maxLength: 2,
  member: {
    type: "struct",
    name: "KeySchemaElement",
    valueStruct: true,
    members: {
      AttributeName: { type: "string", notNull: true, minLength: 1, maxLength: 255 },
      KeyType: { type: "string", notNull: true, enum: ["HASH", "RANGE"] },
    },
  },
} as const;

const MEMBERS: Members = {
  AttributeDefinitions: {
    type: "list",
    notNull: true,
    member: {
      type: "struct",
      name: "AttributeDefinition",
      valueStruct: true,
      members: {
        AttributeName: { type: "string", notNull: true, minLength: 1, maxLength: 255 },
        AttributeType: { type: "string", notNull: true, enum: ["B", "N", "S"] },
      },
    },
  },
  TableName: TABLE_NAME,
  KeySchema: KEY_SCHEMA,
  LocalSecondaryIndexes: { type: "list", member: { type: "struct", name: "LocalSecondaryIndex", members: {} } },
  GlobalSecondaryIndexes: { type: "list", member: { type: "struct", name: "GlobalSecondaryIndex", members: {} } },
  BillingMode: { type: "string", enum: ["PROVISIONED", "PAY_PER_REQUEST"] },
  ProvisionedThroughput: PROVISIONED_THROUGHPUT,
  StreamSpecification: {
    type: "struct",
    name: "StreamSpecification",
    members: {
      StreamEnabled: { type: "boolean", notNull: true },
      StreamViewType: { type: "string", enum: ["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"] },
    },
  },
  Tags: TAGS,
  TableClass: { type: "string", enum: ["STANDARD", "STANDARD_INFREQUENT_ACCESS"] },
  DeletionProtectionEnabled: { type: "boolean" },
};

const invalid = (message: string) => new ValidationException(`One or more parameter values were invalid: ${message}`);

export function validateCreateTable(body: Record<string, unknown>): CreateTableInput {
  const input = parseRequest<CreateTableInput>(body, MEMBERS);
  validateThroughputForBillingMode(input.BillingMode ?? "PROVISIONED", input.ProvisionedThroughput);

  const definitions = input.AttributeDefinitions.map((d) => d.AttributeName);
  const keys = input.KeySchema.map((k) => k.AttributeName);
  if (keys.length > definitions.length)
    throw new ValidationException("Invalid KeySchema: Some index key attribute have no definition");
  if (keys.some((k) => !definitions.includes(k))) {
    throw invalid(
      `Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(", ")}], AttributeDefinitions: [${definitions.join(", ")}]`,
    );
  }
  if (keys[0] === keys[1])
    throw new ValidationException("Both the Hash Key and the Range Key element in the KeySchema have the same name");
  if (input.KeySchema[0].KeyType !== "HASH") {
    throw new ValidationException("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (input.KeySchema[1] && input.KeySchema[1].KeyType !== "RANGE") {
    throw new ValidationException("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  }
  if (new Set(definitions).size !== definitions.length) {
    throw invalid("Duplicate AttributeName in AttributeDefinitions");
  }
  if (input.LocalSecondaryIndexes || input.GlobalSecondaryIndexes) {
    // Indexes arrive with their own issue; refusing them beats silently ignoring them.
    throw new ValidationException("Secondary indexes are not supported by this server yet");
  }
  if (input.KeySchema.length !== input.AttributeDefinitions.length) {
    throw invalid(
      "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
    );
  }
  if (input.Tags) validateTags(input.Tags);
  return input;
}

/** The rules tying ProvisionedThroughput to BillingMode, shared with UpdateTable. */
export function validateThroughputForBillingMode(
  billingMode: BillingMode,
  throughput: { ReadCapacityUnits?: number; WriteCapacityUnits?: number } | undefined,
): void {
  if (billingMode === "PAY_PER_REQUEST") {
    if (throughput) {
      throw invalid(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
      );
    }
    return;
  }
  if (!throughput?.ReadCapacityUnits || !throughput.WriteCapacityUnits) {
    throw invalid("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
  }
  for (const name of ["ReadCapacityUnits", "WriteCapacityUnits"] as const) {
    if (throughput[name]! > 1_000_000_000_000) {
      throw new ValidationException(`Given value ${throughput[name]} for ${name} is out of bounds`);
    }
  }
}
