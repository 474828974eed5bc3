/**
 * The web console's overview, topology, partitions, replication and faults pages, over HTTP as a
 * browser without JavaScript uses them (the admin token as a bearer header instead of the session
 * cookie): on the shared server, where ADMIN_API is off and the faults page is a 404; and on one
 * dedicated server with the admin API on and short failover timings, where the console's fault
 * forms crash a leader (the live topology shows another one within 2 s) and isolate a region of
 * a global table (the replication page shows the backlog rise, then drain once it rejoins).
 */

import { type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from "vitest";
import { encodeKeyValue } from "../../shared/keys/key-encoding";
import { partitionHash } from "../../shared/keys/partition-hash";
import type { GroupReport } from "../../workers/admin/group-status";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { addRegion, get, until } from "../helpers/global-tables";
import { createActiveTable, createItemTable } from "../helpers/items";
import { ADMIN_AUTHORIZATION } from "../helpers/test-key";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Page {
  status: number;
  type: string | null;
  text: string;
}

async function getPage(base: string, path: string): Promise<Page> {
  const response = await fetch(`${base}${path}`, { headers: ADMIN_AUTHORIZATION, redirect: "manual" });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

/** POSTs a form; the redirect is not followed. */
async function postForm(
  base: string,
  path: string,
  fields: [string, string][],
): Promise<Page & { location: string | null }> {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { ...ADMIN_AUTHORIZATION, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    location: response.headers.get("location"),
    text: await response.text(),
  };
}

interface Box {
  replica: string;
  role: string;
  partition: string;
}

/** The replica boxes of the topology picture(s) in `html`. */
function boxesOf(html: string): Box[] {
  return [...html.matchAll(/<g data-replica="([^"]+)" data-role="([^"]+)" data-partition="([^"]+)"/g)].map((m) => ({
    replica: m[1],
    role: m[2],
    partition: m[3],
  }));
}

describe("console with ADMIN_API off (the shared server)", () => {
  const endpoint = inject("endpoint");

  test("console: the faults page and its form answer 404", async () => {
    expect((await getPage(endpoint, "/console")).status).toBe(200);
    expect((await getPage(endpoint, "/console/faults")).status).toBe(404);
    const posted = await postForm(endpoint, "/console/faults", [["action", "reset"]]);
    expect(posted.status).toBe(404);
  });
});

describe("console with ADMIN_API on (a dedicated server)", () => {
  let running: AdminServer;
  let base: string;
  let db: DynamoDBClient;

  beforeAll(async () => {
    running = await startAdminServer({
      INITIAL_PARTITIONS: "2",
      LEASE_MS: "500",
      PEER_TIMEOUT_MS: "300",
      WRITE_TIMEOUT_MS: "1500",
    });
    base = running.server.url;
    db = running.sdk();
  });

  afterAll(async () => {
    db?.destroy();
    await running?.stop();
  });

  afterEach(async () => {
    await running.admin("/admin/faults", { action: "reset" });
  });

  /** Puts item `pk` (`v` "x"; `g`, the index's key, `pk` unless given). */
  const put = (table: string, pk: string, g = pk) =>
    db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, g: { S: g }, v: { S: "x" } } }));

  const groups = (table: string, index?: string) =>
    running.admin<GroupReport>(`/admin/groups?table=${table}${index ? `&index=${index}` : ""}`);

  /** A fresh key whose partition hash falls in [low, high]. */
  let keys = 0;
  function keyIn(low: string, high: string): string {
    for (;;) {
      const key = `k-${keys++}`;
      const hash = partitionHash(encodeKeyValue({ S: key }));
      if (hash >= low && hash <= high) return key;
    }
  }

  test("console: the overview lists a table of the region with its item count, linked to its data and topology", async () => {
    const table = await createItemTable(db, "console-overview");
    for (let i = 0; i < 3; i++) await put(table, `item-${i}`);
    const row = await until(
      "the overview counts 3 items",
      async () => {
        const page = await getPage(base, "/console");
        expect(page.status).toBe(200);
        return page.text.match(new RegExp(`<tr data-table="${table}">.*?</tr>`))?.[0] ?? "";
      },
      (found) => found.includes('data-items="3"'),
      10_000,
    );
    expect(row).toContain(`href="/console/tables/${table}?region=us-east-1"`);
    expect(row).toContain(`href="/console/tables/${table}/topology?region=us-east-1"`);
    expect(row).toContain("PAY_PER_REQUEST");
    const overview = await getPage(base, "/console");
    expect(overview.text).toContain("us-east-1a");
    expect(overview.text).toContain('class="request-chart"');
    expect(overview.text).toContain("The last minute");
  });

  test("console: the topology shows every replica of the table and its index, one leader per partition; a crashed leader is replaced within 2 s", async () => {
    const table = `console-topology-${Date.now()}`;
    await createActiveTable(db, {
      TableName: table,
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "g", AttributeType: "S" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      GlobalSecondaryIndexes: [
        {
          IndexName: "byG",
          KeySchema: [{ AttributeName: "g", KeyType: "HASH" }],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    });
    // A write into each partition of the table and of the index elects their leaders.
    const report = await groups(table);
    const indexReport = await groups(table, "byG");
    expect(report.partitions).toHaveLength(2);
    expect(indexReport.partitions).toHaveLength(2);
    for (const [i, p] of report.partitions.entries()) {
      const q = indexReport.partitions[i];
      await put(table, keyIn(p.low, p.high), keyIn(q.low, q.high));
    }
    const names = [...report.partitions, ...indexReport.partitions].flatMap((p) => p.members.map((m) => m.name));
    const live = `/console/tables/${table}/topology/live?region=us-east-1`;

    const page = await getPage(base, `/console/tables/${table}/topology?region=us-east-1`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-live="${live}"`);
    expect(page.text).toContain("Index byG");
    // The fault buttons of each replica, posting back here.
    for (const name of names) expect(page.text).toContain(`name="replica" value="${name}"`);
    expect(page.text).toContain(`name="back" value="/console/tables/${table}/topology?region=us-east-1"`);

    const led = await until(
      "every partition of the table and the index shows one leader",
      async () => boxesOf((await getPage(base, live)).text),
      (boxes) => {
        const leaders = boxes.filter((b) => b.role === "leader");
        return (
          leaders.length === 4 && new Set(leaders.map((b) => b.replica.split("/").slice(0, 2).join("/"))).size === 4
        );
      },
      10_000,
    );
    expect(led.map((b) => b.replica).sort()).toEqual([...names].sort());

    const fragment = await getPage(base, live);
    expect(fragment.status).toBe(200);
    expect(fragment.type).toMatch(/^text\/html/);
    expect(fragment.text).not.toContain("<html");
    expect(fragment.text).toContain("<svg");
    expect(fragment.text).toContain("Partitions of table");
    expect(fragment.text).toContain('<figure class="heat">');
    expect(fragment.text).toContain("No splits yet.");

    // Crash the table's first partition's leader through the console's form.
    const target = report.partitions[0];
    const leader = led.find((b) => b.role === "leader" && target.members.some((m) => m.name === b.replica));
    expect(leader).toBeDefined();
    const crashed = leader?.replica as string;
    const back = `/console/tables/${table}/topology?region=us-east-1`;
    const crash = await postForm(base, "/console/faults?region=us-east-1", [
      ["action", "crash"],
      ["replica", crashed],
      ["back", back],
    ]);
    expect(crash.status).toBe(303);
    expect(crash.location).toBe(back);
    const started = Date.now();
    // The next write into the partition finds the leader gone and has another elected.
    const write = put(table, keyIn(target.low, target.high));
    const failedOver = await until(
      "another member of the partition leads",
      async () => boxesOf((await getPage(base, live)).text).filter((b) => b.partition === target.id),
      (boxes) =>
        boxes.some(
          (b) => b.role === "leader" && b.replica !== crashed && target.members.some((m) => m.name === b.replica),
        ),
      5_000,
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThanOrEqual(2000);
    await write;
    expect(failedOver.find((b) => b.replica === crashed)?.role).toBe("unknown");
    const after = await getPage(base, live);
    expect(after.text).toContain("crashed");
    expect(after.text).toContain('stroke-dasharray="6 4"');

    // The faults page lists the crash; restarting through the form clears it.
    const faultsPage = await getPage(base, "/console/faults?region=us-east-1");
    expect(faultsPage.status).toBe(200);
    expect(faultsPage.text).toContain(crashed);
    const restart = await postForm(base, "/console/faults?region=us-east-1", [
      ["action", "restart"],
      ["replica", crashed],
      ["back", back],
    ]);
    expect(restart.status).toBe(303);
    expect(await running.admin("/admin/faults")).toMatchObject({ down: [] });
    expect((await getPage(base, "/console/faults")).text).toContain("No faults injected.");
  });

  test("console: an unknown table's pages are 404s with the message", async () => {
    for (const path of ["/topology", "/topology/live", "/replication", "/replication/live"]) {
      const page = await getPage(base, `/console/tables/no-such-table${path}`);
      expect({ path, status: page.status }).toEqual({ path, status: 404 });
      expect(page.text).toContain("table &quot;no-such-table&quot; not found in us-east-1");
    }
  });

  test("console: a bad fault action shows the faults page with the message, 400; a good one redirects only inside the console", async () => {
    const bad = await postForm(base, "/console/faults", [
      ["action", "crash"],
      ["replica", "no-such-name"],
    ]);
    expect(bad.status).toBe(400);
    expect(bad.type).toMatch(/^text\/html/);
    expect(bad.text).toContain("replica &quot;no-such-name&quot; is not named &lt;tableId&gt;/&lt;partition&gt;");
    expect(bad.text).toContain("<h1>Faults</h1>");
    const unknown = await postForm(base, "/console/faults", [["action", "<explode>"]]);
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("action must be one of");
    expect(unknown.text).not.toContain("<explode>");
    const cut = await postForm(base, "/console/faults", [
      ["action", "cut"],
      ["zones", "us-east-1a"],
      ["zones", "us-east-1a"],
    ]);
    expect(cut.status).toBe(400);
    expect(cut.text).toContain("zones must name two different zones");
    expect(await running.admin("/admin/faults")).toEqual({ down: [], stopped: [], slow: {}, cut: [], isolated: [] });

    const away = await postForm(base, "/console/faults?region=eu-west-1", [
      ["action", "cut"],
      ["zones", "us-east-1a"],
      ["zones", "us-east-1b"],
      ["back", "https://elsewhere.example/console"],
    ]);
    expect(away.status).toBe(303);
    expect(away.location).toBe("/console/faults?region=eu-west-1");
    expect(await running.admin("/admin/faults")).toMatchObject({ cut: [["us-east-1a", "us-east-1b"]] });
    const shown = await getPage(base, "/console/faults");
    expect(shown.text).toContain("us-east-1a ↔ us-east-1b");
    const reset = await postForm(base, "/console/faults", [
      ["action", "reset"],
      ["back", "//elsewhere.example/console"],
    ]);
    expect(reset.status).toBe(303);
    expect(reset.location).toBe("/console/faults?region=us-east-1");
    expect(await running.admin("/admin/faults")).toMatchObject({ cut: [] });
  });

  test("console: isolating then rejoining a region of a global table shows its backlog rise on the replication page, then drain", async () => {
    const table = await createItemTable(db, "console-global");
    const local = await getPage(base, `/console/tables/${table}/replication`);
    expect(local.status).toBe(200);
    expect(local.text).toContain("is not a global table");
    await addRegion(db, table, "eu-west-1");
    await put(table, "before");
    const live = `/console/tables/${table}/replication/live?region=us-east-1`;
    const pending = async () => {
      const text = (await getPage(base, live)).text;
      const found = text.match(/<tr data-destination="eu-west-1">.*?data-pending="(\d*)"/);
      return { text, pending: found?.[1] ? Number(found[1]) : null };
    };

    const isolate = await postForm(base, "/console/faults?region=us-east-1", [
      ["action", "isolate"],
      ["region", "eu-west-1"],
      ["back", `/console/tables/${table}/replication?region=us-east-1`],
    ]);
    expect(isolate.status).toBe(303);
    for (let i = 0; i < 10; i++) await put(table, `during-${i}`);
    const during = await until("the backlog to eu-west-1 shows", pending, (r) => (r.pending ?? 0) >= 10, 10_000);
    expect(during.text).toContain("(isolated)");
    expect(during.text).toContain('class="lag-chart"');

    const rejoin = await postForm(base, "/console/faults?region=us-east-1", [
      ["action", "rejoin"],
      ["region", "eu-west-1"],
    ]);
    expect(rejoin.status).toBe(303);
    // The next writes kick the shippers that gave up meanwhile, until eu-west-1 has them all.
    const eu = running.sdkIn("eu-west-1");
    await until(
      "the writes made meanwhile arrive in eu-west-1",
      async () => {
        await put(table, `kick-${Date.now()}`);
        return get(eu, table, "during-9");
      },
      (v) => v === "x",
      20_000,
    );
    eu.destroy();
    const drained = await until("the backlog to eu-west-1 drains", pending, (r) => r.pending === 0, 10_000);
    expect(drained.text).not.toContain("(isolated)");
    // The pending chart keeps the backlog's peak (its top label), and draws the drop a second later.
    const pendingChart = (text: string) =>
      text.match(/<svg class="lag-chart"[^>]*aria-label="Changes pending.*?<\/svg>/)?.[0] ?? "";
    const top = pendingChart(drained.text).match(/<text x="\d+" y="14" text-anchor="end">([\d,]+)<\/text>/)?.[1];
    expect(Number(top?.replace(/,/g, ""))).toBeGreaterThanOrEqual(during.pending ?? 10);
    await sleep(1100);
    expect(pendingChart((await pending()).text)).toMatch(/<polyline points="[^"]+"/);
  });
});
