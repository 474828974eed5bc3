import { describe, expect, it } from "vitest";
import { SerializationException, ValidationException } from "../../../../shared/api/errors";
import { type Members, parseRequest } from "../../../../shared/api/schema";

const MEMBERS: Members = {
  Name: { type: "string", notNull: true, minLength: 3, maxLength: 5, regex: "[a-z]+" },
  Count: { type: "integer", min: 1, max: 10 },
  Flag: { type: "boolean" },
  Keys: {
    type: "list",
    minLength: 1,
    member: {
      type: "struct",
      name: "KeySchemaElement",
      valueStruct: true,
      members: { KeyType: { type: "string", notNull: true, enum: ["HASH", "RANGE"] } },
    },
  },
  Labels: { type: "map", javaType: "java.lang.String", value: { type: "string", maxLength: 2 } },
};

function errorOf(body: Record<string, unknown>): { type: string; message: string } {
  try {
    parseRequest(body, MEMBERS);
  } catch (error) {
    if (error instanceof ValidationException || error instanceof SerializationException) {
      return { type: error.type, message: error.message };
    }
    throw error;
  }
  throw new Error("expected an error");
}

describe("schema: deserialization", () => {
  it.each([
    [{ Name: 5 }, "NUMBER_VALUE cannot be converted to String"],
    [{ Name: 1.5 }, "DECIMAL_VALUE cannot be converted to String"],
    [{ Name: true }, "TRUE_VALUE cannot be converted to String"],
    [{ Name: {} }, "Start of structure or map found where not expected"],
    [{ Name: [] }, "Unrecognized collection type class java.lang.String"],
    [{ Count: "x" }, "STRING_VALUE cannot be converted to Integer"],
    [{ Flag: "maybe" }, "Unexpected token received from parser"],
    [{ Keys: {} }, "Start of structure or map found where not expected"],
    [{ Keys: "x" }, "Unexpected field type"],
    [{ Keys: ["x"] }, "Unexpected value type in payload"],
    [{ Labels: [] }, "Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>"],
  ])("rejects %j with SerializationException: %s", (body, message) => {
    expect(errorOf({ Name: "abc", ...body })).toEqual({ type: "SerializationException", message });
  });

  it("drops members the shape does not declare and keeps declared ones", () => {
    expect(parseRequest({ Name: "abc", Other: 1, Flag: "yes" }, MEMBERS)).toEqual({ Name: "abc", Flag: true });
  });
});

describe("schema: constraints", () => {
  it("lists every violation in DynamoDB's format, with list and map member paths", () => {
    expect(
      errorOf({ Name: "AB", Count: 11, Keys: [{ KeyType: "HASH" }, { KeyType: "X" }], Labels: { a: "long" } }),
    ).toEqual({
      type: "ValidationException",
      message:
        "5 validation errors detected: " +
        "Value 'AB' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+; " +
        "Value 'AB' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
        "Value '11' at 'count' failed to satisfy constraint: Member must have value less than or equal to 10; " +
        "Value 'X' at 'keys.2.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]; " +
        "Value 'long' at 'labels.a.member' failed to satisfy constraint: Member must have length less than or equal to 2",
    });
  });

  it("reports a lengthFirst member's length before its pattern (the service's order for names)", () => {
    const name = { type: "string", regex: "[a-z]+", minLength: 3, lengthFirst: true } as const;
    expect(() => parseRequest({ Name: "A" }, { Name: name })).toThrow(
      "2 validation errors detected: " +
        "Value 'A' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
        "Value 'A' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+",
    );
  });

  it("reports a null required-by-constraint member as 'Member must not be null'", () => {
    expect(errorOf({})).toEqual({
      type: "ValidationException",
      message:
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    });
  });

  it("reports map member violations under the map key", () => {
    expect(errorOf({ Name: "abc", Labels: { k: "xyz" } }).message).toBe(
      "1 validation error detected: Value 'xyz' at 'labels.k.member' failed to satisfy constraint: Member must have length less than or equal to 2",
    );
  });
});

describe("schema: null collection members", () => {
  it("refuses a null list element or map value with 'Member must not be null'", () => {
    expect(errorOf({ Name: "abc", Keys: [null], Labels: { k: null } }).message).toBe(
      "2 validation errors detected: " +
        "Value null at 'keys.1.member' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'labels.k.member' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe("schema: base64 blobs", () => {
  const BLOBS: Members = { Blob: { type: "blob" }, Value: { type: "attributeValue" } };
  const refusal = (body: Record<string, unknown>) => {
    try {
      parseRequest(body, BLOBS);
    } catch (error) {
      if (error instanceof SerializationException) return error.message;
      throw error;
    }
    return undefined;
  };

  it.each([
    [{ Blob: "abc" }, "Base64 encoded length is expected a multiple of 4 bytes but found: 3"],
    [{ Blob: "ab!d" }, "Invalid last non-pad Base64 character dectected"],
    [{ Blob: "=+/=" }, "Invalid last non-pad Base64 character dectected"],
    [{ Blob: "AR==" }, "Invalid last non-pad Base64 character dectected"],
    [{ Blob: "+/+=" }, "Invalid last non-pad Base64 character dectected"],
    [{ Value: { B: "AR==" } }, "Invalid last non-pad Base64 character dectected"],
    [{ Value: { BS: ["AQ==", "AR=="] } }, "Invalid last non-pad Base64 character dectected"],
    [{ Value: { M: { a: { L: [{ B: "YWJ=" }] } } } }, "Invalid last non-pad Base64 character dectected"],
  ])("refuses %j as the deserializer does, wherever the blob is: %s", (body, message) => {
    expect(refusal(body)).toBe(message);
  });

  it("reads strict base64, padded or not", () => {
    expect(refusal({ Blob: "AQ==", Value: { BS: ["", "YWI=", "YWJj"] } })).toBeUndefined();
  });
});
