/**
 * Global tables, router side. The control plane of global tables version 2017.11.29, run by the
 * router of the region that took the call. Such a global table is a group of same-name tables, one
 * per region, created beforehand with CreateTable; each region's catalog entry lists the group's
 * other regions as its `replicas` (all ACTIVE) and carries `globalTableVersion` "2017.11.29", so
 * its replicas ship their writes to the others exactly as for version 2019.11.21. The tables must
 * have the same secondary indexes (names and keys: shared/api/global-table.ts `checkJoinable`),
 * and each region's partitions feed its own global indexes from their committed changes, the
 * ones applied from the other regions included.
 *
 * Joining: every member learns the new group, then each member copies its items to the new
 * members (they joined empty; the copy also covers writes that raced the join, since last
 * writer wins makes copies and live changes commute). Leaving: the region's table stays, as a
 * plain table, and the others stop shipping to it.
 */

import { fromWire, GlobalTableNotFoundException, InternalServerError } from "../../shared/api/errors";
import {
  type Candidate,
  changeGroup,
  checkJoinable,
  checkRegions,
  describeGlobalTable,
  type GlobalTableDescription,
  globalTableDescription,
  globalTableNotFound,
  groupOf,
  isLegacyGlobal,
} from "../../shared/api/global-table";
import type { CreateGlobalTableInput } from "../../shared/api/operations/create-global-table";
import type { UpdateGlobalTableInput } from "../../shared/api/operations/update-global-table";
import type { ReplicaMeta, TableMeta } from "../../shared/api/table";
import type { Link } from "../link/link";

export interface LegacyContext {
  link: Link;
  /** The region the request was sent to. */
  region: string;
  account: string;
  /** Every region the server knows (the topology). */
  regions: string[];
  /** Epoch milliseconds. */
  now: number;
}

/** Region `region`'s table `name` as a candidate member. */
async function candidate(link: Link, region: string, name: string): Promise<Candidate> {
  const route = await link.callMetadata(region, "route", [name]);
  if (!route.ok) return { region, itemCount: 0 };
  const described = await link.callMetadata(region, "describeTable", [name]);
  return { region, table: route.table, itemCount: described.ok ? described.description.ItemCount : 0 };
}

/** The other members of `group`, as region `region` lists them. */
const othersOf = (group: string[], region: string): ReplicaMeta[] =>
  group.filter((r) => r !== region).map((r) => ({ region: r, status: "ACTIVE" }));

/** Tells every region of `group` its new member list, then copies each `from` region's items to each `to` region. */
async function applyGroup(
  ctx: LegacyContext,
  name: string,
  group: string[],
  createdAt: number,
  copies: { from: string[]; to: string[] },
): Promise<void> {
  for (const region of group) {
    const reply = await ctx.link.callMetadata(region, "setReplicas", [name, othersOf(group, region), { createdAt }]);
    if (!reply.ok) throw fromWire(reply.error);
  }
  for (const to of copies.to) {
    for (const from of copies.from.filter((r) => r !== to)) {
      if (!(await ctx.link.callMetadata(from, "backfillTo", [name, to]))) {
        throw new InternalServerError(`Copying the items of ${name} from ${from} to ${to} failed; retry the request`);
      }
    }
  }
}

/** CreateGlobalTable. At exit: every listed region's table knows the others and ships to them. */
export async function createGlobalTable(
  ctx: LegacyContext,
  input: CreateGlobalTableInput,
): Promise<GlobalTableDescription> {
  const name = input.GlobalTableName;
  const group = [...new Set(input.ReplicationGroup.map((r) => r.RegionName))].sort();
  checkRegions(group, ctx.regions);
  const candidates = await Promise.all(group.map((region) => candidate(ctx.link, region, name)));
  let reference: TableMeta | undefined;
  for (const c of candidates) {
    const table = checkJoinable(name, c, reference);
    reference ??= table;
  }
  await applyGroup(ctx, name, group, ctx.now, { from: group, to: group });
  return globalTableDescription(name, group, ctx.now, ctx.account);
}

/** The calling region's entry of global table `name`, or GlobalTableNotFoundException. */
async function ownEntry(ctx: LegacyContext, name: string): Promise<TableMeta> {
  const route = await ctx.link.callMetadata(ctx.region, "route", [name]);
  const table = route.ok ? route.table : undefined;
  if (!isLegacyGlobal(table)) throw new GlobalTableNotFoundException(globalTableNotFound(name));
  return table;
}

export async function describeLegacyGlobalTable(ctx: LegacyContext, name: string): Promise<GlobalTableDescription> {
  return describeGlobalTable(await ownEntry(ctx, name), ctx.region, ctx.account);
}

/**
 * UpdateGlobalTable: adds regions whose table exists and may join (checkJoinable), removes
 * regions, which keep their table as a plain one.
 */
export async function updateGlobalTable(
  ctx: LegacyContext,
  input: UpdateGlobalTableInput,
): Promise<GlobalTableDescription> {
  const name = input.GlobalTableName;
  const own = await ownEntry(ctx, name);
  const before = groupOf(own, ctx.region);
  const change = changeGroup(name, before, input.ReplicaUpdates);
  checkRegions(change.added, ctx.regions);
  const candidates = await Promise.all(change.added.map((region) => candidate(ctx.link, region, name)));
  for (const c of candidates) checkJoinable(name, c, own);
  const createdAt = own.globalTableCreatedAt ?? own.createdAt;
  const kept = before.filter((r) => change.group.includes(r));
  await applyGroup(ctx, name, change.group, createdAt, { from: kept, to: change.added });
  for (const region of change.removed) {
    const reply = await ctx.link.callMetadata(region, "setReplicas", [name, [], false]);
    if (!reply.ok) throw fromWire(reply.error);
  }
  return globalTableDescription(name, change.group, createdAt, ctx.account);
}
