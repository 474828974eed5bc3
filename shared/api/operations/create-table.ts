/**
 * CreateTable: request shape and validation, in DynamoDB's order.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
 */
import { ValidationException } from "../errors";
import { type Members, parseRequest, type Shape, TABLE_NAME } from "../schema";
import type { AttributeDefinition, BillingMode, KeySchemaElement } from "../table";
import { checkCapacityBounds, PROVISIONED_THROUGHPUT, TAGS, type Tag, validateTags } from "./common";

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

export const KEY_SCHEMA_ELEMENT: Shape = {
  type: "struct",
  name: "KeySchemaElement",
  valueStruct: true,
  members: {
    AttributeName: { type: "string", notNull: true, minLength: 1, maxLength: 255 },
    KeyType: { type: "string", notNull: true, enum: ["HASH", "RANGE"] },
  },
};

export const ATTRIBUTE_DEFINITION: Shape = {
  type: "struct",
  name: "AttributeDefinition",
  valueStruct: true,
  members: {
    AttributeName: { type: "string", notNull: true, minLength: 1, maxLength: 255 },
    AttributeType: { type: "string", notNull: true, enum: ["B", "N", "S"] },
  },
};

const STREAM_VIEW_TYPES = ["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"];

export const STREAM_SPECIFICATION: Shape = {
  type: "struct",
  name: "StreamSpecification",
  members: {
    StreamEnabled: { type: "boolean", notNull: true },
    StreamViewType: { type: "string", enum: STREAM_VIEW_TYPES },
  },
};

/** In AWS's order, which is the order of the constraint messages. */
const MEMBERS: Members = {
  AttributeDefinitions: { type: "list", notNull: true, member: ATTRIBUTE_DEFINITION },
  TableName: TABLE_NAME,
  BillingMode: { type: "string", enum: ["PROVISIONED", "PAY_PER_REQUEST"] },
  ProvisionedThroughput: PROVISIONED_THROUGHPUT,
  KeySchema: { type: "list", notNull: true, minLength: 1, maxLength: 2, member: KEY_SCHEMA_ELEMENT },
  LocalSecondaryIndexes: { type: "list", member: { type: "struct", name: "LocalSecondaryIndex", members: {} } },
  GlobalSecondaryIndexes: { type: "list", member: { type: "struct", name: "GlobalSecondaryIndex", members: {} } },
  StreamSpecification: STREAM_SPECIFICATION,
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
  const duplicate = definitions.find((name, i) => definitions.indexOf(name) !== i);
  if (duplicate !== undefined) throw new ValidationException(`Attribute Name is duplicated: ${duplicate}`);
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
  if (input.StreamSpecification) validateNewStream(input.StreamSpecification);
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
  checkCapacityBounds({
    ReadCapacityUnits: throughput.ReadCapacityUnits,
    WriteCapacityUnits: throughput.WriteCapacityUnits,
  });
}

/** A stream asked for at creation; streams arrive with their own issue, so an enabled one is refused. */
function validateNewStream(stream: { StreamEnabled: boolean; StreamViewType?: string }): void {
  if (stream.StreamEnabled && !stream.StreamViewType) {
    throw invalid("Table is being created with a stream enabled, UpdateViewType is required");
  }
  if (!stream.StreamEnabled && stream.StreamViewType) {
    throw invalid("Table is being created with a stream disabled, UpdateViewType should not be specified");
  }
  if (stream.StreamEnabled) throw new ValidationException("Streams are not supported by this server yet");
}
