/**
 * The console's URLs, each keeping the region shown. Table names travel as one encoded path
 * segment, an item's key as DynamoDB JSON in the `key` parameter.
 */

import type { Item } from "../../shared/api/attribute-value";
import { consoleHref } from "./layout";

type Params = Record<string, string>;

/** The tables list. */
export const tablesHref = (region: string, params: Params = {}) => consoleHref("/tables", region, params);

/** The table's page in the explorer (`/console/tables/<name><rest>`), or one of its pages below it. */
export const tableHref = (name: string, region: string, params: Params = {}, rest = "") =>
  consoleHref(`/tables/${encodeURIComponent(name)}${rest}`, region, params);

/** The item with `key`. */
export const itemHref = (table: string, key: Item, region: string, params: Params = {}) =>
  tableHref(table, region, { key: JSON.stringify(key), ...params }, "/item");

/** Where a new item is written. */
export const newItemHref = (table: string, region: string, params: Params = {}) =>
  tableHref(table, region, params, "/new-item");

/** The table's topology page, or its live fragment. */
export const topologyHref = (name: string, region: string, live = false) =>
  tableHref(name, region, {}, live ? "/topology/live" : "/topology");

/** The table's replication page, or its live fragment. */
export const replicationHref = (name: string, region: string, live = false) =>
  tableHref(name, region, {}, live ? "/replication/live" : "/replication");

/** The faults page, with a table whose replicas to offer. */
export const faultsHref = (region: string, table?: string) =>
  consoleHref("/faults", region, table === undefined ? {} : { table });
