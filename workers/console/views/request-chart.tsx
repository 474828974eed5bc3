/**
 * The overview's request activity (workers/metrics/request-metrics.ts, 10-second slots): a small
 * bar chart of the request rate over the last 10 minutes with the errors' share darker and
 * hatched, and the last minute's numbers as a table (requests per second, errors, throttled).
 */

import type { Child } from "hono/jsx";
import type { RecentSlot } from "../../metrics/request-metrics";
import { countText, decimalText } from "../format";

const WIDTH = 600;
const HEIGHT = 110;
const LEFT = 60;
const BOTTOM = 18;
const SLOT_S = 10;

export function RequestChart(props: { slots: RecentSlot[] }): Child {
  const { slots } = props;
  const rate = (n: number) => n / SLOT_S;
  const top = Math.max(1, ...slots.map((s) => rate(s.requests)));
  const plot = HEIGHT - BOTTOM - 6;
  const barW = (WIDTH - LEFT - 4) / Math.max(1, slots.length);
  const h = (n: number) => (rate(n) / top) * plot;
  const base = HEIGHT - BOTTOM;
  const minutes = Math.round((slots.length * SLOT_S) / 60);
  return (
    <figure class="requests">
      <svg
        class="request-chart"
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        aria-label={`Requests per second over the last ${minutes} minutes, in ${SLOT_S}-second slots; errors hatched`}
      >
        <title>{`Requests per second over the last ${minutes} minutes`}</title>
        <defs>
          <pattern id="errors-hatch" width={4} height={4} patternUnits="userSpaceOnUse">
            <rect width={4} height={4} fill="#b91c1c" />
            <path d="M0,4 L4,0" stroke="#fff" stroke-width={1} />
          </pattern>
        </defs>
        <rect x={LEFT} y={6} width={WIDTH - LEFT - 4} height={plot} fill="#fff" stroke="#d1d5db" />
        <text x={LEFT - 4} y={16} text-anchor="end">
          {`${decimalText(top)}/s`}
        </text>
        <text x={LEFT - 4} y={base} text-anchor="end">
          0/s
        </text>
        <text x={LEFT} y={HEIGHT - 4}>
          {`${minutes} min ago`}
        </text>
        <text x={WIDTH - 4} y={HEIGHT - 4} text-anchor="end">
          now
        </text>
        {slots.map((slot, i) => {
          const x = LEFT + i * barW + 0.5;
          return slot.requests === 0 ? null : (
            <g>
              <title>{`${new Date(slot.start).toISOString().slice(11, 19)}Z: ${slot.requests} requests, ${slot.errors} errors, ${slot.throttled} throttled`}</title>
              <rect
                x={x}
                y={base - h(slot.requests)}
                width={Math.max(1, barW - 1)}
                height={h(slot.requests)}
                fill="#3b82f6"
              />
              {slot.errors > 0 ? (
                <rect
                  x={x}
                  y={base - h(slot.errors)}
                  width={Math.max(1, barW - 1)}
                  height={h(slot.errors)}
                  fill="url(#errors-hatch)"
                />
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption class="muted">{`Blue: requests per second in each ${SLOT_S}-second slot; red, hatched: errors.`}</figcaption>
    </figure>
  );
}

/** The last minute's numbers: the last six slots (the current one still filling). */
export function LastMinute(props: { slots: RecentSlot[] }): Child {
  const last = props.slots.slice(-6);
  const sum = (key: "requests" | "errors" | "throttled") => last.reduce((n, s) => n + s[key], 0);
  return (
    <table class="last-minute">
      <caption class="muted">The last minute</caption>
      <thead>
        <tr>
          <th scope="col">Requests/s</th>
          <th scope="col">Requests</th>
          <th scope="col">Errors</th>
          <th scope="col">Throttled</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td class="num">{decimalText(sum("requests") / 60)}</td>
          <td class="num">{countText(sum("requests"))}</td>
          <td class="num">{countText(sum("errors"))}</td>
          <td class="num">{countText(sum("throttled"))}</td>
        </tr>
      </tbody>
    </table>
  );
}
