/**
 * The partitions of a group as numbers: each one's key range (low and high hash), items and size
 * as its leader counts them, the capacity its leader consumed and the requests it throttled over
 * the last minute, and a split in progress.
 */

import type { Child } from "hono/jsx";
import type { PartitionReport } from "../../admin/group-status";
import type { CapacityReport } from "../../replica/protocol";
import { bytesText, countText, decimalText, hashPercentText, timeText } from "../format";

/** The capacity the partition's leader reports for the last minute; null without a leader's report. */
export function leaderCapacity(partition: PartitionReport): CapacityReport | null {
  return partition.members.find((m) => m.name === partition.leader)?.capacity ?? null;
}

export function PartitionTable(props: { partitions: PartitionReport[]; caption: string }): Child {
  return (
    <table class="partitions">
      <caption class="muted">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Partition</th>
          <th scope="col">Low hash</th>
          <th scope="col">High hash</th>
          <th scope="col">Share</th>
          <th scope="col">Leader (term)</th>
          <th scope="col">Items</th>
          <th scope="col">Size</th>
          <th scope="col">Read units, 1 min</th>
          <th scope="col">Write units, 1 min</th>
          <th scope="col">Throttled, 1 min</th>
          <th scope="col">Split in progress</th>
        </tr>
      </thead>
      <tbody>
        {props.partitions.map((p) => {
          const capacity = leaderCapacity(p);
          const leader = p.members.find((m) => m.name === p.leader);
          return (
            <tr>
              <th scope="row">{p.id}</th>
              <td>
                <code>{p.low}</code>
              </td>
              <td>
                <code>{p.high}</code>
              </td>
              <td>{`${hashPercentText(p.low)}–${hashPercentText(p.high)}`}</td>
              <td>{leader ? `${leader.zone} (${countText(p.epoch)})` : "none"}</td>
              <td class="num">{countText(p.itemCount)}</td>
              <td class="num">{bytesText(p.sizeBytes)}</td>
              <td class="num">{decimalText(capacity?.readUnits)}</td>
              <td class="num">{decimalText(capacity?.writeUnits)}</td>
              <td class="num">{capacity ? countText(capacity.throttledReads + capacity.throttledWrites) : "—"}</td>
              <td>
                {p.splitting ? (
                  <span>
                    at <code>{p.splitting.point}</code> ({p.splitting.reason}), since {timeText(p.splitting.since)}
                  </span>
                ) : (
                  "no"
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
