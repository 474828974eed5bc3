/**
 * ExecuteStatement's SELECT, run as the Query or Scan it translates to (shared/partiql/translate.ts)
 * on those operations' handlers, a page at a time: Limit counts the items read across the plan's
 * Queries (one per partition key value of an IN, in turn), and a page stops where a Query or Scan
 * stopped (Limit, or its 1 MB). The answer: Items (named as DynamoDB names projected paths:
 * shared/partiql/results.ts), NextToken and LastEvaluatedKey when the page stopped early, and
 * ConsumedCapacity summed over the page's requests.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteStatement.html
 */
import type { Item } from "../../../shared/api/attribute-value";
import type { BoundStatement, ExecuteStatementInput } from "../../../shared/api/operations/execute-statement";
import {
  decodeNextToken,
  encodeNextToken,
  type PagePosition,
  statementFingerprint,
} from "../../../shared/api/operations/partiql-next-token";
import { orderPage, unnestProjection } from "../../../shared/partiql/results";
import { type SelectStatement, statementTarget, translateSelect } from "../../../shared/partiql/translate";
import type { ConsumedCapacity } from "../consumed-capacity";
import type { OperationContext } from "../context";
import { addConsumed } from "./partiql-capacity";
import { partiqlTable, runTranslated } from "./partiql-table";
import { query } from "./query";
import { scan } from "./scan";

export async function runSelect(
  ctx: OperationContext,
  input: ExecuteStatementInput,
  bound: BoundStatement,
): Promise<Record<string, unknown>> {
  const select = bound.statement as SelectStatement;
  const table = await partiqlTable(ctx, statementTarget(select));
  const plan = translateSelect(select, table.keys, { consistentRead: input.ConsistentRead });
  const fingerprint = statementFingerprint(input.Statement, bound.parameters);
  const start: PagePosition = input.NextToken
    ? decodeNextToken(input.NextToken, fingerprint, plan.requests.length)
    : { request: 0 };
  const run = plan.operation === "Query" ? query : scan;
  let items: Item[] = [];
  let remaining = input.Limit;
  let capacity: ConsumedCapacity | undefined;
  let next: PagePosition | undefined;
  for (let r = start.request; r < plan.requests.length; r++) {
    const body = {
      ...plan.requests[r],
      ...(remaining !== undefined ? { Limit: remaining } : {}),
      ...(input.ConsistentRead ? { ConsistentRead: true } : {}),
      ...(input.ReturnConsumedCapacity ? { ReturnConsumedCapacity: input.ReturnConsumedCapacity } : {}),
      ...(r === start.request && start.key ? { ExclusiveStartKey: start.key } : {}),
    };
    const page = await runTranslated(run, ctx, body);
    items = items.concat(page.Items as Item[]);
    capacity = addConsumed(capacity, page.ConsumedCapacity as ConsumedCapacity | undefined);
    if (page.LastEvaluatedKey) {
      next = { request: r, key: page.LastEvaluatedKey as Item };
      break;
    }
    if (remaining !== undefined) remaining -= page.ScannedCount as number;
    if (remaining !== undefined && remaining <= 0 && r + 1 < plan.requests.length) {
      next = { request: r + 1 };
      break;
    }
  }
  if (plan.order) items = orderPage(items, plan.order);
  const projection = plan.projection;
  if (projection) items = items.map((item) => unnestProjection(item, projection));
  return {
    Items: items,
    ...(next ? { NextToken: encodeNextToken(fingerprint, next) } : {}),
    ...(next?.key ? { LastEvaluatedKey: next.key } : {}),
    ...(capacity ? { ConsumedCapacity: capacity } : {}),
  };
}
