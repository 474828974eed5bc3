/**
 * A global table's replication from the region shown, per destination region: the replica's
 * status, changes pending, the lag p50 and p99 now (workers/admin/group-status.ts
 * `replicationReport`), and the lag p99 and the pending changes over the last minutes as small charts. A region the
 * fault state isolates says so.
 */

import type { Child } from "hono/jsx";
import { countText, msText } from "../format";
import type { LagPoint } from "./lag-history";
import { ReplicationChart } from "./replication-chart";

export interface DestinationView {
  region: string;
  /** The replica's status in the table's metadata (CREATING, ACTIVE…). */
  status: string;
  /** Null when no leader reported shipping to it. */
  pending: number | null;
  samples: number | null;
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  history: LagPoint[];
  isolated: boolean;
}

export function ReplicationStatus(props: {
  table: string;
  region: string;
  destinations: DestinationView[];
  now: number;
  regionIsolated: boolean;
}): Child {
  return (
    <div>
      {props.regionIsolated ? (
        <p class="error">{`${props.region} is isolated: nothing it ships arrives until it rejoins.`}</p>
      ) : null}
      <table class="replication">
        <caption class="muted">{`Replication of ${props.table} from ${props.region}`}</caption>
        <thead>
          <tr>
            <th scope="col">Destination</th>
            <th scope="col">Replica status</th>
            <th scope="col">Pending changes</th>
            <th scope="col">Lag p50</th>
            <th scope="col">Lag p99</th>
            <th scope="col">Samples</th>
            <th scope="col">Last 5 minutes</th>
          </tr>
        </thead>
        <tbody>
          {props.destinations.map((d) => (
            <tr data-destination={d.region}>
              <th scope="row">
                {d.region}
                {d.isolated ? <span class="flag"> (isolated)</span> : null}
              </th>
              <td>{d.status}</td>
              <td class="num" data-pending={d.pending === null ? "" : String(d.pending)}>
                {countText(d.pending)}
              </td>
              <td class="num">{msText(d.lagP50Ms)}</td>
              <td class="num">{msText(d.lagP99Ms)}</td>
              <td class="num">{countText(d.samples)}</td>
              <td>
                <ReplicationChart
                  points={d.history}
                  measure="lagP99Ms"
                  now={props.now}
                  label={`Lag p99 from ${props.region} to ${d.region} over the last 5 minutes`}
                />
                <ReplicationChart
                  points={d.history}
                  measure="pending"
                  now={props.now}
                  label={`Changes pending from ${props.region} to ${d.region} over the last 5 minutes`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
