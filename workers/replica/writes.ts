/**
 * Decides a write against the current item: evaluates the condition and computes the item
 * that the log record will hold. Pure, so the leader can decide against any state it holds.
 *
 * Contracts: a failed condition or an update that is invalid against the stored item (operand
 * types, missing paths, the nesting and 400 KB limits of the result) is a typed error and
 * nothing is written. The condition is checked first, so it is reported before update errors.
 * An update of a missing item whose actions only remove or delete plans no write at all
 * (`writesNothing`): DynamoDB creates no item then, and no record may ship or replay it.
 */
import type { AttributeValue, Item } from "../../shared/api/attribute-value";
import { ConditionalCheckFailedException, ValidationException, type WireError } from "../../shared/api/errors";
import { itemSize } from "../../shared/api/item-size";
import type { KeySchema } from "../../shared/api/key-schema";
import { LIMITS } from "../../shared/api/limits";
import { extractKey } from "../../shared/api/validate-values";
import { applyUpdate, evaluateCondition } from "../../shared/expressions/plan";
import { createsMissingItem } from "../../shared/expressions/update";
import { checkIndexKeyValues, type IndexShape } from "../../shared/indexes/entries";
import type { WriteRequest } from "./protocol";

/**
 * The item after the write: as an object (an update's result) or as JSON text (a put's); neither
 * is a delete. `writesNothing`: the item stays missing and nothing is appended.
 */
export type WritePlan =
  | { ok: true; next?: Item; nextJson?: string; nextSize: number; writesNothing?: true }
  | { ok: false; error: WireError };

export const UPDATE_MESSAGES = {
  itemSize: "Item size to update has exceeded the maximum allowed size",
  nesting: "Nesting Levels have exceeded supported limits",
} as const;

/** Containers (M, L) on the deepest path of a value: {S} is 0, {M: {a: {S}}} is 1. */
function containerDepth(value: AttributeValue): number {
  const children = "M" in value ? Object.values(value.M) : "L" in value ? value.L : undefined;
  if (!children) return 0;
  return 1 + children.reduce((deepest, child) => Math.max(deepest, containerDepth(child)), 0);
}

/** An updated item must keep DynamoDB's nesting limit: the item itself is the first level. */
function tooDeep(item: Item): boolean {
  return Object.values(item).some((value) => containerDepth(value) > LIMITS.nestingDepth - 1);
}

const invalid = (message: string): WritePlan => ({ ok: false, error: new ValidationException(message).toWire() });

/**
 * `indexes`: the table's secondary indexes, whose key attributes an update may not set to a
 * value of another type or to an empty string or binary (a put's item was checked by the router).
 */
export function planWrite(
  old: Item | undefined,
  request: WriteRequest,
  schema: KeySchema,
  indexes: readonly IndexShape[] = [],
): WritePlan {
  if (request.condition && !evaluateCondition(request.condition, old ?? {})) {
    const item = request.returnOldOnConditionFailure ? old : undefined;
    return { ok: false, error: new ConditionalCheckFailedException(item).toWire() };
  }
  const action = request.action;
  switch (action.kind) {
    case "put":
      return { ok: true, nextJson: action.itemJson, nextSize: action.size };
    case "delete":
      return { ok: true, nextSize: 0 };
    case "update": {
      const applied = applyUpdate(action.update, old ?? extractKey(request.key, schema));
      if (!applied.ok) return applied;
      if (old === undefined && !createsMissingItem(action.update))
        return { ok: true, nextSize: 0, writesNothing: true };
      if (tooDeep(applied.item)) return invalid(UPDATE_MESSAGES.nesting);
      const size = itemSize(applied.item);
      if (size > LIMITS.itemBytes) return invalid(UPDATE_MESSAGES.itemSize);
      if (indexes.length > 0) {
        try {
          checkIndexKeyValues(applied.item, indexes, schema, true);
        } catch (error) {
          if (error instanceof ValidationException) return { ok: false, error: error.toWire() };
          throw error;
        }
      }
      return { ok: true, next: applied.item, nextSize: size };
    }
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}
