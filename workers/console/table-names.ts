/** Every table name of a region, in ListTables order: page after page, through the console's DynamoDB calls. */

import type { Env } from "../env";
import { type Outcome, runOperation } from "./operations";

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
