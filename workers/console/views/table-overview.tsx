/**
 * The overview's table of a region's tables: status, items, size, billing mode, index count,
 * stream, Time to Live and the replica regions of a global table, each linking to its data (the
 * explorer), its topology and, for a global table, its replication.
 */

import type { Child } from "hono/jsx";
import { bytesText, countText } from "../format";
import { replicationHref, tableHref, topologyHref } from "../links";
import type { TableSummary } from "./table-summaries";

function Row(props: { table: TableSummary; region: string }): Child {
  const { table: t, region } = props;
  if (t.error !== undefined) {
    return (
      <tr data-table={t.name}>
        <th scope="row">{t.name}</th>
        <td colspan={9}>{t.error}</td>
      </tr>
    );
  }
  const global = (t.replicas?.length ?? 0) > 0;
  return (
    <tr data-table={t.name}>
      <th scope="row">
        <a href={tableHref(t.name, region)}>{t.name}</a>
      </th>
      <td>{t.status}</td>
      <td class="num" data-items={String(t.itemCount)}>
        {countText(t.itemCount)}
      </td>
      <td class="num">{bytesText(t.sizeBytes)}</td>
      <td>{t.billingMode}</td>
      <td class="num">{countText(t.indexes)}</td>
      <td>{t.stream === "off" ? "off" : `on (${t.stream})`}</td>
      <td>{t.ttl ?? "—"}</td>
      <td>{global ? t.replicas?.join(", ") : "none"}</td>
      <td>
        <a href={topologyHref(t.name, region)} aria-label={`Topology of ${t.name}`}>
          Topology
        </a>
        {global ? (
          <>
            {" · "}
            <a href={replicationHref(t.name, region)} aria-label={`Replication of ${t.name}`}>
              Replication
            </a>
          </>
        ) : null}
      </td>
    </tr>
  );
}

export function TableOverview(props: { tables: TableSummary[]; total: number; region: string }): Child {
  if (props.total === 0) return <p class="muted">{`No tables in ${props.region} yet.`}</p>;
  return (
    <table class="tables-overview">
      <caption class="muted">
        {props.total > props.tables.length
          ? `The first ${props.tables.length} of ${props.total} tables in ${props.region}`
          : `${props.total} table${props.total === 1 ? "" : "s"} in ${props.region}`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Table</th>
          <th scope="col">Status</th>
          <th scope="col">Items</th>
          <th scope="col">Size</th>
          <th scope="col">Billing mode</th>
          <th scope="col">Indexes</th>
          <th scope="col">Stream</th>
          <th scope="col">Time to Live</th>
          <th scope="col">Replica regions</th>
          <th scope="col">Views</th>
        </tr>
      </thead>
      <tbody>
        {props.tables.map((table) => (
          <Row table={table} region={props.region} />
        ))}
      </tbody>
    </table>
  );
}
