/**
 * Query and Scan through a secondary index (`IndexName`): the index the request names, and
 * DynamoDB's checks of the request against it, in its order (the caller interleaves them with
 * the key condition's): the index exists, no strongly consistent read of a GSI, the filter and
 * the projection against what the index projects, and `Select: ALL_ATTRIBUTES` on a GSI.
 * A local index may return attributes it does not project: DynamoDB fetches the whole item
 * from the table, and charges the table for it.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-Select
 */
import type { DocumentPath } from "../../expressions/ast";
import type { RequestExpressions } from "../../expressions/request";
import { type IndexShape, projects } from "../../indexes/entries";
import { type Item, typeOf } from "../attribute-value";
import { ValidationException } from "../errors";
import { type KeySchema, keyNames } from "../key-schema";
import { own, setName } from "../names";
import { findIndex, indexKeySchemaOf, type TableMeta } from "../table";
import { conditionPaths } from "./item-requests";
import { missingIndex, type QueryInput } from "./query";
import { checkScanStartKey } from "./scan";

/** The index a read goes through; a global one has a partition map of its own, named by `id`. */
export type IndexRead = { kind: "local"; shape: IndexShape } | { kind: "global"; shape: IndexShape; id: string };

const INVALID = "One or more parameter values were invalid";

/**
 * The index `name` of `table`, as the data path reads it. Throws DynamoDB's error when there is
 * none, or when it is a global index still being built.
 */
export function indexNamed(table: TableMeta, name: string): IndexRead {
  const found = findIndex(table, name);
  if (!found) throw missingIndex(name);
  const { index } = found;
  const shape = { name: index.name, key: indexKeySchemaOf(table, index), projection: index.projection };
  if (found.kind === "local") return { kind: "local", shape };
  if (found.index.status === "CREATING" && found.index.backfilling !== undefined) {
    throw new ValidationException(`Cannot read from backfilling global secondary index: ${name}`);
  }
  return { kind: "global", shape, id: found.index.id };
}

/** A global index is eventually consistent only. */
export function checkIndexConsistency(index: IndexRead, input: Pick<QueryInput, "ConsistentRead">): void {
  if (index.kind === "global" && input.ConsistentRead === true) {
    throw new ValidationException("Consistent reads are not supported on global secondary indexes");
  }
}

/** The top-level names of `paths`, each once, in order. */
const topNames = (paths: readonly DocumentPath[]) => [...new Set(paths.map((p) => p[0] as string))];

/**
 * The filter and projection of a read through `index`, against what it projects. At exit:
 * whether items are returned whole, fetched from the table (a local index asked for
 * attributes it does not project, or for ALL_ATTRIBUTES).
 * `filterMustBeProjected`: a Query's filter may name only projected attributes; a Scan of an
 * index reads what is not projected as absent.
 */
export function checkIndexAttributes(
  index: IndexRead,
  input: Pick<QueryInput, "Select" | "AttributesToGet">,
  expressions: Pick<RequestExpressions, "filter" | "projection">,
  table: KeySchema,
  filterMustBeProjected: boolean,
): boolean {
  const { shape } = index;
  const missing = (names: string[]) => names.filter((name) => !projects(shape, table, name));
  if (filterMustBeProjected && expressions.filter) {
    const unprojected = missing(topNames(conditionPaths(expressions.filter)));
    if (unprojected.length > 0) {
      throw new ValidationException(
        `${INVALID}: Secondary index ${shape.name} does not project one or more filter attributes: [${unprojected.join(", ")}]`,
      );
    }
  }
  const requested = expressions.projection ? topNames(expressions.projection) : input.AttributesToGet;
  const unprojected = requested ? missing(requested) : [];
  if (index.kind === "global") {
    if (unprojected.length > 0) {
      throw new ValidationException(
        `${INVALID}: Global secondary index ${shape.name} does not project [${unprojected.join(", ")}]`,
      );
    }
    if (input.Select === "ALL_ATTRIBUTES" && shape.projection.type !== "ALL") {
      throw new ValidationException(
        `${INVALID}: Select type ALL_ATTRIBUTES is not supported for global secondary index ${shape.name} because its projection type is not ALL`,
      );
    }
    return false;
  }
  if (shape.projection.type === "ALL" || input.Select === "COUNT") return false;
  return unprojected.length > 0 || input.Select === "ALL_ATTRIBUTES";
}

/** A Scan's ExclusiveStartKey through an index: the table's key, valid, and the index's key attributes, of their types. */
export function checkIndexScanStartKey(start: Item, index: IndexRead, table: KeySchema): void {
  const names = new Set([...keyNames(table), ...keyNames(index.shape.key)]);
  const tableKey: Item = {};
  for (const name of keyNames(table)) {
    const value = own(start, name);
    if (value) setName(tableKey, name, value);
  }
  checkScanStartKey(tableKey, table);
  const indexKey = index.shape.key;
  const mismatched = [indexKey.hash, ...(indexKey.range ? [indexKey.range] : [])].some((attribute) => {
    const value = own(start, attribute.name);
    return !value || typeOf(value) !== attribute.type;
  });
  if (mismatched || Object.keys(start).length !== names.size) {
    throw new ValidationException(
      "The provided starting key is invalid: The provided key element does not match the schema",
    );
  }
}
