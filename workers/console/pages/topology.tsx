/**
 * A table's topology, partitions and replication (mounted at `/console/tables`):
 *
 * - `GET /:name/topology`: the picture of the table's replicas (and each global index's), its
 *   partitions, heat strip and splits, refreshed every second from `/:name/topology/live`; with
 *   ADMIN_API on, the fault buttons of each replica, posting to the faults page and back here.
 * - `GET /:name/replication`: a global table's replication to each other region, pending changes
 *   and lag, refreshed from `/:name/replication/live`; "not a global table" otherwise.
 *
 * An unknown table is a 404 page (its live fragment a 404 fragment, which the page's script skips).
 */

import type { Context } from "hono";
import { Hono } from "hono";
import { AdminError } from "../../admin/admin-error";
import type { ConsoleEnv } from "../console-env";
import { consoleHref } from "../layout";
import { replicationHref, topologyHref } from "../links";
import { ErrorBox, NoticeBox } from "../messages";
import { takeNotice } from "../views/notice";
import { ReplicaFaultGrid } from "../views/replica-fault-grid";
import { type ReplicationView, replicationView } from "../views/replication-report";
import { ReplicationStatus } from "../views/replication-status";
import { TableNav } from "../views/table-nav";
import { TopologyFragment } from "../views/topology-fragment";
import { type TopologyView, topologyView } from "../views/topology-report";

export const topologyPages = new Hono<ConsoleEnv>();

type PageContext = Context<ConsoleEnv>;

/** What `load` reads, or the AdminError saying the table is not there. */
async function attempt<T>(load: () => Promise<T>): Promise<T | AdminError> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AdminError) return error;
    throw error;
  }
}

function notFoundPage(c: PageContext, name: string, error: AdminError) {
  c.status(404);
  return c.render(
    <>
      <ErrorBox message={error.message} />
      <p>
        <a href={consoleHref("/tables", c.get("region"))}>All tables of {c.get("region")}</a>
      </p>
    </>,
    { title: `Table ${name} not found` },
  );
}

const notFoundFragment = (c: PageContext, error: AdminError) => c.html(<ErrorBox message={error.message} />, 404);

topologyPages.get("/:name/topology", async (c) => {
  const name = c.req.param("name");
  const region = c.get("region");
  const view = await attempt(() => topologyView(c.env, region, name));
  if (view instanceof AdminError) return notFoundPage(c, name, view);
  const here = topologyHref(name, region);
  return c.render(
    <>
      <TableNav name={name} region={region} current="topology" />
      <NoticeBox message={takeNotice(c)} />
      {c.env.ADMIN_API === "on" ? (
        <details class="faults-panel" open>
          <summary>Fault injection</summary>
          <ReplicaFaultGrid
            groups={view.groups}
            zones={view.zones}
            postTo={consoleHref("/faults", region)}
            back={here}
          />
        </details>
      ) : null}
      <div class="live" data-live={topologyHref(name, region, true)}>
        <TopologyFragment view={view} now={Date.now()} />
      </div>
    </>,
    { title: `Topology of ${name}` },
  );
});

topologyPages.get("/:name/topology/live", async (c) => {
  const view: TopologyView | AdminError = await attempt(() =>
    topologyView(c.env, c.get("region"), c.req.param("name")),
  );
  if (view instanceof AdminError) return notFoundFragment(c, view);
  return c.html(<TopologyFragment view={view} now={Date.now()} />);
});

function ReplicationFragment(props: { view: ReplicationView; name: string; region: string; now: number }) {
  if (props.view.destinations.length === 0) {
    return <p data-global="no">{`${props.name} is not a global table: it has no replica in another region.`}</p>;
  }
  return (
    <ReplicationStatus
      table={props.name}
      region={props.region}
      destinations={props.view.destinations}
      now={props.now}
      regionIsolated={props.view.regionIsolated}
    />
  );
}

topologyPages.get("/:name/replication", async (c) => {
  const name = c.req.param("name");
  const region = c.get("region");
  const now = Date.now();
  const view = await attempt(() => replicationView(c.env, region, name, now));
  if (view instanceof AdminError) return notFoundPage(c, name, view);
  return c.render(
    <>
      <TableNav name={name} region={region} current="replication" />
      <div class="live" data-live={replicationHref(name, region, true)}>
        <ReplicationFragment view={view} name={name} region={region} now={now} />
      </div>
    </>,
    { title: `Replication of ${name}` },
  );
});

topologyPages.get("/:name/replication/live", async (c) => {
  const name = c.req.param("name");
  const region = c.get("region");
  const now = Date.now();
  const view = await attempt(() => replicationView(c.env, region, name, now));
  if (view instanceof AdminError) return notFoundFragment(c, view);
  return c.html(<ReplicationFragment view={view} name={name} region={region} now={now} />);
});
