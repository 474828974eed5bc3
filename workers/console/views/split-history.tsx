/** A group's splits so far (the partition map's history), newest first: parent, children, point, reason and times. */

import type { Child } from "hono/jsx";
import type { SplitEvent } from "../../metadata/partition-map";
import { countText, timeText } from "../format";

/** How many splits are listed. */
const SHOWN = 50;

export function SplitHistory(props: { splits: SplitEvent[] }): Child {
  if (props.splits.length === 0) return <p class="muted">No splits yet.</p>;
  const newest = [...props.splits].reverse().slice(0, SHOWN);
  return (
    <table>
      <caption class="muted">
        {props.splits.length > SHOWN
          ? `The ${SHOWN} latest of ${props.splits.length} splits`
          : `${props.splits.length} split${props.splits.length === 1 ? "" : "s"}`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Parent</th>
          <th scope="col">Children</th>
          <th scope="col">Point</th>
          <th scope="col">Reason</th>
          <th scope="col">Asked</th>
          <th scope="col">Published</th>
          <th scope="col">Split record lsn</th>
        </tr>
      </thead>
      <tbody>
        {newest.map((s) => (
          <tr>
            <th scope="row">{s.parent}</th>
            <td>{s.children.join(", ")}</td>
            <td>
              <code>{s.point}</code>
            </td>
            <td>{s.reason}</td>
            <td>{timeText(s.since)}</td>
            <td>{timeText(s.at)}</td>
            <td class="num">{countText(s.lsn)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
