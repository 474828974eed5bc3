/**
 * The console in a real headless Chromium (test/helpers/browser.ts), as a person uses it: sign in
 * with the link `npm start` prints, create a table and put and edit an item in the explorer, open
 * a table's topology, crash its leader and watch another replica lead, and isolate and rejoin a
 * region of a global table while its replication page shows the lag rise and fall; and create a
 * table with the keyboard alone.
 *
 * With SCREENSHOTS_DIR set, it saves the explorer's and the topology's pictures there (the
 * README's, from `SCREENSHOTS_DIR=docs/screenshots npx vitest run test/e2e/console-browser.test.ts`).
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { launchBrowser } from "../helpers/browser";
import { uniqueTableName } from "../helpers/dynamodb";
import { addRegion, get, until } from "../helpers/global-tables";
import { createItemTable } from "../helpers/items";
import { TEST_ADMIN_TOKEN } from "../helpers/test-key";

const SCREENSHOTS = process.env.SCREENSHOTS_DIR;

let server: AdminServer;
let browser: Browser;
let page: Page;

async function screenshot(name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startAdminServer({ INITIAL_PARTITIONS: "2", LEASE_MS: "500", PEER_TIMEOUT_MS: "300", WRITE_TIMEOUT_MS: "1500" }),
    launchBrowser(),
  ]);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on("dialog", (dialog) => dialog.accept());
  // Signed in once for the file: each test can run alone.
  await page.goto(`${server.server.url}/console?token=${TEST_ADMIN_TOKEN}`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the console in a browser", () => {
  it("signs in with the token link, then shows the overview", async () => {
    const fresh = await browser.newPage();
    await fresh.goto(`${server.server.url}/console`);
    await expect(fresh.title()).resolves.toBe("Sign in · dynaflare console");
    await fresh.goto(`${server.server.url}/console?token=${TEST_ADMIN_TOKEN}`);
    expect(new URL(fresh.url()).searchParams.has("token")).toBe(false);
    await expect(fresh.title()).resolves.toBe("Overview · dynaflare console");
    await fresh.close();
  });

  it("creates a table, puts an item and edits it in the explorer", { timeout: 60_000 }, async () => {
    const table = uniqueTableName("browser");
    await page.goto(`${server.server.url}/console?region=us-east-1`);
    await page.getByRole("link", { name: "Tables", exact: true }).click();
    await page.getByLabel("Table name").fill(table);
    await page.getByLabel("Partition key", { exact: true }).fill("pk");
    await page.getByRole("button", { name: "Create table" }).click();
    await expect(page.getByRole("link", { name: table, exact: true }).count()).resolves.toBe(1);
    // The table is CREATING for a moment; its page offers New item once it is there.
    await page.getByRole("link", { name: table, exact: true }).click();
    await page.getByRole("link", { name: "New item" }).click();
    await page.getByLabel("Plain JSON").check();
    await page.locator("textarea[name=item]").fill(JSON.stringify({ pk: "first", count: 1, tags: ["a", "b"] }));
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();

    const text = await page.locator("textarea[name=item]").inputValue();
    const edited = text.replace(/"count":\s*1\b/, '"count": 2');
    expect(edited).not.toBe(text);
    await page.locator("textarea[name=item]").fill(edited);
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    const { Item } = await server
      .sdk()
      .send(new GetItemCommand({ TableName: table, Key: { pk: { S: "first" } }, ConsistentRead: true }));
    expect(Item?.count).toEqual({ N: "2" });

    await page.getByRole("link", { name: `Table ${table}` }).click();
    await expect(page.locator("table").filter({ hasText: "first" }).count()).resolves.toBeGreaterThan(0);
    await screenshot("explorer");
  });

  it("creates a table from the keyboard alone", { timeout: 30_000 }, async () => {
    const table = uniqueTableName("keyboard");
    await page.goto(`${server.server.url}/console/tables?region=us-east-1`);
    // Tab through the page (links, the region picker, the table list's buttons) to the form.
    let reached = false;
    for (let presses = 0; presses < 200 && !reached; presses++) {
      await page.keyboard.press("Tab");
      reached = (await page.locator('input[name="name"]:focus').count()) === 1;
    }
    expect(reached).toBe(true);
    await page.keyboard.type(table);
    await page.keyboard.press("Tab");
    await page.keyboard.type("pk");
    await page.keyboard.press("Enter");
    await page
      .getByRole("status")
      .filter({ hasText: `Created table ${table}` })
      .waitFor();
    await expect(page.getByRole("link", { name: table, exact: true }).count()).resolves.toBe(1);
  });

  it("crashes a table's leader from its topology and shows another replica leading within 2 s", {
    timeout: 60_000,
  }, async () => {
    const db = server.sdk();
    const table = await createItemTable(db, "browser-topology");
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: "a" } } }));
    await page.goto(`${server.server.url}/console/tables/${encodeURIComponent(table)}/topology?region=us-east-1`);
    const leaders = page.locator('svg [data-role="leader"]');
    await leaders.first().waitFor();
    const leader = (await leaders.first().getAttribute("data-replica")) as string;
    // Replica names are <table id>/<partition>/<region>/<zone>: its partition's other members share the prefix.
    const partition = leader.split("/").slice(0, 2).join("/");

    await page.locator(`form:has(input[name="replica"][value="${leader}"]) button[value="crash"]`).click();
    const crashed = Date.now();
    await page.getByRole("status").filter({ hasText: "Applied" }).waitFor();
    // Groups elect on demand: the next writes into the partition find its leader gone and elect another.
    await Promise.all(
      ["a", "b", "c", "d", "e", "f", "g", "h"].map((pk) =>
        db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk } } })),
      ),
    );
    const next = page.locator(
      `svg [data-role="leader"][data-replica^="${partition}/"]:not([data-replica="${leader}"])`,
    );
    await next.waitFor({ timeout: 5_000 });
    expect(Date.now() - crashed).toBeLessThan(2_000);
    await expect(page.locator(`svg [data-replica="${leader}"]`).first().textContent()).resolves.toContain("crashed");
    await screenshot("topology");

    await page.locator(`form:has(input[name="replica"][value="${leader}"]) button[value="restart"]`).click();
    await page.getByRole("status").filter({ hasText: "Applied" }).waitFor();
  });

  it("isolates and rejoins a region of a global table while its replication page shows the backlog rise and fall", {
    timeout: 90_000,
  }, async () => {
    const db = server.sdk();
    const table = await createItemTable(db, "browser-global");
    await addRegion(db, table, "eu-west-1");
    const put = (pk: string) =>
      db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, v: { S: "x" } } }));
    await put("before");
    const replication = `${server.server.url}/console/tables/${encodeURIComponent(table)}/replication?region=us-east-1`;
    const pending = page.locator('tr[data-destination="eu-west-1"] [data-pending]');
    const pendingNow = async () => Number((await pending.getAttribute("data-pending")) || "0");

    await page.goto(`${server.server.url}/console/faults?region=us-east-1`);
    await page.locator('form:has(button[value="isolate"]) select[name="region"]').selectOption("eu-west-1");
    await page.locator('form:has(button[value="isolate"]) button[value="isolate"]').click();
    await page.getByRole("status").filter({ hasText: "Applied" }).waitFor();
    for (let i = 0; i < 10; i++) await put(`during-${i}`);
    await page.goto(replication);
    // The page refreshes itself every second: the backlog rises in place.
    await until("the backlog to eu-west-1 shows", pendingNow, (n) => n >= 10, 15_000);
    await expect(page.locator('tr[data-destination="eu-west-1"]').textContent()).resolves.toContain("(isolated)");

    await page.goto(`${server.server.url}/console/faults?region=us-east-1`);
    await page.locator('form:has(button[value="isolate"]) select[name="region"]').selectOption("eu-west-1");
    await page.locator('form:has(button[value="isolate"]) button[value="rejoin"]').click();
    await page.getByRole("status").filter({ hasText: "Applied" }).waitFor();
    // Writes after the rejoin wake the shippers that gave up while the region was cut off.
    const eu = server.sdkIn("eu-west-1");
    await until(
      "the writes made meanwhile arrive in eu-west-1",
      async () => {
        await put(`kick-${Date.now()}`);
        return get(eu, table, "during-9");
      },
      (v) => v === "x",
      30_000,
    );
    eu.destroy();
    await page.goto(replication);
    await until("the backlog to eu-west-1 drains", pendingNow, (n) => n === 0, 15_000);
    await expect(page.locator('tr[data-destination="eu-west-1"]').textContent()).resolves.not.toContain("(isolated)");
  });
});
