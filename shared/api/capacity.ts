/**
 * Capacity unit arithmetic, DynamoDB's way.
 * - Reads: 1 unit per 4 KB (rounded up) for a strongly consistent read, half
 *   that for an eventually consistent one. A single-item read of a missing or
 *   empty item still costs the minimum (1, or 0.5 eventually consistent).
 * - Query and Scan: the sizes of all items read are summed first, then rounded
 *   up to 4 KB once (not per item); a page that reads nothing still costs the
 *   minimum ("Queries that do not return results consume the minimum read
 *   capacity units", API reference; DynamoDB Local reports 0).
 * - Writes: 1 unit per 1 KB (rounded up), minimum 1 per item. A write that
 *   replaces or deletes an item costs by the larger of the old and new item.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
 */

import { LIMITS } from "./limits";

export type CapacityKind = "read" | "write";

/** Units for one item of `bytes` (GetItem, PutItem, DeleteItem, UpdateItem, batch entries). */
export function capacityUnits(bytes: number, kind: CapacityKind, consistent = true): number {
  if (kind === "write") return Math.max(1, Math.ceil(bytes / LIMITS.writeUnitBytes));
  const units = Math.max(1, Math.ceil(bytes / LIMITS.readUnitBytes));
  return consistent ? units : units / 2;
}

/** Read units for a Query or Scan page that read `totalBytes` of items, rounded up once. */
export function readUnitsForBytes(totalBytes: number, consistent: boolean): number {
  return capacityUnits(totalBytes, "read", consistent);
}

/** Write units for a write that turns an item of `oldBytes` (0 if absent) into one of `newBytes` (0 if deleted). */
export function writeUnits(oldBytes: number, newBytes: number): number {
  return capacityUnits(Math.max(oldBytes, newBytes), "write");
}

/**
 * Units of an item read or written in a transaction (TransactGetItems, TransactWriteItems): twice
 * those of the single-item operation, each item rounded first.
 */
export function transactionalUnits(units: number): number {
  return 2 * units;
}

/**
 * Read units a Query or Scan page consumes in all: its items' summed size (an index's entries, or
 * the table's items), and the table items a local index fetched, each whole in 4 KB blocks.
 */
export function pageReadUnits(bytesRead: number, fetchBlocks: number, consistent: boolean): number {
  return readUnitsForBytes(bytesRead, consistent) + fetchBlocks * (consistent ? 1 : 0.5);
}
