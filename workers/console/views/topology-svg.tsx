/**
 * The picture of a group of partitions in a region: the region around its zones (columns), each
 * partition a row, each replica a box in its zone's column with its partition id, role (in words
 * and by color), term, commit and applied index; a replica that could not be asked has a dashed
 * border and says why. Log replicas, which stand in a zone the map does not record, get a column
 * of their own. Each box carries `data-replica` (its name) and `data-role`, so a test finds the leader.
 */

import type { Child } from "hono/jsx";
import type { MemberReport, PartitionReport } from "../../admin/group-status";
import { countText, hashPercentText } from "../format";
import { partitionOfName, replicaLook } from "./replica-role";
import type { GroupView } from "./topology-report";

const BOX_W = 224;
const BOX_H = 76;
const GAP = 12;
const LABEL_W = 92;
const HEAD = 50;
const LINE = 16;

interface Row {
  partition: PartitionReport;
  retired: boolean;
  voters: string[] | null;
  logReplicas: MemberReport[];
}

function ReplicaBox(props: {
  member: MemberReport;
  row: Row;
  x: number;
  y: number;
  logReplica: boolean;
  stopped: boolean;
}): Child {
  const { member, row, x, y } = props;
  const look = replicaLook(member, {
    leader: row.partition.leader,
    voters: row.voters,
    logReplica: props.logReplica,
    stopped: props.stopped,
  });
  const lines = [
    `term ${countText(member.term)}`,
    `commit ${countText(member.commit)} · applied ${countText(member.applied)}`,
    look.flags.join(" · "),
  ];
  const leader = look.role === "leader";
  return (
    <g data-replica={member.name} data-role={look.role.replace(" ", "-")} data-partition={row.partition.id}>
      <title>{`${member.name}: ${look.role}${look.flags.length ? ` (${look.flags.join(", ")})` : ""}`}</title>
      <rect
        x={x}
        y={y}
        width={BOX_W}
        height={BOX_H}
        rx={4}
        fill={look.fill}
        stroke={look.stroke}
        stroke-width={leader ? 3 : 1.5}
        stroke-dasharray={look.dashed ? "6 4" : undefined}
      />
      <text x={x + 8} y={y + LINE} class="strong">
        {`${partitionOfName(member.name, row.partition.id)} · ${look.role}`}
      </text>
      {lines.map((line, i) => (
        <text x={x + 8} y={y + LINE * (i + 2)} fill={i === 2 ? "#991b1b" : "#1a1a1a"}>
          {line}
        </text>
      ))}
    </g>
  );
}

/** The picture of `group`'s partitions (and split parents not yet dropped) across `zones` of `region`. */
export function TopologySvg(props: { group: GroupView; region: string; zones: string[]; stopped: Set<string> }): Child {
  const { group, region, zones, stopped } = props;
  const report = group.report;
  if (!report) return null;
  const rows: Row[] = [
    ...report.partitions.map((partition) => ({ partition, retired: false })),
    ...report.retired.map((partition) => ({ partition, retired: true })),
  ].map(({ partition, retired }) => ({
    partition,
    retired,
    voters: group.leaders.get(partition.id)?.voters ?? null,
    logReplicas: retired ? [] : (group.leaders.get(partition.id)?.logReplicas ?? []),
  }));
  const logColumn = rows.some((r) => r.logReplicas.length > 0);
  const columns = [...zones, ...(logColumn ? ["log replicas"] : [])];
  const columnX = (i: number) => LABEL_W + i * (BOX_W + GAP + 8);
  const width = columnX(columns.length) + GAP;
  const rowY = (i: number) => HEAD + GAP + i * (BOX_H + GAP);
  const height = rowY(rows.length) + 4;
  const what = group.index === undefined ? "the table" : `index ${group.index}`;
  return (
    <svg
      class="topology"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      aria-label={`Replicas of ${what} in ${region}: ${rows.length} partitions across ${zones.length} zones`}
    >
      <title>{`Replicas of ${what} in ${region}`}</title>
      <rect x={0.5} y={0.5} width={width - 1} height={height - 1} fill="#fff" stroke="#6b7280" />
      <text x={8} y={18} class="strong">
        {`region ${region}`}
      </text>
      {columns.map((zone, i) => (
        <g>
          <rect x={columnX(i) - 4} y={26} width={BOX_W + 8} height={height - 30} fill="#f9fafb" stroke="#d1d5db" />
          <text x={columnX(i) + BOX_W / 2} y={42} text-anchor="middle" class="strong">
            {i < zones.length ? `zone ${zone}` : zone}
          </text>
        </g>
      ))}
      {rows.map((row, r) => (
        <g>
          <text x={8} y={rowY(r) + LINE} class="strong">
            {row.partition.id}
          </text>
          <text x={8} y={rowY(r) + LINE * 2}>
            {`${hashPercentText(row.partition.low)}–${hashPercentText(row.partition.high)}`}
          </text>
          <text x={8} y={rowY(r) + LINE * 3} fill="#991b1b">
            {row.retired ? "retired" : row.partition.leader === null ? "no leader" : ""}
          </text>
          {row.partition.members.map((member) => {
            const column = zones.indexOf(member.zone);
            return (
              <ReplicaBox
                member={member}
                row={row}
                x={columnX(Math.max(column, 0))}
                y={rowY(r)}
                logReplica={false}
                stopped={stopped.has(member.name)}
              />
            );
          })}
          {row.logReplicas.slice(0, 1).map((member) => (
            <ReplicaBox
              member={member}
              row={row}
              x={columnX(zones.length)}
              y={rowY(r)}
              logReplica={true}
              stopped={stopped.has(member.name)}
            />
          ))}
        </g>
      ))}
    </svg>
  );
}
