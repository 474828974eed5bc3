/**
 * Scan: the router walks the table's partitions in hash order — for a parallel scan, only the
 * hash range of the segment — and continues into the next partition while the page has room
 * (Limit and 1 MB). A start key resumes in the partition that holds its partition hash, so
 * every item is read exactly once across pages, and across the segments of a parallel scan.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.ParallelScan
 */

import { pageReadUnits } from "../../../shared/api/capacity";
import {
  checkIndexAttributes,
  checkIndexConsistency,
  checkIndexScanStartKey,
  indexNamed,
} from "../../../shared/api/operations/index-reads";
import { checkKeyPathsScalar, conditionPaths } from "../../../shared/api/operations/item-requests";
import { checkScanStartKey, startKeyOutsideSegment, validateScan } from "../../../shared/api/operations/scan";
import { nextHash } from "../../../shared/keys/partition-hash";
import { HASH_MAX, HASH_MIN, partitionFor, segmentRange } from "../../metadata/partition-map";
import { callGroup } from "../../replica/group-client";
import type { PageResult, Reply } from "../../replica/protocol";
import { admit, charge, readSubject } from "../admission";
import type { Operation } from "../context";
import { hashOf, readMap, tableRoute } from "../items";
import { addToPage, emptyPage, nextPageOptions, pageResponse } from "../pages";

/** The hash right after `hash` (which is below HASH_MAX). */

/** The lower of two hashes (hex strings of one length, so string order is numeric order). */
const minHash = (a: string, b: string) => (a <= b ? a : b);

export const scan: Operation = async (ctx, body) => {
  const { input, expressions } = validateScan(body);
  const table = await tableRoute(ctx, input.TableName, input.IndexName);
  const { schema } = table;
  const index = input.IndexName === undefined ? undefined : indexNamed(table.route.table, input.IndexName);
  if (index) checkIndexConsistency(index, input);
  const segment = input.Segment ?? 0;
  const total = input.TotalSegments ?? 1;
  const range = total > 1 ? segmentRange(segment, total) : { low: HASH_MIN, high: HASH_MAX };
  let cursor = range.low;
  let after = input.ExclusiveStartKey;
  if (after) {
    if (index) checkIndexScanStartKey(after, index, schema);
    else checkScanStartKey(after, schema);
    // A global index's entries are hashed by its own partition key.
    cursor = hashOf(after, index?.kind === "global" ? index.shape.key : schema);
    if (cursor < range.low || cursor > range.high) throw startKeyOutsideSegment(segment, total);
  }
  const fetch = index && checkIndexAttributes(index, input, expressions, schema, false);
  for (const key of index ? [schema, index.shape.key] : [schema]) {
    if (expressions.projection) checkKeyPathsScalar(expressions.projection, key);
    if (expressions.filter) checkKeyPathsScalar(conditionPaths(expressions.filter), key);
  }

  // A global index's reads spend its own capacity.
  const subject = readSubject(table.route, index);
  let page = emptyPage();
  for (;;) {
    const options = {
      ...nextPageOptions(input, expressions, page, after),
      ...(index?.kind === "local" ? { index: { name: index.shape.name, fetch: fetch === true } } : {}),
    };
    const low = cursor;
    const minimum = options.consistent ? 1 : 0.5;
    await admit(ctx, subject, "read", minimum);
    const step = await ctx.routes.retrying<PageResult & { high: string }>(
      input.TableName,
      async (route) => {
        const map = readMap(route, index);
        const partition = partitionFor(map, low);
        const high = minHash(partition.high, range.high);
        const reply: Reply<PageResult> = await callGroup(ctx.link, partition, options.consistent, "scan", {
          ...options,
          route: { tableId: map.tableId, mapVersion: map.version },
          low,
          high,
        });
        return reply.ok ? { ...reply, high } : reply;
      },
      table.route,
    );
    charge(subject, "read", pageReadUnits(step.bytesRead, step.fetchBlocks ?? 0, options.consistent) - minimum);
    page = addToPage(page, step);
    // The replica stops early (and names its last key) only at the limit or the byte budget.
    if (step.lastEvaluatedKey || step.high >= range.high) break;
    cursor = nextHash(step.high);
    after = undefined;
  }
  return pageResponse(page, input, index);
};
