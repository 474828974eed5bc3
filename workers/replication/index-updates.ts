/**
 * Global tables (version 2019.11.21) keep the same global secondary indexes in every region: an
 * index UpdateTable creates or deletes in one region is created or deleted in every other
 * region's copy too, each building its own from its own items (a backfill) and feeding it from its
 * own committed changes.
 *
 * The region that took the UpdateTable records the change with its table (`indexUpdatesToShip`,
 * in the same write as the change, so it survives a restart), and its metadata alarm delivers it
 * to each other region's metadata object until every one has taken it. A region applies it as its
 * own UpdateTable would, once: an index already there, or already gone, counts as taken. A region
 * whose copy is busy (another index being built, a region being added) refuses for now, and a
 * later round delivers again; a change its copy cannot take at all is dropped with a log line.
 * Capacity changes of an index (`Update`) stay with the region that made them, as the service
 * keeps throughput per replica.
 */
import type { UpdateTableInput } from "../../shared/api/operations/update-table";
import type { IndexUpdateToShip, TableMeta } from "../../shared/api/table";
import type { MetadataHost } from "../metadata/host";
import type { Reply } from "../replica/protocol";
import { shippingRegions } from "./metadata-home";

/** The errors of a region whose copy cannot take the change yet: delivered again later. */
const NOT_YET = new Set(["ResourceInUseException", "LimitExceededException", "ResourceNotFoundException"]);

/**
 * What `table` (as UpdateTable leaves it) must pass on of `input`: its index creates and deletes,
 * for every other region of a 2019.11.21 global table; none for another table, or a change that
 * came from another region (`shipped`).
 */
export function indexUpdatesToShip(table: TableMeta, input: UpdateTableInput, shipped: boolean): TableMeta {
  const regions = table.globalTableVersion ? [] : shippingRegions(table);
  const updates = (input.GlobalSecondaryIndexUpdates ?? []).filter((u) => u.Create || u.Delete);
  if (shipped || regions.length === 0 || updates.length === 0) return table;
  const update: IndexUpdateToShip = {
    regions,
    input: {
      TableName: table.name,
      ...(input.AttributeDefinitions ? { AttributeDefinitions: input.AttributeDefinitions } : {}),
      GlobalSecondaryIndexUpdates: updates,
    },
  };
  return { ...table, indexUpdatesToShip: [...(table.indexUpdatesToShip ?? []), update] };
}

/** Whether `table` already holds what `input` asks: each index it creates there, each it deletes gone or going. */
export function alreadyTaken(table: TableMeta, input: UpdateTableInput): boolean {
  const indexes = table.globalIndexes ?? [];
  return (input.GlobalSecondaryIndexUpdates ?? []).every(({ Create: create, Delete: remove }) => {
    if (create) return indexes.some((i) => i.name === create.IndexName);
    if (remove) return !indexes.some((i) => i.name === remove.IndexName && i.status !== "DELETING");
    return true;
  });
}

/**
 * Takes an index change another region's table made: applies `input` to this region's copy of
 * table `input.TableName` through `update` (this region's UpdateTable, marked as shipped) unless
 * the copy already holds it. At exit: ok once taken, or refused while the copy cannot take it yet.
 */
export async function takeIndexUpdate(
  host: MetadataHost,
  input: UpdateTableInput,
  update: (input: UpdateTableInput) => Promise<Reply<object>>,
): Promise<Reply<object>> {
  const table = host.catalog.getTable(input.TableName);
  if (table && alreadyTaken(table, input)) return { ok: true };
  const reply = await update(input);
  if (reply.ok || NOT_YET.has(reply.error.type)) return reply;
  console.error(`index change from another region not taken by ${input.TableName}: ${reply.error.message}`);
  return { ok: true };
}

/**
 * Delivers every table's index changes still to ship, each to the regions that have not taken it
 * (in the order they were made: a region takes a table's next change only after its previous one).
 * At exit: whether any is left (the alarm comes back).
 */
export async function shipIndexUpdates(host: MetadataHost): Promise<boolean> {
  let left = false;
  for (const table of host.catalog.allTables()) {
    if (!table.indexUpdatesToShip?.length) continue;
    const queue = table.indexUpdatesToShip;
    const blocked = new Set<string>();
    const remaining: IndexUpdateToShip[] = [];
    for (const pending of queue) {
      const regions: string[] = [];
      for (const region of pending.regions) {
        const taken =
          !blocked.has(region) &&
          (await host.link
            .callMetadata(region, "takeIndexUpdate", [pending.input as UpdateTableInput])
            .then((reply) => reply.ok)
            .catch(() => false));
        if (taken) continue;
        blocked.add(region);
        regions.push(region);
      }
      if (regions.length > 0) remaining.push({ ...pending, regions });
    }
    // Re-read: the table may have changed while the regions were called.
    const now = host.catalog.getTable(table.name);
    if (now?.id !== table.id) continue;
    const later = (now.indexUpdatesToShip ?? []).slice(queue.length);
    const next = [...remaining, ...later];
    host.catalog.putTable({ ...now, indexUpdatesToShip: next.length > 0 ? next : undefined });
    left ||= next.length > 0;
  }
  return left;
}
