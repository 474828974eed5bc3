/**
 * The deployment's regions and their zones (workers/topology.ts), each zone with its Durable
 * Object location hint; the region shown, and a region the fault state isolates, are marked in words.
 */

import type { Child } from "hono/jsx";
import type { Topology } from "../../topology";

export function RegionList(props: { topology: Topology; shown: string; isolated: string[] }): Child {
  return (
    <table class="regions">
      <caption class="muted">Regions and their zones</caption>
      <thead>
        <tr>
          <th scope="col">Region</th>
          <th scope="col">Zones (location hint)</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {[...props.topology.values()].map((region) => (
          <tr>
            <th scope="row">
              {region.name}
              {region.name === props.shown ? <span class="muted"> (shown)</span> : null}
            </th>
            <td>{region.zones.map((z) => `${z.name} (${z.locationHint})`).join(", ")}</td>
            <td>{props.isolated.includes(region.name) ? "isolated" : "connected"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
