/**
 * The region's tables for the console's lists: every name, in ListTables order (page after page,
 * through the console's DynamoDB calls), and a call per table run a few tables at a time.
 */

import type { Env } from "../env";
import { type Outcome, runOperation } from "./operations";

/** Every table name of the region, in ListTables order. */
export async function tableNames(env: Env, region: string): Promise<Outcome<string[]>> {
  const names: string[] = [];
  let start: string | undefined;
  do {
    const input: Record<string, unknown> = { Limit: 100 };
    if (start !== undefined) input.ExclusiveStartTableName = start;
    const page = await runOperation<{ TableNames: string[]; LastEvaluatedTableName?: string }>(
      env,
      region,
      "ListTables",
      input,
    );
    if (!page.ok) return page;
    names.push(...page.value.TableNames);
    start = page.value.LastEvaluatedTableName;
  } while (start !== undefined);
  return { ok: true, value: names };
}

/** How many per-table calls run at once. */
const AT_ONCE = 8;

/** `each` of every name, a few at a time; the answers in the names' order. */
export async function eachTable<R>(names: string[], each: (name: string) => Promise<R>): Promise<R[]> {
  const answers: R[] = [];
  for (let i = 0; i < names.length; i += AT_ONCE) {
    answers.push(...(await Promise.all(names.slice(i, i + AT_ONCE).map(each))));
  }
  return answers;
}
