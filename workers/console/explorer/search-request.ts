/**
 * A search of a table's items (Query or Scan) as the table page's GET parameters carry it, so a
 * page of results has its own URL: the form's fields, the request they make, and the parameters
 * of the next page (the same search from the LastEvaluatedKey, as JSON in `start`).
 */

import type { Item } from "../../../shared/api/attribute-value";
import type { Fields } from "./form-fields";
import { type Parsed, parseExpressionValues, parseJsonObject } from "./item-json";

export interface SearchFields {
  op: "Scan" | "Query";
  /** An index's name; "" for the table. */
  index: string;
  /** The key condition expression (Query only). */
  key: string;
  filter: string;
  /** Expression attribute names, as JSON text. */
  names: string;
  /** Expression attribute values, as JSON text (DynamoDB JSON or plain). */
  values: string;
  limit: string;
  consistent: boolean;
}

export interface Search {
  fields: SearchFields;
  /** Whether the page asks for a search (it has `op`), rather than showing the form as it starts. */
  asked: boolean;
  /** The ExclusiveStartKey as JSON text ("" from the first item). */
  start: string;
}

export const DEFAULT_LIMIT = "25";

/** The search the page's parameters ask for. */
export function readSearch(field: Fields): Search {
  const limit = field("limit").trim();
  return {
    fields: {
      op: field("op") === "Query" ? "Query" : "Scan",
      index: field("index"),
      key: field("key"),
      filter: field("filter"),
      names: field("names"),
      values: field("values"),
      limit: limit === "" ? DEFAULT_LIMIT : limit,
      consistent: field("consistent") !== "",
    },
    asked: field("op") !== "",
    start: field("start"),
  };
}

/** The parameters that ask for the search again, from `start` (a LastEvaluatedKey) when given. */
export function searchParams(fields: SearchFields, start?: Item): Record<string, string> {
  const params: Record<string, string> = { op: fields.op };
  if (fields.index !== "") params.index = fields.index;
  if (fields.op === "Query" && fields.key !== "") params.key = fields.key;
  if (fields.filter !== "") params.filter = fields.filter;
  if (fields.names !== "") params.names = fields.names;
  if (fields.values !== "") params.values = fields.values;
  params.limit = fields.limit;
  if (fields.consistent) params.consistent = "on";
  if (start) params.start = JSON.stringify(start);
  return params;
}

/** The Query or Scan request of the search on `table`, or why the fields don't make one. */
export function searchInput(table: string, search: Search): Parsed<Record<string, unknown>> {
  const { fields } = search;
  const input: Record<string, unknown> = { TableName: table };
  if (fields.index !== "") input.IndexName = fields.index;
  if (fields.op === "Query") {
    if (fields.key.trim() !== "") input.KeyConditionExpression = fields.key;
  } else if (fields.key.trim() !== "") {
    return { ok: false, error: "A Scan takes no key condition: choose Query, or write the condition as a filter." };
  }
  if (fields.filter.trim() !== "") input.FilterExpression = fields.filter;
  const names = parseJsonObject(fields.names);
  if (!names.ok) return { ok: false, error: `Expression attribute names: ${names.error}` };
  if (names.value) input.ExpressionAttributeNames = names.value;
  const values = parseExpressionValues(fields.values);
  if (!values.ok) return { ok: false, error: `Expression attribute values: ${values.error}` };
  if (values.value) input.ExpressionAttributeValues = values.value;
  if (!/^\d{1,15}$/.test(fields.limit)) return { ok: false, error: "The limit must be a whole number." };
  input.Limit = Number(fields.limit);
  if (fields.consistent) input.ConsistentRead = true;
  const start = parseJsonObject(search.start);
  if (!start.ok) return { ok: false, error: `Start key: ${start.error}` };
  if (start.value) input.ExclusiveStartKey = start.value;
  return { ok: true, value: input };
}
