/**
 * The topology page's live part, answered alone every second as an HTML fragment: for the table
 * and then each global secondary index, the picture of its replicas, its partitions as numbers,
 * the heat strip across its key space and its split history.
 */

import type { Child } from "hono/jsx";
import { countText, msText, timeText } from "../format";
import { HeatStrip } from "./heat-strip";
import { PartitionTable } from "./partition-table";
import { SplitHistory } from "./split-history";
import type { GroupView, TopologyView } from "./topology-report";
import { TopologySvg } from "./topology-svg";

function Feeding(props: { group: GroupView }): Child {
  const f = props.group.feeding;
  if (!f) return null;
  return (
    <p>
      {`Fed by the table's leaders: ${countText(f.pending)} records pending${f.complete ? "" : " (some leaders did not report)"}, lag p50 ${msText(f.lagP50Ms)}, p99 ${msText(f.lagP99Ms)}.`}
    </p>
  );
}

function Group(props: { group: GroupView; view: TopologyView }): Child {
  const { group, view } = props;
  const what = group.index === undefined ? `table ${view.table}` : `index ${group.index}`;
  const report = group.report;
  return (
    <section class="group" data-group={group.index ?? ""}>
      <h2>
        {group.index === undefined ? "Table replicas" : `Index ${group.index}`}
        {group.indexStatus ? <span class="muted">{` (${group.indexStatus})`}</span> : null}
      </h2>
      <Feeding group={group} />
      {report ? (
        <>
          <p class="muted">
            {`Partition map version ${report.mapVersion}: ${report.partitions.length} partition${report.partitions.length === 1 ? "" : "s"}.`}
          </p>
          <TopologySvg group={group} region={view.region} zones={view.zones} stopped={view.stopped} />
          <h3>{`Partitions of ${what}`}</h3>
          <PartitionTable partitions={report.partitions} caption={`Partitions of ${what} in ${view.region}`} />
          <HeatStrip partitions={report.partitions} label={`Heat across the key space of ${what}`} />
          <h3>{`Splits of ${what}`}</h3>
          <SplitHistory splits={report.splits} />
        </>
      ) : (
        <p class="error">{group.error ?? "No partitions yet."}</p>
      )}
    </section>
  );
}

export function TopologyFragment(props: { view: TopologyView; now: number }): Child {
  return (
    <div>
      <p class="muted">{`As of ${timeText(props.now)}; refreshed every second while the page is open.`}</p>
      {props.view.groups.map((group) => (
        <Group group={group} view={props.view} />
      ))}
    </div>
  );
}
