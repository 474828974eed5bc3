/**
 * The console's DynamoDB calls: the same operation handlers as the endpoint (workers/router/dispatch.ts),
 * run for the deployment's own account in the region the page shows, without a signature (the
 * console's caller holds the admin token). A DynamoDB error comes back as the page's message, as
 * the service would word it.
 */
import { DynamoError } from "../../shared/api/errors";
import type { Env } from "../env";
import { operationContext } from "../router/context";
import { OPERATIONS } from "../router/dispatch";
import { JsonText } from "../router/json-text";

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string; type: string };

/** Runs DynamoDB operation `name` with `input` in `region`. */
export async function runOperation<T = Record<string, unknown>>(
  env: Env,
  region: string,
  name: string,
  input: Record<string, unknown>,
): Promise<Outcome<T>> {
  const operation = OPERATIONS[name];
  if (!operation) return { ok: false, error: `unknown operation ${name}`, type: "UnknownOperationException" };
  try {
    const answer = await operation(operationContext(env, region, env.ACCOUNT_ID), input);
    return { ok: true, value: (answer instanceof JsonText ? JSON.parse(answer.json) : answer) as T };
  } catch (error) {
    if (error instanceof DynamoError) return { ok: false, error: error.message || error.type, type: error.type };
    throw error;
  }
}
