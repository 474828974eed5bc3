/**
 * The console's data explorer (/console/tables) against the shared server, as a browser without
 * JavaScript would use it: pages fetched with the admin token (a bearer header, or the session
 * cookie of the sign-in), forms posted as application/x-www-form-urlencoded, links followed
 * from the HTML. The AWS SDK sets up data and checks what the console wrote.
 */

import {
  type AttributeValue,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { client, uniqueTableName } from "../helpers/dynamodb";
import { createActiveTable, createItemTable } from "../helpers/items";
import { ADMIN_AUTHORIZATION, TEST_ADMIN_TOKEN } from "../helpers/test-key";

type Item = Record<string, AttributeValue>;

const db = client();
const created: string[] = [];

interface Page {
  status: number;
  html: string;
  location: string | null;
  headers: Headers;
}

/** Fetches a console path (or URL) with the admin token, not following redirects. */
async function request(path: string, init: RequestInit = {}): Promise<Page> {
  const response = await fetch(new URL(path, inject("endpoint")), {
    redirect: "manual",
    ...init,
    headers: { ...ADMIN_AUTHORIZATION, ...(init.headers as Record<string, string> | undefined) },
  });
  return {
    status: response.status,
    html: await response.text(),
    location: response.headers.get("location"),
    headers: response.headers,
  };
}

/** Posts `fields` to a console path as a form does. */
function post(path: string, fields: Record<string, string>): Promise<Page> {
  return request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The text HTML shows for `text`, escaped as Hono's JSX escapes it. */
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The text of escaped HTML text (or an attribute's value). */
const unescapeHtml = (html: string) =>
  html.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!,
  );

const tablePath = (name: string, rest = "") => `/console/tables/${encodeURIComponent(name)}${rest}`;

/** A table page's search URL. */
const searchPath = (name: string, params: Record<string, string>) =>
  `${tablePath(name)}?${new URLSearchParams(params)}`;

/** The item links of a page of results, in order. */
const rowLinks = (html: string) =>
  [...html.matchAll(/<th scope="row"><a href="([^"]+)">/g)].map((m) => unescapeHtml(m[1]));

/** The keys of a page of results' items (each row's link carries its item's key). */
const rowKeys = (html: string): Item[] =>
  rowLinks(html).map((href) => JSON.parse(new URL(href, "http://x").searchParams.get("key")!));

/** The "Next page" link, if the page has one. */
const nextLink = (html: string) => {
  const match = /<a rel="next" href="([^"]+)">Next page<\/a>/.exec(html);
  return match ? unescapeHtml(match[1]) : undefined;
};

/** The item editor's text. */
const textareaText = (html: string) => {
  const match = /<textarea name="item"[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
  expect(match, "the page has the item textarea").not.toBeNull();
  return unescapeHtml(match![1]);
};

/** The error box's text. */
const errorText = (html: string) => {
  const match = /<div class="error" role="alert">([\s\S]*?)<\/div>/.exec(html);
  return match ? match[1] : undefined;
};

const getItem = async (table: string, key: Item) =>
  (await db.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

afterAll(async () => {
  await Promise.allSettled(created.map((name) => db.send(new DeleteTableCommand({ TableName: name }))));
});

describe("sign-in", () => {
  const consoleUrl = (path: string) => new URL(path, inject("endpoint"));

  test("without the token the console answers with the sign-in page, 401", async () => {
    const response = await fetch(consoleUrl("/console/tables"), { redirect: "manual" });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
    const html = await response.text();
    expect(html).toContain("Sign in");
    expect(html).toContain('<form method="post" action="/console/sign-in">');
  });

  test("a wrong ?token= is refused, 401", async () => {
    const response = await fetch(consoleUrl("/console/tables?token=not-the-token"), { redirect: "manual" });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("That is not the admin token.");
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  test("the right ?token= sets the session cookie and redirects; the cookie then opens the console", async () => {
    const response = await fetch(consoleUrl(`/console/tables?token=${TEST_ADMIN_TOKEN}`), { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/console/tables");
    const setCookie = response.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^dynaflare_console=[0-9a-f]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toContain(TEST_ADMIN_TOKEN);
    const cookie = setCookie.split(";")[0];
    const page = await fetch(consoleUrl("/console/tables"), { headers: { cookie }, redirect: "manual" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<h1>Tables</h1>");
    const forged = await fetch(consoleUrl("/console/tables"), {
      headers: { cookie: "dynaflare_console=0000" },
      redirect: "manual",
    });
    expect(forged.status).toBe(401);
  });
});

describe("tables", () => {
  test("a table created with the form is listed, linked, and deleted with the form", async () => {
    const name = uniqueTableName("explorer.create");
    created.push(name);
    const create = await post("/console/tables?region=us-east-1", {
      name,
      partitionKey: "pk",
      partitionType: "S",
      sortKey: "sort key",
      sortType: "N",
      billing: "PAY_PER_REQUEST",
      read: "5",
      write: "5",
    });
    expect(create.status).toBe(303);
    expect(create.location).toBe(`/console/tables?done=created&table=${name}&region=us-east-1`);
    await waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: name });
    const { Table } = await db.send(new DescribeTableCommand({ TableName: name }));
    expect(Table!.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sort key", KeyType: "RANGE" },
    ]);
    expect(Table!.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sort key", AttributeType: "N" },
      ]),
    );
    expect(Table!.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");

    const list = await request(create.location!);
    expect(list.status).toBe(200);
    expect(list.html).toContain(`<div class="notice" role="status">Created table ${name}.</div>`);
    const row = new RegExp(
      `<tr><th scope="row"><a href="/console/tables/${name}\\?region=us-east-1">${name}</a></th>(.*?)</tr>`,
    );
    const cells = row.exec(list.html)?.[1];
    expect(cells, "the list has a row for the table").toBeDefined();
    expect(cells).toContain("<td>ACTIVE</td>");
    expect(cells).toContain("<td>pk (S), sort key (N)</td>");
    expect(cells).toContain("<td>PAY_PER_REQUEST</td>");
    expect(cells).toContain(`<a href="/console/tables/${name}/topology?region=us-east-1"`);
    expect(cells).toContain(`data-confirm="Delete table ${name}?"`);

    const table = await request(tablePath(name));
    expect(table.status).toBe(200);
    expect(table.html).toContain(`<h1>Table ${name}</h1>`);

    const deleted = await post(`${tablePath(name, "/delete")}?region=us-east-1`, {});
    expect(deleted.status).toBe(303);
    expect(deleted.location).toBe(`/console/tables?done=deleted&table=${name}&region=us-east-1`);
    const after = await db.send(new DescribeTableCommand({ TableName: name })).then(
      (answer) => answer.Table!.TableStatus,
      (error: Error) => error.name,
    );
    expect(["DELETING", "ResourceNotFoundException"]).toContain(after);
  });

  test("a provisioned table gets the capacity typed", async () => {
    const name = uniqueTableName("explorer-provisioned");
    created.push(name);
    const create = await post("/console/tables", {
      name,
      partitionKey: "id",
      partitionType: "N",
      sortKey: "",
      sortType: "S",
      billing: "PROVISIONED",
      read: "3",
      write: "4",
    });
    expect(create.status).toBe(303);
    await waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: name });
    const { Table } = await db.send(new DescribeTableCommand({ TableName: name }));
    expect(Table!.KeySchema).toEqual([{ AttributeName: "id", KeyType: "HASH" }]);
    expect(Table!.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 3, WriteCapacityUnits: 4 });
  });

  test("a table DynamoDB refuses comes back with its message and the form as typed, 400", async () => {
    const page = await post("/console/tables", {
      name: "x<",
      partitionKey: "pk",
      partitionType: "S",
      billing: "PAY_PER_REQUEST",
    });
    expect(page.status).toBe(400);
    expect(errorText(page.html)).toMatch(/tableName/i);
    expect(page.html).toContain('name="name" value="x&lt;"');
  });

  test("a table that does not exist is a 404 with DynamoDB's message", async () => {
    const page = await request(tablePath("explorer-no-such-table"));
    expect(page.status).toBe(404);
    expect(errorText(page.html)).toContain("explorer-no-such-table");
  });
});

describe("items", () => {
  let table: string;

  beforeAll(async () => {
    table = await createItemTable(db, "explorer-items", "S", "N");
    created.push(table);
  });

  test("a new item in plain JSON is stored with DynamoDB's types, then shown with a Saved notice", async () => {
    const item = { pk: "plain", sk: 1, name: "one", price: 12.5, ok: true, none: null, tags: ["a", 2], m: { k: "v" } };
    const saved = await post(`${tablePath(table, "/new-item")}?region=us-east-1`, {
      format: "plain",
      item: JSON.stringify(item),
    });
    expect(saved.status).toBe(303);
    const location = new URL(saved.location!, "http://x");
    expect(location.pathname).toBe(tablePath(table, "/item"));
    expect(JSON.parse(location.searchParams.get("key")!)).toEqual({ pk: { S: "plain" }, sk: { N: "1" } });
    expect(location.searchParams.get("saved")).toBe("1");
    expect(await getItem(table, { pk: { S: "plain" }, sk: { N: "1" } })).toEqual({
      pk: { S: "plain" },
      sk: { N: "1" },
      name: { S: "one" },
      price: { N: "12.5" },
      ok: { BOOL: true },
      none: { NULL: true },
      tags: { L: [{ S: "a" }, { N: "2" }] },
      m: { M: { k: { S: "v" } } },
    });

    const shown = await request(saved.location!);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('<div class="notice" role="status">Saved</div>');
    expect(JSON.parse(textareaText(shown.html))).toEqual(item);
  });

  test("a new item in DynamoDB JSON is stored as written, sets included", async () => {
    const item = { pk: { S: "dynamo" }, sk: { N: "2" }, colors: { SS: ["red", "blue"] }, bin: { B: "AAEC" } };
    const saved = await post(tablePath(table, "/new-item"), { format: "dynamodb", item: JSON.stringify(item) });
    expect(saved.status).toBe(303);
    const stored = await getItem(table, { pk: { S: "dynamo" }, sk: { N: "2" } });
    expect(stored?.colors.SS?.sort()).toEqual(["blue", "red"]);
    expect(Buffer.from(stored!.bin.B!).toString("base64")).toBe("AAEC");

    // The plain view of an item with a set warns that plain JSON would not keep it.
    const plain = await request(`${saved.location!.replace("format=dynamodb", "format=plain")}`);
    expect(plain.status).toBe(200);
    expect(plain.html).toContain("Plain JSON cannot keep this item");
  });

  test("a new item never replaces one: the key taken is DynamoDB's conditional failure, 400", async () => {
    await db.send(
      new PutItemCommand({ TableName: table, Item: { pk: { S: "taken" }, sk: { N: "1" }, v: { S: "old" } } }),
    );
    const text = '{"pk": "taken", "sk": 1, "v": "new"}';
    const page = await post(tablePath(table, "/new-item"), { format: "plain", item: text });
    expect(page.status).toBe(400);
    expect(errorText(page.html)).toContain("The conditional request failed");
    expect(textareaText(page.html)).toBe(text);
    expect((await getItem(table, { pk: { S: "taken" }, sk: { N: "1" } }))?.v).toEqual({ S: "old" });
  });

  test("text that is not JSON (or not DynamoDB JSON) comes back as typed with the error, 400", async () => {
    const broken = '{"pk": "x", <oops>';
    const page = await post(tablePath(table, "/new-item"), { format: "plain", item: broken });
    expect(page.status).toBe(400);
    expect(errorText(page.html)).toMatch(/^Not valid JSON/);
    expect(textareaText(page.html)).toBe(broken);
    expect(page.html).toContain("&lt;oops&gt;");

    const untyped = await post(tablePath(table, "/new-item"), { format: "dynamodb", item: '{"pk": "x", "sk": 1}' });
    expect(untyped.status).toBe(400);
    expect(errorText(untyped.html)).toContain("is not DynamoDB JSON");
  });

  test("an item edited on its page is saved; in plain JSON too", async () => {
    const key = { pk: { S: "edit" }, sk: { N: "5" } };
    await db.send(new PutItemCommand({ TableName: table, Item: { ...key, color: { S: "red" }, n: { N: "1" } } }));
    const itemPath = `${tablePath(table, "/item")}?${new URLSearchParams({ key: JSON.stringify(key) })}`;
    const page = await request(itemPath);
    expect(page.status).toBe(200);
    const shown = JSON.parse(textareaText(page.html));
    expect(shown).toEqual({ ...key, color: { S: "red" }, n: { N: "1" } });

    const saved = await post(`${tablePath(table, "/item")}?region=us-east-1`, {
      key: JSON.stringify(key),
      format: "dynamodb",
      item: JSON.stringify({ ...shown, color: { S: "green" } }),
    });
    expect(saved.status).toBe(303);
    expect((await getItem(table, key))?.color).toEqual({ S: "green" });
    const after = await request(saved.location!);
    expect(after.html).toContain('<div class="notice" role="status">Saved</div>');

    const plainPage = await request(`${itemPath}&format=plain`);
    const plain = JSON.parse(textareaText(plainPage.html));
    expect(plain).toEqual({ pk: "edit", sk: 5, color: "green", n: 1 });
    const plainSaved = await post(tablePath(table, "/item"), {
      key: JSON.stringify(key),
      format: "plain",
      item: JSON.stringify({ ...plain, n: 2, added: ["x"] }),
    });
    expect(plainSaved.status).toBe(303);
    expect(await getItem(table, key)).toEqual({
      ...key,
      color: { S: "green" },
      n: { N: "2" },
      added: { L: [{ S: "x" }] },
    });
  });

  test("an edit that changes the key, or that DynamoDB refuses, comes back with the error, 400", async () => {
    const key = { pk: { S: "fixed" }, sk: { N: "1" } };
    await db.send(new PutItemCommand({ TableName: table, Item: { ...key, v: { S: "kept" } } }));
    const moved = await post(tablePath(table, "/item"), {
      key: JSON.stringify(key),
      format: "plain",
      item: '{"pk": "moved", "sk": 1, "v": "x"}',
    });
    expect(moved.status).toBe(400);
    expect(errorText(moved.html)).toContain("cannot be changed");
    expect(await getItem(table, { pk: { S: "moved" }, sk: { N: "1" } })).toBeUndefined();

    const refused = await post(tablePath(table, "/item"), {
      key: JSON.stringify(key),
      format: "dynamodb",
      item: '{"pk": {"S": "fixed"}, "sk": {"N": "1"}, "bad": {"N": "not a number"}}',
    });
    expect(refused.status).toBe(400);
    expect(errorText(refused.html)).toContain("numeric value");
    expect(textareaText(refused.html)).toContain("not a number");
    expect((await getItem(table, key))?.v).toEqual({ S: "kept" });
  });

  test("an item deleted from its page is gone", async () => {
    const key = { pk: { S: "doomed" }, sk: { N: "1" } };
    await db.send(new PutItemCommand({ TableName: table, Item: key }));
    const itemPath = `${tablePath(table, "/item")}?${new URLSearchParams({ key: JSON.stringify(key) })}`;
    const page = await request(itemPath);
    expect(page.html).toContain('data-confirm="Delete this item?"');
    const deleted = await post(`${tablePath(table, "/item/delete")}?region=us-east-1`, { key: JSON.stringify(key) });
    expect(deleted.status).toBe(303);
    expect(deleted.location).toBe(`${tablePath(table)}?done=item-deleted&region=us-east-1`);
    expect(await getItem(table, key)).toBeUndefined();
    const gone = await request(itemPath);
    expect(gone.status).toBe(404);
  });
});

describe("searching", () => {
  let table: string;

  beforeAll(async () => {
    table = uniqueTableName("explorer-search");
    created.push(table);
    await createActiveTable(db, {
      TableName: table,
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "N" },
        { AttributeName: "color", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: "byColor",
          KeySchema: [{ AttributeName: "color", KeyType: "HASH" }],
          Projection: { ProjectionType: "ALL" },
        },
      ],
      BillingMode: "PAY_PER_REQUEST",
    });
    const colors = ["red", "blue", "red", "green", "red"];
    for (let sk = 1; sk <= 5; sk++) {
      const Item = { pk: { S: "q" }, sk: { N: String(sk) }, color: { S: colors[sk - 1] } };
      await db.send(new PutItemCommand({ TableName: table, Item }));
    }
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: "other" }, sk: { N: "1" } } }));
  });

  test("a Query with a key condition and values (plain and DynamoDB JSON) shows its items and counts", async () => {
    const page = await request(
      searchPath(table, {
        op: "Query",
        key: "pk = :p AND #s > :min",
        names: '{"#s": "sk"}',
        values: '{":p": "q", ":min": {"N": "2"}}',
        limit: "25",
        region: "us-east-1",
      }),
    );
    expect(page.status).toBe(200);
    expect(rowKeys(page.html)).toEqual([3, 4, 5].map((sk) => ({ pk: { S: "q" }, sk: { N: String(sk) } })));
    expect(page.html).toContain("Count: <strong>3</strong> · ScannedCount: <strong>3</strong>");
    // The key attributes lead the columns.
    expect(page.html).toContain('<thead><tr><th scope="col">pk</th><th scope="col">sk</th><th scope="col">color</th>');
    // The form shows the search again.
    expect(page.html).toContain('name="key" value="pk = :p AND #s &gt; :min"');
    expect(page.html).toContain('<option value="Query" selected="">Query</option>');
  });

  test("a Query of a global index, with a filter", async () => {
    const path = searchPath(table, {
      op: "Query",
      index: "byColor",
      key: "color = :c",
      filter: "sk <> :two",
      values: '{":c": "red", ":two": 3}',
    });
    // A global index is eventually consistent: its items may follow the writes by a moment.
    let page = await request(path);
    for (let tries = 0; tries < 50 && !page.html.includes("ScannedCount: <strong>3</strong>"); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      page = await request(path);
    }
    expect(page.status).toBe(200);
    const keys = rowKeys(page.html).map((key) => Number(key.sk.N));
    expect(keys.sort()).toEqual([1, 5]);
    expect(page.html).toContain("Count: <strong>2</strong> · ScannedCount: <strong>3</strong>");
    expect(page.html).toContain('<thead><tr><th scope="col">color</th><th scope="col">pk</th><th scope="col">sk</th>');
  });

  test("a Scan with Limit 2 pages through every item exactly once by its Next page links", async () => {
    const seen: string[] = [];
    let path: string | undefined = searchPath(table, { op: "Scan", limit: "2", consistent: "on" });
    let pages = 0;
    while (path !== undefined) {
      const page = await request(path);
      expect(page.status).toBe(200);
      const keys = rowKeys(page.html);
      expect(keys.length).toBeLessThanOrEqual(2);
      seen.push(...keys.map((key) => JSON.stringify(key)));
      path = nextLink(page.html);
      if (path) expect(new URL(path, "http://x").searchParams.get("limit")).toBe("2");
      expect(++pages).toBeLessThan(10);
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  test("the table page scans the first items when no search is asked", async () => {
    const page = await request(tablePath(table));
    expect(page.status).toBe(200);
    expect(rowKeys(page.html)).toHaveLength(6);
    expect(page.html).toContain('name="limit" value="25"');
    expect(page.html).toContain("GSI byColor: color (S)");
  });

  test("a DynamoDB error is shown in DynamoDB's words, 400", async () => {
    const input = {
      TableName: table,
      KeyConditionExpression: "nope = :p",
      ExpressionAttributeValues: { ":p": { S: "q" } },
    };
    const message = await db.send(new QueryCommand(input)).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(message).toBeDefined();
    const page = await request(searchPath(table, { op: "Query", key: "nope = :p", values: '{":p": "q"}' }));
    expect(page.status).toBe(400);
    expect(errorText(page.html)).toBe(escapeHtml(message!));
  });

  test("values that are not JSON are refused before DynamoDB, 400", async () => {
    const page = await request(searchPath(table, { op: "Query", key: "pk = :p", values: "{:p: q}" }));
    expect(page.status).toBe(400);
    expect(errorText(page.html)).toMatch(/^Expression attribute values: Not valid JSON/);
  });
});

describe("escaping", () => {
  test("values and names with markup and odd characters are escaped, and their links work", async () => {
    const table = await createItemTable(db, "explorer.escape", "S");
    created.push(table);
    const attack = "<script>alert(1)</script>";
    const oddName = `odd "<name>" & 'ü'`;
    const key = { pk: { S: `a b&c<"ü'/%?#` } };
    await db.send(new PutItemCommand({ TableName: table, Item: { ...key, x: { S: attack }, [oddName]: { N: "1" } } }));

    const list = await request(tablePath(table));
    expect(list.status).toBe(200);
    expect(list.html).not.toContain("<script>alert(1)");
    expect(list.html).toContain(escapeHtml(attack));
    expect(list.html).toContain(`<th scope="col">${escapeHtml(oddName)}</th>`);
    const [link] = rowLinks(list.html);
    expect(JSON.parse(new URL(link, "http://x").searchParams.get("key")!)).toEqual(key);

    const item = await request(link);
    expect(item.status).toBe(200);
    expect(item.html).not.toContain("<script>alert(1)");
    expect(JSON.parse(textareaText(item.html))).toEqual({ ...key, x: { S: attack }, [oddName]: { N: "1" } });

    // Saving it back from the page keeps it as it was.
    const saved = await post(tablePath(table, "/item"), {
      key: JSON.stringify(key),
      format: "plain",
      item: textareaText((await request(`${link}&format=plain`)).html),
    });
    expect(saved.status).toBe(303);
    expect(await getItem(table, key)).toEqual({ ...key, x: { S: attack }, [oddName]: { N: "1" } });
  });
});
