/**
 * The statements of DynamoDB's PartiQL subset, as ./parse.ts reads them: `kind`-tagged trees (as
 * the expression language's, shared/expressions/ast.ts), close to the syntax. Parameters (`?`)
 * are kept as their position; ./translate.ts substitutes them and turns a statement into the
 * DynamoDB operation that runs it (Query, Scan, PutItem, UpdateItem, DeleteItem, or a
 * transaction's action).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html
 */
import type { AttributeValue } from "../api/attribute-value";

/** A step of a path: an attribute or map key (string), or a list index (number). */
export type PathStep = string | number;

/** A document path, `a.b[2]."c d"` as ["a", "b", 2, "c d"]; the first step is a name. */
export interface Path {
  kind: "path";
  steps: PathStep[];
}

/**
 * A value as written: a literal (already a DynamoDB value: `'s'` S, numbers N, `true` BOOL, `null`
 * NULL, `[…]` L, `{…}` M, `<<…>>` SS/NS/BS), a parameter `?` (its 0-based position among the
 * statement's parameters), or `MISSING`. Lists, maps and sets may hold parameters, so they stay
 * trees until substitution.
 */
export type Value =
  | { kind: "literal"; value: AttributeValue }
  | { kind: "parameter"; index: number }
  | { kind: "missing" }
  | { kind: "list"; items: Value[] }
  | { kind: "map"; entries: { key: string; value: Value }[] }
  | { kind: "set"; items: Value[] };

/** An operand of a condition or of a SET's right-hand side. */
export type Operand =
  | Path
  | Value
  | { kind: "call"; name: string; args: Operand[] }
  | { kind: "arithmetic"; op: "+" | "-"; left: Operand; right: Operand };

export type Comparator = "=" | "<>" | "<" | "<=" | ">" | ">=";

/**
 * What `IS [NOT] …` tests: MISSING, NULL, or one of the PartiQL data types DynamoDB maps (BOOLEAN
 * BOOL, BLOB B, STRING S, NUMERIC N, STRUCT and TUPLE M, LIST L). DynamoDB refuses other types.
 */
export type IsTest = "MISSING" | "NULL" | "BOOLEAN" | "BLOB" | "STRING" | "NUMERIC" | "STRUCT" | "TUPLE" | "LIST";

/** A WHERE clause, or a transaction's condition. Function calls keep their name as written (lowercased). */
export type Condition =
  | { kind: "compare"; op: Comparator; left: Operand; right: Operand }
  | { kind: "between"; operand: Operand; low: Operand; high: Operand; negated: boolean }
  | { kind: "in"; operand: Operand; list: Operand[]; negated: boolean }
  | { kind: "is"; operand: Operand; test: IsTest; negated: boolean }
  | { kind: "and"; left: Condition; right: Condition }
  | { kind: "or"; left: Condition; right: Condition }
  | { kind: "not"; operand: Condition }
  | { kind: "call"; name: string; args: Operand[] };

/** The table a statement names, and the index for a SELECT from `"table"."index"`. */
export interface Target {
  table: string;
  index?: string;
}

/** `RETURNING ALL OLD *` and its kin: which image, and which attributes. */
export interface Returning {
  which: "ALL" | "MODIFIED";
  image: "OLD" | "NEW";
}

export type UpdateClause = { kind: "set"; path: Path; value: Operand } | { kind: "remove"; path: Path };

export type Statement =
  | {
      kind: "select";
      /** `*`, or the paths listed. */
      projection: "*" | Path[];
      from: Target;
      where?: Condition;
      orderBy?: { path: Path; descending: boolean };
      /** The ORDER BY keys after the first (`ORDER BY pk, sk DESC`), when there are more. */
      thenBy?: { path: Path; descending: boolean }[];
    }
  | { kind: "insert"; into: Target; value: Value }
  | { kind: "update"; target: Target; clauses: UpdateClause[]; where?: Condition; returning?: Returning }
  | { kind: "delete"; from: Target; where?: Condition; returning?: Returning }
  /** `EXISTS(SELECT …)` as an ExecuteTransaction statement: a condition check. */
  | { kind: "exists"; select: Extract<Statement, { kind: "select" }> };

export type StatementKind = Statement["kind"];
