/**
 * The language request validation is written in (./schema.ts): a `Shape` per request member, as
 * the service's JSON deserializer and its constraint checks see it. Apart from the checker so that
 * its parts (./deserialize.ts, ./table-names.ts) and the operations' shapes import it alone.
 */

interface Common {
  /** Constraint "Member must not be null". */
  notNull?: boolean;
  /** Checked before the constraints: "The parameter 'X' is required but was not present in the request". */
  required?: boolean;
}

export type Shape =
  | (Common & {
      type: "string";
      enum?: readonly string[];
      regex?: string;
      minLength?: number;
      maxLength?: number;
      /** Where and how DynamoDB's naming rules for a table apply to this member (TableNameRule). */
      tableName?: TableNameRule;
      /** Report the length constraints before the pattern, as the service does for names (index names). */
      lengthFirst?: boolean;
    })
  | (Common & { type: "boolean" })
  | (Common & { type: "integer" | "long" | "double"; min?: number; max?: number })
  | (Common & { type: "blob" })
  | (Common & { type: "list"; member: Shape; minLength?: number; maxLength?: number })
  | (Common & {
      type: "map";
      /** The Java value type named in DynamoDB's deserializer errors. */
      javaType: string;
      value: Shape;
      minLength?: number;
      maxLength?: number;
      keyMinLength?: number;
      keyMaxLength?: number;
    })
  | (Common & {
      type: "struct";
      /** The Java class name named in deserializer errors. */
      name: string;
      /** DynamoDB's deserializer says "Unexpected value type in payload" for value structs. */
      valueStruct?: boolean;
      members: Record<string, Shape>;
      minLength?: number;
    })
  | (Common & { type: "attributeValue" });

export type Members = Record<string, Shape>;

/**
 * How a table name is checked against DynamoDB's naming rules (3 to 255 characters of
 * `[a-zA-Z0-9_.-]`). The service checks them apart from the other members' constraints, and
 * where depends on the operation:
 * - "control-plane" (CreateTable, DescribeTable, UpdateTable, DeleteTable): with `required`,
 *   before any other constraint; its failures are reported alone, in member-constraint form,
 *   length before pattern ("2 validation errors detected: Value 'x!' at 'tableName' …").
 * - "data-plane" (item operations, Query, Scan): the member's own constraints (1 to 1024
 *   characters: a name or a table ARN) are checked with the other members'; once every one of
 *   them passes, the naming rules, reported alone in the same form.
 * - "global-table" (the 2017.11.29 global table operations): the hand-written length message
 *   "TableName must be at least 3 characters long and at most 255 characters long", with
 *   `required`; the pattern is a plain member constraint.
 * @see docs/dynamodb-messages.md for the recorded answers behind each.
 */
export type TableNameRule = "control-plane" | "data-plane" | "global-table";
