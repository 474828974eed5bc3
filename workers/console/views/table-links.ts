/**
 * The console's links to one table's pages, each keeping the region shown: its data (the
 * explorer, /console/tables/<name>), its topology and its replication. The name travels as one
 * encoded path segment.
 */

import { consoleHref } from "../layout";

const tablePath = (name: string, rest = "") => `/tables/${encodeURIComponent(name)}${rest}`;

/** The explorer's page of the table. */
export const tableDataHref = (name: string, region: string) => consoleHref(tablePath(name), region);

/** The table's topology page, or its live fragment. */
export const topologyHref = (name: string, region: string, live = false) =>
  consoleHref(tablePath(name, live ? "/topology/live" : "/topology"), region);

/** The table's replication page, or its live fragment. */
export const replicationHref = (name: string, region: string, live = false) =>
  consoleHref(tablePath(name, live ? "/replication/live" : "/replication"), region);

/** The faults page, with a table whose replicas to offer. */
export const faultsHref = (region: string, table?: string) =>
  consoleHref("/faults", region, table === undefined ? {} : { table });
