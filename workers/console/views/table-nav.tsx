/** The links between one table's pages: its data (the explorer), topology and replication; the page shown is marked. */

import type { Child } from "hono/jsx";
import { replicationHref, tableHref, topologyHref } from "../links";

export function TableNav(props: { name: string; region: string; current: "topology" | "replication" }): Child {
  const link = (href: string, label: string, current: boolean) =>
    current ? <strong aria-current="page">{label}</strong> : <a href={href}>{label}</a>;
  return (
    <nav class="table-nav" aria-label={`Pages of table ${props.name}`}>
      {link(tableHref(props.name, props.region), "Data", false)}
      {link(topologyHref(props.name, props.region), "Topology", props.current === "topology")}
      {link(replicationHref(props.name, props.region), "Replication", props.current === "replication")}
      <span class="muted">{`region ${props.region}`}</span>
    </nav>
  );
}
