/**
 * What the PartiQL operations share on the router: the table a statement names, with the key
 * schemas the translator needs (shared/partiql/translate.ts), and the item operations' refusals
 * reworded as PartiQL's. The statement's requests run on the item operations' own handlers, which
 * word an expression's errors "Invalid <Kind>Expression: …": a statement has no such expressions
 * (the translator wrote them), so DynamoDB words those errors without the prefix.
 */
import { ResourceNotFoundException, ValidationException } from "../../../shared/api/errors";
import type { Target } from "../../../shared/partiql/ast";
import type { TableKeys } from "../../../shared/partiql/translate";
import { tableMissing } from "../../../shared/partiql/translate-messages";
import type { Answer, OperationContext } from "../context";
import { type TableRoute, tableRoute } from "../items";
import { JsonText } from "../json-text";

export interface PartiqlTable {
  route: TableRoute;
  keys: TableKeys;
}

/** `route`'s key schema and its indexes' (which are global, which local). */
export function tableKeys(route: TableRoute): TableKeys {
  const global = new Set((route.route.table.globalIndexes ?? []).map((index) => index.name));
  const indexes = route.indexes.map((index) => ({ name: index.name, key: index.key, global: global.has(index.name) }));
  return { schema: route.schema, indexes };
}

/** The table `target` names; ResourceNotFoundException in ExecuteStatement's words when there is none. */
export async function partiqlTable(ctx: OperationContext, target: Target): Promise<PartiqlTable> {
  try {
    const route = await tableRoute(ctx, target.table, target.index);
    return { route, keys: tableKeys(route) };
  } catch (error) {
    if (error instanceof ResourceNotFoundException) throw tableMissing();
    throw error;
  }
}

const EXPRESSION_PREFIX = /^Invalid (?:Condition|Filter|KeyCondition|Update|Projection)Expression: /;

/** An item operation's error as PartiQL words it. */
export function statementError(error: unknown): unknown {
  if (error instanceof ValidationException && EXPRESSION_PREFIX.test(error.message)) {
    return new ValidationException(error.message.replace(EXPRESSION_PREFIX, ""));
  }
  return error;
}

/** An operation's answer as an object (a handler may answer with JSON text). */
export function answerObject(answer: Answer): Record<string, unknown> {
  return answer instanceof JsonText ? (JSON.parse(answer.json) as Record<string, unknown>) : answer;
}

/** Runs an item operation's handler on a request a statement was translated to. */
export async function runTranslated(
  run: (ctx: OperationContext, body: Record<string, unknown>) => Promise<Answer>,
  ctx: OperationContext,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  try {
    return answerObject(await run(ctx, body));
  } catch (error) {
    throw statementError(error);
  }
}
