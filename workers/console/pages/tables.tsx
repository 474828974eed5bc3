/**
 * The tables and their data (the data explorer), under `/console/tables`:
 *
 * - `/`: every table of the region, the "Create table" form (POST `/`), a Delete button per table
 *   (POST `/<name>/delete`);
 * - `/<name>`: the table's details and a Query/Scan form sent with GET, so each page of results
 *   has a URL (the next page's carries the LastEvaluatedKey as JSON in `start`);
 * - `/<name>/item?key=<DynamoDB JSON>`: an item to read and edit as DynamoDB JSON or plain JSON
 *   (`format=`), saved with POST `/<name>/item`, deleted with POST `/<name>/item/delete`;
 * - `/<name>/new-item`: a new item, saved with POST there.
 *
 * A write answers with a 303 to the page that shows its result; a form DynamoDB (or the input's
 * parsing) refuses comes back as typed, with the error and status 400. The modules under
 * ../explorer do the work; this one routes.
 */

import type { Context } from "hono";
import { Hono } from "hono";
import type { Item } from "../../../shared/api/attribute-value";
import type { ConsoleEnv } from "../console-env";
import {
  type CreateTableFields,
  CreateTableForm,
  createTableInput,
  NEW_TABLE,
  readCreateTableFields,
} from "../explorer/create-table-form";
import { formFields, queryFields } from "../explorer/form-fields";
import { ItemEditor, NewItemEditor } from "../explorer/item-editor";
import { formatItem, formatOf, type ItemFormat, parseItem, parseJsonObject, plainIsExact } from "../explorer/item-json";
import { listTables } from "../explorer/list-tables";
import { ResultsTable } from "../explorer/results-table";
import { SearchForm } from "../explorer/search-form";
import { readSearch, type Search, searchInput, searchParams } from "../explorer/search-request";
import {
  describeTable,
  indexesOf,
  keyOf,
  keyTemplate,
  resultKeyNames,
  sameKey,
  type TableDescription,
  tableKeyNames,
} from "../explorer/table-description";
import { TableDetails } from "../explorer/table-details";
import { TableList } from "../explorer/table-list";
import { itemHref, newItemHref, tableHref, tablesHref } from "../links";
import { ErrorBox, NoticeBox } from "../messages";
import { runOperation } from "../operations";

export const tablePages = new Hono<ConsoleEnv>();

type Ctx = Context<ConsoleEnv>;

/** The status of a page that shows a DynamoDB error: 404 for a table (or item) that is not there. */
const errorStatus = (type: string) => (type === "ResourceNotFoundException" ? 404 : 400);

/** A page that only says what went wrong, with a way back. */
function errorPage(c: Ctx, title: string, error: string, status: 400 | 404, back: { href: string; label: string }) {
  c.status(status);
  return c.render(
    <>
      <ErrorBox message={error} />
      <p>
        <a href={back.href}>{back.label}</a>
      </p>
    </>,
    { title },
  );
}

// The tables list.

const DONE: Record<string, (table: string) => string> = {
  created: (table) => `Created table ${table}.`,
  deleted: (table) => `Deleting table ${table}.`,
};

async function listPage(c: Ctx, shown: { fields?: CreateTableFields; error?: string; notice?: string } = {}) {
  const region = c.get("region");
  const listed = await listTables(c.env, region);
  if (shown.error !== undefined || !listed.ok) c.status(400);
  return c.render(
    <>
      <NoticeBox message={shown.notice} />
      <ErrorBox message={shown.error} />
      {listed.ok ? <TableList rows={listed.value} region={region} /> : <ErrorBox message={listed.error} />}
      <CreateTableForm fields={shown.fields ?? NEW_TABLE} action={tablesHref(region)} />
    </>,
    { title: "Tables" },
  );
}

tablePages.get("/", (c) => {
  const done = c.req.query("done");
  const notice = done && Object.hasOwn(DONE, done) ? DONE[done](c.req.query("table") ?? "") : undefined;
  return listPage(c, { notice });
});

tablePages.post("/", async (c) => {
  const fields = readCreateTableFields(await formFields(c));
  const input = createTableInput(fields);
  if (!input.ok) return listPage(c, { fields, error: input.error });
  const created = await runOperation(c.env, c.get("region"), "CreateTable", input.value);
  if (!created.ok) return listPage(c, { fields, error: created.error });
  return c.redirect(tablesHref(c.get("region"), { done: "created", table: fields.name }), 303);
});

tablePages.post("/:name/delete", async (c) => {
  const name = c.req.param("name");
  const deleted = await runOperation(c.env, c.get("region"), "DeleteTable", { TableName: name });
  if (!deleted.ok) return listPage(c, { error: deleted.error });
  return c.redirect(tablesHref(c.get("region"), { done: "deleted", table: name }), 303);
});

// A table's page: its details, the search form, and a page of results.

/** A page of the search's results, or the error that stopped it; nothing when no search runs. */
async function searchResults(c: Ctx, table: TableDescription, search: Search) {
  const region = c.get("region");
  const name = table.TableName;
  // Without a search asked for, the page scans the first items of a table that can answer.
  if (!search.asked && table.TableStatus !== "ACTIVE" && table.TableStatus !== "UPDATING") {
    return <p class="muted">{`The table is ${table.TableStatus}: its items show when it is ACTIVE.`}</p>;
  }
  const input = searchInput(name, search);
  if (!input.ok) {
    c.status(400);
    return <ErrorBox message={input.error} />;
  }
  const outcome = await runOperation<{ Items: Item[]; Count: number; ScannedCount: number; LastEvaluatedKey?: Item }>(
    c.env,
    region,
    search.fields.op,
    input.value,
  );
  if (!outcome.ok) {
    c.status(400);
    return <ErrorBox message={outcome.error} />;
  }
  const { Items, Count, ScannedCount, LastEvaluatedKey } = outcome.value;
  const { fields } = search;
  return (
    <ResultsTable
      tableName={name}
      region={region}
      items={Items}
      keyNames={resultKeyNames(table, fields.index || undefined)}
      keyOf={(item) => keyOf(table, item)}
      count={Count}
      scannedCount={ScannedCount}
      next={LastEvaluatedKey ? tableHref(name, region, searchParams(fields, LastEvaluatedKey)) : undefined}
      first={search.start ? tableHref(name, region, searchParams(fields)) : undefined}
    />
  );
}

tablePages.get("/:name", async (c) => {
  const name = c.req.param("name");
  const region = c.get("region");
  const described = await describeTable(c.env, region, name);
  if (!described.ok) {
    return errorPage(c, name, described.error, errorStatus(described.type), {
      href: tablesHref(region),
      label: "All tables",
    });
  }
  const table = described.value;
  const indexes = indexesOf(table);
  const search = readSearch(queryFields(c));
  const results = await searchResults(c, table, search);
  return c.render(
    <>
      <NoticeBox message={c.req.query("done") === "item-deleted" ? "Item deleted." : undefined} />
      <TableDetails table={table} indexes={indexes} region={region} />
      <SearchForm table={table} indexes={indexes} fields={search.fields} region={region} />
      {results}
    </>,
    { title: `Table ${name}` },
  );
});

// Items.

/** The item page, showing `text` (the stored item, or what a failed save was given). */
function itemPage(
  c: Ctx,
  name: string,
  shown: { key: Item; text: string; format: ItemFormat; exact?: boolean; error?: string; notice?: string },
) {
  const region = c.get("region");
  if (shown.error !== undefined) c.status(400);
  return c.render(
    <>
      <p>
        <a href={tableHref(name, region)}>{`Table ${name}`}</a> · Key: <code>{JSON.stringify(shown.key)}</code>
      </p>
      <NoticeBox message={shown.notice} />
      <ErrorBox message={shown.error} />
      <ItemEditor
        tableName={name}
        region={region}
        itemKey={shown.key}
        text={shown.text}
        format={shown.format}
        exact={shown.exact}
      />
    </>,
    { title: `Item in ${name}` },
  );
}

/** The `key` parameter or field: an item's key in DynamoDB JSON. */
function readKey(text: string): { ok: true; value: Item } | { ok: false; error: string } {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return { ok: false, error: `The item's key: ${parsed.error}` };
  if (!parsed.value) return { ok: false, error: "No item key given." };
  return { ok: true, value: parsed.value as Item };
}

tablePages.get("/:name/item", async (c) => {
  const name = c.req.param("name");
  const region = c.get("region");
  const back = { href: tableHref(name, region), label: `Table ${name}` };
  const key = readKey(c.req.query("key") ?? "");
  if (!key.ok) return errorPage(c, `Item in ${name}`, key.error, 400, back);
  const got = await runOperation<{ Item?: Item }>(c.env, region, "GetItem", {
    TableName: name,
    Key: key.value,
    ConsistentRead: true,
  });
  if (!got.ok) return errorPage(c, `Item in ${name}`, got.error, errorStatus(got.type), back);
  const item = got.value.Item;
  if (!item) {
    const error = `No item has the key ${JSON.stringify(key.value)}.`;
    return errorPage(c, `Item in ${name}`, error, 404, { href: newItemHref(name, region), label: "New item" });
  }
  const format = formatOf(c.req.query("format"));
  return itemPage(c, name, {
    key: key.value,
    text: formatItem(item, format),
    format,
    exact: plainIsExact(item),
    notice: c.req.query("saved") ? "Saved" : undefined,
  });
});

tablePages.post("/:name/item", async (c) => {
  const name = c.req.param("name");
  const region = c.get("region");
  const field = await formFields(c);
  const format = formatOf(field("format"));
  const text = field("item");
  const key = readKey(field("key"));
  if (!key.ok) return errorPage(c, `Item in ${name}`, key.error, 400, { href: tableHref(name, region), label: name });
  const again = (error: string) => itemPage(c, name, { key: key.value, text, format, error });
  const item = parseItem(text, format);
  if (!item.ok) return again(item.error);
  const described = await describeTable(c.env, region, name);
  if (!described.ok) return again(described.error);
  const table = described.value;
  if (!sameKey(table, key.value, item.value)) {
    const names = tableKeyNames(table).join(", ");
    return again(`The key (${names}) cannot be changed here: to write an item with another key, use New item.`);
  }
  const put = await runOperation(c.env, region, "PutItem", { TableName: name, Item: item.value });
  if (!put.ok) return again(put.error);
  return c.redirect(itemHref(name, key.value, region, { format, saved: "1" }), 303);
});

tablePages.post("/:name/item/delete", async (c) => {
  const name = c.req.param("name");
  const region = c.get("region");
  const back = { href: tableHref(name, region), label: `Table ${name}` };
  const key = readKey((await formFields(c))("key"));
  if (!key.ok) return errorPage(c, `Item in ${name}`, key.error, 400, back);
  const deleted = await runOperation(c.env, region, "DeleteItem", { TableName: name, Key: key.value });
  if (!deleted.ok) return errorPage(c, `Item in ${name}`, deleted.error, errorStatus(deleted.type), back);
  return c.redirect(tableHref(name, region, { done: "item-deleted" }), 303);
});

/** The new-item page, showing `text`; `existing` links to the item a save would have replaced. */
function newItemPage(
  c: Ctx,
  name: string,
  shown: { text: string; format: ItemFormat; error?: string; existing?: string },
) {
  const region = c.get("region");
  if (shown.error !== undefined) c.status(400);
  return c.render(
    <>
      <p>
        <a href={tableHref(name, region)}>{`Table ${name}`}</a>
      </p>
      <ErrorBox message={shown.error}>
        {shown.existing ? (
          <>
            {" "}
            <a href={shown.existing}>Open the item with this key</a>
          </>
        ) : null}
      </ErrorBox>
      <NewItemEditor tableName={name} region={region} text={shown.text} format={shown.format} />
    </>,
    { title: `New item in ${name}` },
  );
}

tablePages.get("/:name/new-item", async (c) => {
  const name = c.req.param("name");
  const region = c.get("region");
  const described = await describeTable(c.env, region, name);
  if (!described.ok) {
    const back = { href: tablesHref(region), label: "All tables" };
    return errorPage(c, `New item in ${name}`, described.error, errorStatus(described.type), back);
  }
  const format = formatOf(c.req.query("format"));
  return newItemPage(c, name, { text: formatItem(keyTemplate(described.value), format), format });
});

tablePages.post("/:name/new-item", async (c) => {
  const name = c.req.param("name");
  const region = c.get("region");
  const field = await formFields(c);
  const format = formatOf(field("format"));
  const text = field("item");
  const again = (error: string, existing?: string) => newItemPage(c, name, { text, format, error, existing });
  const item = parseItem(text, format);
  if (!item.ok) return again(item.error);
  const described = await describeTable(c.env, region, name);
  if (!described.ok) return again(described.error);
  const table = described.value;
  const key = keyOf(table, item.value);
  // A new item never replaces one: the write is conditional on no item having its key.
  const put = await runOperation(c.env, region, "PutItem", {
    TableName: name,
    Item: item.value,
    ConditionExpression: "attribute_not_exists(#key)",
    ExpressionAttributeNames: { "#key": tableKeyNames(table)[0] },
  });
  if (!put.ok) {
    const taken = put.type === "ConditionalCheckFailedException";
    return again(
      taken ? `An item with this key exists already (${put.error}).` : put.error,
      taken ? itemHref(name, key, region) : undefined,
    );
  }
  return c.redirect(itemHref(name, key, region, { format, saved: "1" }), 303);
});
