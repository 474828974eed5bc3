/**
 * What Query and Scan share on the router: the page options sent to replicas, a page
 * accumulated over several replica calls, and the response body built from it.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html
 */
import type { Item } from "../../shared/api/attribute-value";
import { readUnitsForBytes } from "../../shared/api/capacity";
import { LIMITS } from "../../shared/api/limits";
import type { IndexRead } from "../../shared/api/operations/index-reads";
import type { Select } from "../../shared/api/operations/query";
import type { RequestExpressions } from "../../shared/expressions/request";
import type { PageOptions, PageResult } from "../replica/protocol";
import { type ReturnConsumedCapacity, withCapacity } from "./consumed-capacity";

/** The request members paging depends on, common to Query and Scan. */
export interface PagedInput {
  TableName: string;
  Select?: Select;
  Limit?: number;
  ConsistentRead?: boolean;
  ExclusiveStartKey?: Item;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

/** A page read so far: one replica's result, or several summed in hash order. */
export interface Page {
  items: Item[];
  count: number;
  scannedCount: number;
  bytesRead: number;
  /** Whole items fetched from the table through a local index, in 4 KB blocks. */
  fetchBlocks: number;
  lastEvaluatedKey?: Item;
}

export const emptyPage = (): Page => ({ items: [], count: 0, scannedCount: 0, bytesRead: 0, fetchBlocks: 0 });

/** Appends a replica's result to the page. At exit: the page's last key is the result's. */
export function addToPage(page: Page, result: PageResult): Page {
  return {
    items: page.items.concat(result.items),
    count: page.count + result.count,
    scannedCount: page.scannedCount + result.scannedCount,
    bytesRead: page.bytesRead + result.bytesRead,
    fetchBlocks: page.fetchBlocks + (result.fetchBlocks ?? 0),
    lastEvaluatedKey: result.lastEvaluatedKey,
  };
}

/**
 * The options of the next replica call for a page that has read `page` so far: what is left of
 * Limit (items read, before the filter) and of the 1 MB budget. The caller calls again only
 * while the page has room: a replica that used the rest up answers with a LastEvaluatedKey.
 */
export function nextPageOptions(
  input: PagedInput,
  expressions: RequestExpressions,
  page: Page,
  exclusiveStartKey: Item | undefined,
): PageOptions {
  return {
    limit: input.Limit === undefined ? undefined : input.Limit - page.scannedCount,
    byteBudget: LIMITS.pageBytes - page.bytesRead,
    exclusiveStartKey,
    filter: expressions.filter,
    projection: expressions.projection,
    countOnly: input.Select === "COUNT",
    consistent: input.ConsistentRead === true,
  };
}

/**
 * The Query/Scan response: Items (absent for Select COUNT), Count, ScannedCount,
 * LastEvaluatedKey when the page stopped early, and ConsumedCapacity if asked: the bytes read
 * rounded up to 4 KB once, halved for an eventually consistent read, never below the minimum.
 * Through an index, those units are the index's, and items fetched from the table are the
 * table's (each rounded up to 4 KB).
 */
export function pageResponse(page: Page, input: PagedInput, index?: IndexRead): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (input.Select !== "COUNT") body.Items = page.items;
  body.Count = page.count;
  body.ScannedCount = page.scannedCount;
  if (page.lastEvaluatedKey) body.LastEvaluatedKey = page.lastEvaluatedKey;
  const consistent = input.ConsistentRead === true;
  const units = readUnitsForBytes(page.bytesRead, consistent);
  if (!index) return withCapacity(body, input.ReturnConsumedCapacity, input.TableName, units);
  const indexUnits = new Map([[index.shape.name, units]]);
  return withCapacity(body, input.ReturnConsumedCapacity, input.TableName, {
    table: page.fetchBlocks * (consistent ? 1 : 0.5),
    [index.kind]: indexUnits,
  });
}
