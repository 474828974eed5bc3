/**
 * The heat strip: a bar across the key (hash) space where each partition takes the width of its
 * hash range and a shade by the capacity units its leader consumed over the last minute (read
 * plus write; darker is hotter, relative to the hottest). Each segment carries its values as
 * text, inside when it is wide enough and always in its tooltip; the partitions table has them too.
 */

import type { Child } from "hono/jsx";
import type { PartitionReport } from "../../admin/group-status";
import { decimalText, hashFraction } from "../format";
import { leaderCapacity } from "./partition-table";

const WIDTH = 960;
const BAR_H = 44;
const TOP = 4;

/** A blue from pale (0) to deep (1). */
function shade(heat: number): string {
  const mix = (from: number, to: number) => Math.round(from + (to - from) * heat);
  return `rgb(${mix(239, 30)},${mix(246, 58)},${mix(255, 138)})`;
}

export function HeatStrip(props: { partitions: PartitionReport[]; label: string }): Child {
  const segments = props.partitions.map((p) => {
    const capacity = leaderCapacity(p);
    const units = capacity ? capacity.readUnits + capacity.writeUnits : null;
    const x = hashFraction(p.low) * WIDTH;
    const end = p.high === "ffffffffffffffff" ? WIDTH : hashFraction(p.high) * WIDTH;
    return { p, capacity, units, x, width: Math.max(1, end - x) };
  });
  const hottest = Math.max(0, ...segments.map((s) => s.units ?? 0));
  const height = TOP + BAR_H + 22;
  return (
    <figure class="heat">
      <svg width={WIDTH + 2} height={height} viewBox={`-1 0 ${WIDTH + 2} ${height}`} aria-label={props.label}>
        <title>{props.label}</title>
        {segments.map(({ p, capacity, units, x, width }) => {
          const heat = hottest > 0 && units !== null ? units / hottest : 0;
          const values = capacity
            ? `R ${decimalText(capacity.readUnits)} · W ${decimalText(capacity.writeUnits)}`
            : "no leader";
          return (
            <g data-partition={p.id}>
              <title>{`${p.id} (${p.low}–${p.high}): ${values} units over the last minute`}</title>
              <rect
                x={x}
                y={TOP}
                width={width}
                height={BAR_H}
                fill={units === null ? "#f3f4f6" : shade(heat)}
                stroke="#374151"
              />
              {width >= 70 ? (
                <text x={x + 6} y={TOP + 18} fill={heat > 0.55 ? "#fff" : "#111827"} class="strong">
                  {p.id}
                </text>
              ) : null}
              {width >= 110 ? (
                <text x={x + 6} y={TOP + 36} fill={heat > 0.55 ? "#fff" : "#111827"}>
                  {values}
                </text>
              ) : null}
            </g>
          );
        })}
        <text x={0} y={TOP + BAR_H + 16}>
          0000000000000000
        </text>
        <text x={WIDTH} y={TOP + BAR_H + 16} text-anchor="end">
          ffffffffffffffff
        </text>
      </svg>
      <figcaption class="muted">
        {`Capacity units consumed per partition over the last minute (read + write); the darkest is ${decimalText(hottest)} units. R: read units, W: write units.`}
      </figcaption>
    </figure>
  );
}
