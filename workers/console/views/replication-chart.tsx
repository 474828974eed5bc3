/**
 * A small line chart of one of a destination's replication measures over the last minutes (from
 * ./lag-history.ts): the lag p99 or the changes pending. Time across, the value up, a gap where
 * there was none (no lag samples). The axes' ends and the measure are labelled in text; the
 * page's table has the numbers now.
 */

import type { Child } from "hono/jsx";
import { countText, msText } from "../format";
import type { LagPoint } from "./lag-history";

export type Measure = "lagP99Ms" | "pending";

const TEXT: Record<Measure, { name: string; value: (n: number) => string }> = {
  lagP99Ms: { name: "lag p99", value: msText },
  pending: { name: "pending", value: countText },
};

const WIDTH = 320;
const HEIGHT = 90;
const LEFT = 56;
const BOTTOM = 18;
/** The span shown. */
const WINDOW_MS = 5 * 60_000;

export function ReplicationChart(props: { points: LagPoint[]; measure: Measure; now: number; label: string }): Child {
  const { measure } = props;
  const text = TEXT[measure];
  const from = props.now - WINDOW_MS;
  const shown = props.points.filter((p) => p.at >= from);
  const measured = (p: LagPoint) => p[measure];
  const top = Math.max(1, ...shown.map((p) => measured(p) ?? 0));
  const x = (at: number) => LEFT + ((at - from) / WINDOW_MS) * (WIDTH - LEFT - 4);
  const y = (ms: number) => 4 + (1 - ms / top) * (HEIGHT - BOTTOM - 8);
  // Runs of points with samples, each one polyline.
  const runs: LagPoint[][] = [];
  let run: LagPoint[] = [];
  for (const point of shown) {
    if (measured(point) === null) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push(point);
  }
  if (run.length > 0) runs.push(run);
  const base = HEIGHT - BOTTOM;
  return (
    <svg class="lag-chart" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-label={props.label}>
      <title>{props.label}</title>
      <rect x={LEFT} y={4} width={WIDTH - LEFT - 4} height={base - 4} fill="#fff" stroke="#d1d5db" />
      <text x={LEFT - 4} y={14} text-anchor="end">
        {text.value(top)}
      </text>
      <text x={LEFT - 4} y={base} text-anchor="end">
        {text.value(0)}
      </text>
      <text x={LEFT + 4} y={16} fill="#4b5563">
        {text.name}
      </text>
      <text x={LEFT} y={HEIGHT - 4}>
        5 min ago
      </text>
      <text x={WIDTH - 4} y={HEIGHT - 4} text-anchor="end">
        now
      </text>
      {runs.map((points) =>
        points.length === 1 ? (
          <circle cx={x(points[0].at)} cy={y(measured(points[0]) ?? 0)} r={2} fill="#1d4ed8" />
        ) : (
          <polyline
            points={points.map((p) => `${x(p.at).toFixed(1)},${y(measured(p) ?? 0).toFixed(1)}`).join(" ")}
            fill="none"
            stroke="#1d4ed8"
            stroke-width={2}
          />
        ),
      )}
      {shown.length === 0 ? (
        <text x={(LEFT + WIDTH) / 2} y={base / 2 + 4} text-anchor="middle" fill="#4b5563">
          no readings yet
        </text>
      ) : null}
    </svg>
  );
}
