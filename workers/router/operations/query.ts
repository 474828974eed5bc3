/**
 * Query: one partition key, so one partition. The router checks the key condition and the
 * start key against the table, then the partition's replica reads the sort-key range in order
 * (on encoded keys), applies Limit, the 1 MB budget, the filter and the projection.
 */

import { pageReadUnits } from "../../../shared/api/capacity";
import { checkIndexAttributes, checkIndexConsistency, indexNamed } from "../../../shared/api/operations/index-reads";
import { checkKeyPathsScalar, conditionPaths } from "../../../shared/api/operations/item-requests";
import { resolveQuery, validateQuery } from "../../../shared/api/operations/query";
import type { KeyCondition } from "../../../shared/expressions/ast";
import { resolveQueryKeys } from "../../../shared/expressions/request";
import { partitionFor } from "../../metadata/partition-map";
import { callGroup } from "../../replica/group-client";
import type { PageResult, SortCondition } from "../../replica/protocol";
import { admit, charge, readSubject } from "../admission";
import type { Operation } from "../context";
import { hashOf, readMap, tableRoute } from "../items";
import { addToPage, emptyPage, nextPageOptions, pageResponse } from "../pages";

/** The key condition on the sort key, as the replica takes it. */
function sortCondition(range: KeyCondition["range"]): SortCondition | undefined {
  if (!range) return undefined;
  const [first, second] = range.values;
  if (range.op === "BETWEEN") return { op: "BETWEEN", low: first, high: second };
  if (range.op === "begins_with") return { op: "begins_with", prefix: first };
  return { op: range.op, value: first };
}

export const query: Operation = async (ctx, body) => {
  const { input, expressions } = validateQuery(body);
  const table = await tableRoute(ctx, input.TableName, input.IndexName);
  const { schema } = table;
  const index = input.IndexName === undefined ? undefined : indexNamed(table.route.table, input.IndexName);
  if (index) checkIndexConsistency(index, input);
  const keys = index?.shape.key ?? schema;
  const keyCondition = resolveQuery(input, () => resolveQueryKeys(expressions, keys), keys, index && schema);
  const fetch = index && checkIndexAttributes(index, input, expressions, schema, true);
  for (const key of index ? [schema, keys] : [schema]) {
    if (expressions.projection) checkKeyPathsScalar(expressions.projection, key);
    if (expressions.filter) checkKeyPathsScalar(conditionPaths(expressions.filter), key);
  }

  const partitionKey = keyCondition.hash.value;
  const options = {
    ...nextPageOptions(input, expressions, emptyPage(), input.ExclusiveStartKey),
    ...(index?.kind === "local" ? { index: { name: index.shape.name, fetch: fetch === true } } : {}),
  };
  // A global index's entries live in its own partitions, hashed by its partition key.
  const hash = hashOf({ [keys.hash.name]: partitionKey }, keys);
  // A global index's reads spend its own capacity.
  const subject = readSubject(table.route, index);
  const minimum = options.consistent ? 1 : 0.5;
  await admit(ctx, subject, "read", minimum);
  const result = await ctx.routes.retrying<PageResult>(
    input.TableName,
    (route) => {
      const map = readMap(route, index);
      return callGroup(ctx.link, partitionFor(map, hash), options.consistent, "query", {
        ...options,
        route: { tableId: map.tableId, mapVersion: map.version },
        partitionKey,
        sort: sortCondition(keyCondition.range),
        forward: input.ScanIndexForward !== false,
      });
    },
    table.route,
  );
  charge(subject, "read", pageReadUnits(result.bytesRead, result.fetchBlocks ?? 0, options.consistent) - minimum);
  return pageResponse(addToPage(emptyPage(), result), input, index);
};
