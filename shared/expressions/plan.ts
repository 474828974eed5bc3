/**
 * What the data path runs on stored items once the router has parsed a request's expressions:
 * condition checks, updates and projections. Errors come back as typed results rather than
 * exceptions, since they cross RPC between the replica and the router.
 */
import type { Item } from "../api/attribute-value";
import type { Result } from "../api/errors";
import { DynamoError } from "../api/errors";
import type { Update } from "./ast";
import type { UpdateResult } from "./update";
import { applyUpdate as apply } from "./update";

export { evaluateCondition } from "./evaluate";
export { project } from "./projection";

/**
 * Applies `update` to `item` (the stored item, or the key alone when there is none).
 * At exit: ok with the new item and the updated paths, or the DynamoDB error (a ValidationException
 * such as "The provided expression refers to an attribute that does not exist in the item").
 */
export function applyUpdate(update: Update, item: Item): Result<UpdateResult> {
  try {
    return { ok: true, ...apply(item, update) };
  } catch (error) {
    if (error instanceof DynamoError) return { ok: false, error: error.toWire() };
    throw error;
  }
}
