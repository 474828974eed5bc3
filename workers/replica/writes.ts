/**
 * Decides a write against the current item: evaluates the condition and computes the item
 * that the log record will hold. Pure, so the leader can decide against any state it holds.
 */
import type { Item } from "../../shared/api/attribute-value";
import { ConditionalCheckFailedException, ValidationException, type WireError } from "../../shared/api/errors";
import { itemSize } from "../../shared/api/item-size";
import type { KeySchema } from "../../shared/api/key-schema";
import { LIMITS } from "../../shared/api/limits";
import { applyUpdate, evaluateCondition } from "../../shared/expressions/plan";
import type { WriteRequest } from "./protocol";
import { extractKey } from "../../shared/api/validate-values";

export type WritePlan = { ok: true; next?: Item; nextSize: number } | { ok: false; error: WireError };

export function planWrite(old: Item | undefined, request: WriteRequest, schema: KeySchema): WritePlan {
  if (request.condition && !evaluateCondition(request.condition, old ?? {})) {
    const item = request.returnOldOnConditionFailure ? old : undefined;
    return { ok: false, error: new ConditionalCheckFailedException(item).toWire() };
  }
  const action = request.action;
  switch (action.kind) {
    case "put":
      return { ok: true, next: action.item, nextSize: itemSize(action.item) };
    case "delete":
      return { ok: true, nextSize: 0 };
    case "update": {
      const applied = applyUpdate(action.update, old ?? extractKey(request.key, schema));
      if (!applied.ok) return applied;
      const size = itemSize(applied.item);
      if (size > LIMITS.itemBytes) {
        return {
          ok: false,
          error: new ValidationException("Item size to update has exceeded the maximum allowed size").toWire(),
        };
      }
      return { ok: true, next: applied.item, nextSize: size };
    }
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}
