/**
 * The overview (`GET /console`): the deployment's regions and zones, the tables of the region
 * shown (status, items, size, billing mode, indexes, stream, Time to Live, replica regions; each
 * linking to its data and topology), and the requests served over the last 10 minutes.
 */

import { Hono } from "hono";
import { faults } from "../../link/faults";
import { requestMetrics } from "../../metrics/request-metrics";
import { topologyOf } from "../../topology";
import type { ConsoleEnv } from "../console-env";
import { ErrorBox, NoticeBox } from "../messages";
import { takeNotice } from "../views/notice";
import { RegionList } from "../views/region-list";
import { LastMinute, RequestChart } from "../views/request-chart";
import { TableOverview } from "../views/table-overview";
import { tableSummaries } from "../views/table-summaries";

export const overviewPages = new Hono<ConsoleEnv>();

overviewPages.get("/", async (c) => {
  const region = c.get("region");
  const summaries = await tableSummaries(c.env, region);
  const slots = requestMetrics.recent();
  return c.render(
    <>
      <NoticeBox message={takeNotice(c)} />
      <h2>Regions</h2>
      <RegionList topology={topologyOf(c.env)} shown={region} isolated={faults.state().isolated} />
      <h2>{`Tables in ${region}`}</h2>
      {summaries.ok ? (
        <TableOverview tables={summaries.value.tables} total={summaries.value.total} region={region} />
      ) : (
        <ErrorBox message={summaries.error} />
      )}
      <h2>Requests</h2>
      <div class="row charts">
        <RequestChart slots={slots} />
        <LastMinute slots={slots} />
      </div>
    </>,
    { title: "Overview" },
  );
});
