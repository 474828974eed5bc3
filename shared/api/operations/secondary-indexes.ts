/**
 * Secondary index definitions in requests: the shapes of CreateTable's `LocalSecondaryIndexes` and
 * `GlobalSecondaryIndexes` and of UpdateTable's `Create` action, the checks DynamoDB makes on one
 * definition (with its messages), and the catalog entries a valid definition becomes. Each
 * operation runs the checks in its own order (create-table.ts, global-index-updates.ts).
 * @see docs/issue-15-dynamodb-behaviour.md, sections 1 and 3
 */
import { ValidationException } from "../errors";
import { javaHashSetOrder } from "../java-hash-set";
import type { Shape } from "../schema";
import type {
  BillingMode,
  GlobalIndexMeta,
  IndexProjection,
  KeySchemaElement,
  LocalIndexMeta,
  OnDemandThroughput,
  ProjectionType,
} from "../table";
import { KEY_SCHEMA_ELEMENT, ON_DEMAND_THROUGHPUT, PROVISIONED_THROUGHPUT, type ProvisionedThroughput } from "./common";

export interface ProjectionInput {
  /** Present once validated; the shape lets it be absent ("Unknown ProjectionType: null"). */
  ProjectionType: ProjectionType;
  NonKeyAttributes?: string[];
}

export interface LocalSecondaryIndexInput {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: ProjectionInput;
}

/** A GSI of CreateTable, or UpdateTable's Create action. */
export interface GlobalSecondaryIndexInput extends LocalSecondaryIndexInput {
  ProvisionedThroughput?: ProvisionedThroughput;
  OnDemandThroughput?: OnDemandThroughput;
}

/** Default quotas. @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#gsi-limits */
export const INDEX_LIMITS = {
  localIndexesPerTable: 5,
  globalIndexesPerTable: 20,
  /** `NonKeyAttributes` summed over every INCLUDE index of a table; an attribute in two indexes counts twice. */
  projectedAttributesPerTable: 100,
  /** HASH, and RANGE, attributes of a multi-attribute GSI key. */
  keyAttributesPerType: 4,
} as const;

/** Index names follow the table naming rules; the service reports length before pattern, as for table names. */
export const INDEX_NAME: Shape = {
  type: "string",
  notNull: true,
  minLength: 3,
  maxLength: 255,
  regex: "[a-zA-Z0-9_.-]+",
  lengthFirst: true,
};

const PROJECTION: Shape = {
  type: "struct",
  name: "Projection",
  notNull: true,
  members: {
    ProjectionType: { type: "string", enum: ["ALL", "INCLUDE", "KEYS_ONLY"] },
    NonKeyAttributes: {
      type: "list",
      minLength: 1,
      maxLength: 20,
      member: { type: "string", minLength: 1, maxLength: 255 },
    },
  },
};

/** Since multi-attribute keys, up to 4 HASH and 4 RANGE elements (the server accepts 1 of each). */
const GLOBAL_KEY_SCHEMA: Shape = {
  type: "list",
  notNull: true,
  minLength: 1,
  maxLength: 8,
  member: KEY_SCHEMA_ELEMENT,
};

/**
 * Members in the order of the service's constraint messages as dynalite recorded them (projection,
 * index name, throughput, key schema); the newer OnDemandThroughput last. A `ProvisionedThroughput`
 * sent with an LSI is not a member of it, so it is ignored, as the service ignores it.
 */
export const LOCAL_SECONDARY_INDEX: Shape = {
  type: "struct",
  name: "LocalSecondaryIndex",
  valueStruct: true,
  members: {
    Projection: PROJECTION,
    IndexName: INDEX_NAME,
    KeySchema: { type: "list", notNull: true, minLength: 1, maxLength: 2, member: KEY_SCHEMA_ELEMENT },
  },
};

/** A GSI's members: CreateTable's `GlobalSecondaryIndex`, UpdateTable's `CreateGlobalSecondaryIndexAction`. */
export const globalSecondaryIndexShape = (name: string, valueStruct: boolean): Shape => ({
  type: "struct",
  name,
  valueStruct,
  members: {
    Projection: PROJECTION,
    IndexName: INDEX_NAME,
    ProvisionedThroughput: PROVISIONED_THROUGHPUT,
    KeySchema: GLOBAL_KEY_SCHEMA,
    OnDemandThroughput: ON_DEMAND_THROUGHPUT,
  },
});

export const invalid = (message: string) =>
  new ValidationException(`One or more parameter values were invalid: ${message}`);

const list = (names: Iterable<string>) => `[${javaHashSetOrder(names).join(", ")}]`;

/**
 * Every key attribute of an index is among `defined`. Both lists of the message are printed as the
 * service prints them, in Java hash-set order.
 */
export function checkIndexKeysDefined(keySchema: readonly KeySchemaElement[], defined: ReadonlySet<string>): void {
  const keys = keySchema.map((k) => k.AttributeName);
  if (keys.every((key) => defined.has(key))) return;
  throw indexKeysNotDefined(keys, defined);
}

export const indexKeysNotDefined = (keys: Iterable<string>, defined: Iterable<string>) =>
  invalid(
    `Some index key attributes are not defined in AttributeDefinitions. Keys: ${list(keys)}, AttributeDefinitions: ${list(defined)}`,
  );

/**
 * A GSI key: no attribute twice, HASH first, then the multi-attribute rules (at most 4 HASH and 4
 * RANGE, every HASH before any RANGE). A valid key of more than one HASH or RANGE attribute is
 * refused: this server keys GSIs by one HASH and an optional RANGE attribute.
 */
export function checkGlobalKeySchema(keySchema: readonly KeySchemaElement[]): void {
  const names = keySchema.map((k) => k.AttributeName);
  if (new Set(names).size < names.length) {
    throw new ValidationException("The KeySchema contains multiple key attributes with the same name");
  }
  if (keySchema[0].KeyType !== "HASH") {
    throw new ValidationException("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  const firstRange = keySchema.findIndex((k) => k.KeyType === "RANGE");
  if (firstRange >= 0 && keySchema.slice(firstRange).some((k) => k.KeyType === "HASH")) {
    throw invalid("All HASH key attributes must precede RANGE key attributes in the KeySchema");
  }
  const hashes = keySchema.filter((k) => k.KeyType === "HASH").length;
  for (const [type, count] of [
    ["HASH", hashes],
    ["RANGE", keySchema.length - hashes],
  ] as const) {
    if (count > INDEX_LIMITS.keyAttributesPerType) {
      throw new ValidationException(`The KeySchema exceeds the maximum allowed number of ${type} key attributes`);
    }
  }
  if (keySchema.length > 2 || hashes > 1) {
    throw new ValidationException(
      "Global secondary index keys of more than one HASH or RANGE attribute are not supported by this server yet",
    );
  }
}

/** A projection's type, then NonKeyAttributes only and always with INCLUDE, then no attribute twice. */
export function checkProjection(projection: ProjectionInput): void {
  const { ProjectionType: type, NonKeyAttributes: attributes } = projection;
  if (type === undefined) throw invalid("Unknown ProjectionType: null");
  if (attributes && type !== "INCLUDE") throw invalid(`ProjectionType is ${type}, but NonKeyAttributes is specified`);
  if (!attributes && type === "INCLUDE")
    throw invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
  const duplicate = attributes?.find((name, i) => attributes.indexOf(name) !== i);
  if (duplicate !== undefined) throw invalid(`Duplicate element in NonKeyAttributes: ${duplicate}`);
}

/**
 * At most 100 projected non-key attributes over a table's indexes. The service's wording is not
 * recorded; this is the one a CloudFormation linter quotes.
 */
export function checkProjectedAttributeCount(count: number): void {
  if (count > INDEX_LIMITS.projectedAttributesPerTable) {
    throw invalid(
      `Number of projected attributes in all indexes exceeds limit of ${INDEX_LIMITS.projectedAttributesPerTable}`,
    );
  }
}

export const projectedAttributeCount = (projections: Iterable<{ nonKeyAttributes?: string[] }>) =>
  [...projections].reduce((sum, p) => sum + (p.nonKeyAttributes?.length ?? 0), 0);

const ON_DEMAND_MEMBERS = ["MaxReadRequestUnits", "MaxWriteRequestUnits"] as const;

/**
 * A GSI's OnDemandThroughput: only on PAY_PER_REQUEST tables, each bound at least 1. An Update
 * may also send -1, which removes a bound (`removable`).
 */
export function checkIndexOnDemand(
  index: string,
  onDemand: OnDemandThroughput | undefined,
  billingMode: BillingMode,
  removable = false,
): void {
  for (const name of ON_DEMAND_MEMBERS) {
    const value = onDemand?.[name];
    if (value === undefined) continue;
    if (billingMode === "PROVISIONED") {
      throw invalid(
        `${name} for OnDemandThroughput for index : ${index} cannot be specified when the table BillingMode is PROVISIONED`,
      );
    }
    if (value < 1 && !(removable && value === -1)) {
      throw invalid(`Requested ${name} for OnDemandThroughput for index : ${index} is outside of valid range`);
    }
  }
}

/** The bounds `onDemand` sets, or undefined when it sets none. */
export function onDemandOf(onDemand: OnDemandThroughput | undefined): OnDemandThroughput | undefined {
  const set: OnDemandThroughput = {};
  for (const name of ON_DEMAND_MEMBERS) if (onDemand?.[name] !== undefined) set[name] = onDemand[name];
  return Object.keys(set).length > 0 ? set : undefined;
}

export function projectionOf(projection: ProjectionInput): IndexProjection {
  const { ProjectionType: type, NonKeyAttributes: nonKeyAttributes } = projection;
  return nonKeyAttributes ? { type, nonKeyAttributes } : { type };
}

export function localIndexOf(input: LocalSecondaryIndexInput): LocalIndexMeta {
  return { name: input.IndexName, keySchema: input.KeySchema, projection: projectionOf(input.Projection) };
}

/** A new GSI, CREATING, with its own table id; capacity 0 unless provisioned. */
export function globalIndexOf(input: GlobalSecondaryIndexInput, id: string): GlobalIndexMeta {
  const onDemand = onDemandOf(input.OnDemandThroughput);
  return {
    ...localIndexOf(input),
    id,
    status: "CREATING",
    readCapacityUnits: input.ProvisionedThroughput?.ReadCapacityUnits ?? 0,
    writeCapacityUnits: input.ProvisionedThroughput?.WriteCapacityUnits ?? 0,
    decreasesToday: 0,
    ...(onDemand && { onDemandThroughput: onDemand }),
  };
}
