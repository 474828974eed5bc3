import { expect } from "vitest";
import { DynamoError } from "../../../../../shared/api/errors";
import type { TableMeta } from "../../../../../shared/api/table";

/** Runs `fn` and returns the DynamoError it throws as `{ type, message }`. */
export function thrown(fn: () => unknown): { type: string; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DynamoError);
    const e = error as DynamoError;
    return { type: e.type, message: e.message };
  }
  throw new Error("expected a DynamoError, nothing was thrown");
}

/** An ACTIVE table `abc` in us-east-1 keyed by `pk`, created at `createdAt`, PAY_PER_REQUEST unless overridden. */
export function tableMeta(createdAt: number, overrides: Partial<TableMeta> = {}): TableMeta {
  return {
    name: "abc",
    id: "id-1",
    arn: "arn:aws:dynamodb:us-east-1:000000000000:table/abc",
    status: "ACTIVE",
    keySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    attributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    billingMode: "PAY_PER_REQUEST",
    readCapacityUnits: 0,
    writeCapacityUnits: 0,
    createdAt,
    decreasesToday: 0,
    deletionProtection: false,
    tableClass: "STANDARD",
    ...overrides,
  };
}
