/**
 * The Attributes member of a PutItem, UpdateItem or DeleteItem response, shaped by ReturnValues:
 * - NONE: nothing;
 * - ALL_OLD / ALL_NEW: the whole item before / after the write;
 * - UPDATED_OLD / UPDATED_NEW (UpdateItem only): the old / new item projected on the paths the
 *   update named, so a nested SET returns only the sub-document it changed (`SET m.a.b = :v`
 *   gives `{m: {M: {a: {M: {b: …}}}}}`), a REMOVE gives the removed value as UPDATED_OLD and
 *   nothing as UPDATED_NEW, and a write past the end of a list (an append) reaches no value.
 * An item that is absent, or a projection that selects nothing, leaves Attributes out.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html#DDB-UpdateItem-request-ReturnValues
 */
import type { Item } from "../../shared/api/attribute-value";
import type { ReturnValues } from "../../shared/api/operations/put-item";
import type { DocumentPath } from "../../shared/expressions/ast";
import { project } from "../../shared/expressions/projection";

export interface WrittenItems {
  old?: Item;
  new?: Item;
}

/** Which items a write must send back for `mode`: the replica leaves the others out. */
export function itemsToReturn(mode: ReturnValues | undefined): { returnOld: boolean; returnNew: boolean } {
  return {
    returnOld: mode === "ALL_OLD" || mode === "UPDATED_OLD",
    returnNew: mode === "ALL_NEW" || mode === "UPDATED_NEW",
  };
}

/** The response member `{ Attributes }` for `mode`, or `{}` when there is nothing to return. */
export function returnedAttributes(
  mode: ReturnValues | undefined,
  written: WrittenItems,
  updatedPaths: readonly DocumentPath[] = [],
): { Attributes?: Item } {
  const attributes = select(mode, written, updatedPaths);
  return attributes && Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
}

function select(
  mode: ReturnValues | undefined,
  written: WrittenItems,
  updatedPaths: readonly DocumentPath[],
): Item | undefined {
  switch (mode) {
    case undefined:
    case "NONE":
      return undefined;
    case "ALL_OLD":
      return written.old;
    case "ALL_NEW":
      return written.new;
    case "UPDATED_OLD":
      return written.old && project(written.old, updatedPaths);
    case "UPDATED_NEW":
      return written.new && project(written.new, updatedPaths);
    default: {
      const unreachable: never = mode;
      return unreachable;
    }
  }
}
