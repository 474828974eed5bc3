/**
 * The topology page's fault controls: the same grid as the picture (a row per partition, a column
 * per zone), each cell the Crash/Restart/Stop/Resume buttons of the replica there. It sits beside
 * the live picture, not in it: the picture is replaced every second, which would take the keyboard
 * focus away from a button inside it. Log replicas have none: the admin API names only the
 * partition map's replicas (workers/admin/fault-actions.ts `replicaRefOf`).
 */

import type { Child } from "hono/jsx";
import { ReplicaFaultButtons } from "./fault-buttons";
import type { GroupView } from "./topology-report";

export function ReplicaFaultGrid(props: { groups: GroupView[]; zones: string[]; postTo: string; back: string }): Child {
  const rows = props.groups.flatMap((group) =>
    (group.report?.partitions ?? []).map((partition) => ({
      label: group.index === undefined ? partition.id : `${group.index} ${partition.id}`,
      partition,
    })),
  );
  if (rows.length === 0) return null;
  return (
    <table class="fault-grid">
      <caption class="muted">Inject a fault into a replica (the picture shows the outcome)</caption>
      <thead>
        <tr>
          <th scope="col">Partition</th>
          {props.zones.map((zone) => (
            <th scope="col">{zone}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>
            <th scope="row">{row.label}</th>
            {props.zones.map((zone) => {
              const member = row.partition.members.find((m) => m.zone === zone);
              return (
                <td>
                  {member ? (
                    <ReplicaFaultButtons
                      postTo={props.postTo}
                      replica={member.name}
                      label={`${row.label} in ${zone}`}
                      back={props.back}
                    />
                  ) : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
