/**
 * The replica's item replies travel as text. In workerd's RPC an object result costs about
 * 20 µs more per call than a string (measured: bench/PERFORMANCE.md), and items are stored as
 * JSON text already, so a reply that splices the stored text needs neither a parse nor a
 * structured clone of the item.
 *
 * - A refusal (any failed Reply): `!` then the WireError's JSON.
 * - GetItem: `<size>` when there is no item, `<size> <item JSON>` when there is.
 * - A write: the JSON of the Reply<WriteResult>, its items spliced in as stored; the units by
 *   index and the collection's size only when present (tables with local indexes).
 *
 * Contract: each parse function inverts its text function, `parse(text(x))` equals `x`.
 */
import type { WireError } from "../../shared/api/errors";
import type { GetResult, LogPosition, Reply, WriteResult } from "./protocol";

const REFUSAL = "!";

export function refusalText(error: WireError): string {
  return REFUSAL + JSON.stringify(error);
}

function refusal(text: string): { ok: false; error: WireError } {
  return { ok: false, error: JSON.parse(text.slice(1)) as WireError };
}

/** `itemJson` is the stored item's JSON text, or undefined when there is no item. */
export function getReplyText(size: number, itemJson: string | undefined): string {
  return itemJson === undefined ? String(size) : `${size} ${itemJson}`;
}

export function parseGetReply(text: string): Reply<GetResult> {
  if (text.startsWith(REFUSAL)) return refusal(text);
  const space = text.indexOf(" ");
  if (space < 0) return { ok: true, size: Number(text) };
  return { ok: true, size: Number(text.slice(0, space)), itemJson: text.slice(space + 1) };
}

/** A write's result, with the items (when returned) as JSON text. */
export interface WriteResultText {
  oldSize: number;
  newSize: number;
  oldJson?: string;
  newJson?: string;
  /** Absent when the write appended nothing. */
  at?: LogPosition;
  indexUnits?: Record<string, number>;
  globalIndexUnits?: Record<string, number>;
  collectionBytes?: number;
}

export function writeReplyText(result: WriteResultText): string {
  let text = `{"ok":true,"oldSize":${result.oldSize},"newSize":${result.newSize}`;
  if (result.at) text += `,"at":{"term":${result.at.term},"lsn":${result.at.lsn}}`;
  if (result.indexUnits) text += `,"indexUnits":${JSON.stringify(result.indexUnits)}`;
  if (result.globalIndexUnits) text += `,"globalIndexUnits":${JSON.stringify(result.globalIndexUnits)}`;
  if (result.collectionBytes !== undefined) text += `,"collectionBytes":${result.collectionBytes}`;
  if (result.oldJson !== undefined) text += `,"old":${result.oldJson}`;
  if (result.newJson !== undefined) text += `,"new":${result.newJson}`;
  return `${text}}`;
}

export function parseWriteReply(text: string): Reply<WriteResult> {
  if (text.startsWith(REFUSAL)) return refusal(text);
  return JSON.parse(text) as { ok: true } & WriteResult;
}
