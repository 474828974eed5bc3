/**
 * The faults page (mounted at `/console/faults`), only when ADMIN_API is "on" (else a 404 like
 * any unknown path): the faults injected now, and forms to inject more or undo them.
 *
 * `POST /console/faults` takes a form's fields as the admin API's fault action (`action`, and
 * `replica`, two `zones` or `region`; workers/admin/fault-actions.ts checks and applies it), then
 * redirects (303) to the form's `back` when it is a console page, else here, with a notice. A bad
 * action shows this page again with the message, status 400.
 */

import type { Context } from "hono";
import { Hono } from "hono";
import { AdminError } from "../../admin/admin-error";
import { applyFaultAction, parseFaultAction } from "../../admin/fault-actions";
import { routeOf } from "../../admin/group-status";
import { faults } from "../../link/faults";
import { Link } from "../../link/link";
import { regionOf } from "../../topology";
import type { ConsoleEnv } from "../console-env";
import { consoleHref } from "../layout";
import { faultsHref, topologyHref } from "../links";
import { ErrorBox, NoticeBox } from "../messages";
import { tableNames } from "../table-names";
import { FaultForms, type ReplicaChoice } from "../views/fault-forms";
import { consolePathOf, describeAction, faultActionBody } from "../views/fault-request";
import { FaultStateView } from "../views/fault-state";
import { setNotice, takeNotice } from "../views/notice";

export const faultsPages = new Hono<ConsoleEnv>();

type PageContext = Context<ConsoleEnv>;

faultsPages.use(async (c, next) => {
  if (c.env.ADMIN_API !== "on") return c.notFound();
  await next();
});

/** The replicas of `table` (and of its global indexes) in the region, to pick from. */
async function replicasOf(c: PageContext, table: string): Promise<ReplicaChoice[]> {
  const route = await routeOf(c.env, new Link(c.env), c.get("region"), table);
  const maps = [
    { group: table, map: route.map },
    ...(route.table.globalIndexes ?? []).flatMap((index) => {
      const map = route.indexMaps?.[index.id];
      return map ? [{ group: `${table} index ${index.name}`, map }] : [];
    }),
  ];
  return maps.flatMap(({ group, map }) =>
    map.partitions.flatMap((p) =>
      p.replicas.map((r) => ({ group: `${group} ${p.id}`, name: r.name, label: `${p.id} · ${r.zone}` })),
    ),
  );
}

/** The region's table names, for the replica picker. */
async function tablesToPick(c: PageContext): Promise<string[]> {
  const names = await tableNames(c.env, c.get("region"));
  return names.ok ? names.value : [];
}

async function faultsPage(c: PageContext, error?: string) {
  const region = c.get("region");
  const chosen = c.req.query("table") || undefined;
  let replicas: ReplicaChoice[] | undefined;
  let pickError: string | undefined;
  if (chosen !== undefined) {
    try {
      replicas = await replicasOf(c, chosen);
    } catch (caught) {
      if (!(caught instanceof AdminError)) throw caught;
      pickError = caught.message;
    }
  }
  const here = faultsHref(region, chosen);
  return c.render(
    <>
      <ErrorBox message={error} />
      <NoticeBox message={takeNotice(c)} />
      <p class="muted">
        Faults apply to this server's isolate (local and test runs). A crashed replica loses its memory and comes back
        from its storage on restart; a stopped one stops answering; cut zones cannot reach each other; an isolated
        region reaches no other region.
      </p>
      <h2>Now</h2>
      <FaultStateView state={faults.state()} postTo={consoleHref("/faults", region)} back={here} />
      <h2>Inject or undo</h2>
      <ErrorBox message={pickError} />
      {chosen !== undefined && replicas ? (
        <p>
          <a href={topologyHref(chosen, region)}>{`Topology of ${chosen}`}</a>
        </p>
      ) : null}
      <FaultForms
        postTo={consoleHref("/faults", region)}
        faultsPath="/console/faults"
        back={here}
        region={region}
        regions={c.get("regions")}
        zones={regionOf(c.env, region).zones.map((z) => z.name)}
        tables={await tablesToPick(c)}
        chosenTable={chosen}
        replicas={replicas}
      />
    </>,
    { title: "Faults" },
  );
}

faultsPages.get("/", (c) => faultsPage(c));

faultsPages.post("/", async (c) => {
  const form = await c.req.parseBody({ all: true });
  const body = faultActionBody(form);
  try {
    await applyFaultAction(parseFaultAction(body, c.env), new Link(c.env));
  } catch (error) {
    if (!(error instanceof AdminError)) throw error;
    c.status(400);
    return faultsPage(c, error.message);
  }
  setNotice(c, `Applied ${describeAction(body)}.`);
  return c.redirect(consolePathOf(form.back) ?? faultsHref(c.get("region")), 303);
});
