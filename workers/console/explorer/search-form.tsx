/**
 * The table page's Query/Scan form. It is sent with GET, so its results have a URL: the region
 * rides along as a hidden field (a GET form replaces the action's own query).
 */

import type { Child } from "hono/jsx";
import { tableHref } from "../links";
import type { SearchFields } from "./search-request";
import { type IndexSummary, keySchemaText, type TableDescription } from "./table-description";

function TextField(props: { label: string; name: string; value: string; hint: string }): Child {
  return (
    <label>
      {props.label}
      <input type="text" name={props.name} value={props.value} size={48} placeholder={props.hint} />
    </label>
  );
}

function IndexSelect(props: { table: TableDescription; indexes: IndexSummary[]; value: string }): Child {
  const { table } = props;
  return (
    <label>
      Table or index
      <select name="index">
        <option value="" selected={props.value === ""}>
          {`Table: ${keySchemaText(table.KeySchema, table)}`}
        </option>
        {props.indexes.map((index) => (
          <option value={index.name} selected={index.name === props.value}>
            {`${index.kind === "local" ? "LSI" : "GSI"} ${index.name}: ${keySchemaText(index.keySchema, table)}`}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The form, filled with `fields`. */
export function SearchForm(props: {
  table: TableDescription;
  indexes: IndexSummary[];
  fields: SearchFields;
  region: string;
}): Child {
  const { fields, table } = props;
  return (
    <form method="get" action={tableHref(table.TableName, props.region)} aria-labelledby="search">
      <h2 id="search">Query or scan</h2>
      <input type="hidden" name="region" value={props.region} />
      <fieldset>
        <div class="row">
          <label>
            Operation
            <select name="op">
              <option value="Scan" selected={fields.op === "Scan"}>
                Scan
              </option>
              <option value="Query" selected={fields.op === "Query"}>
                Query
              </option>
            </select>
          </label>
          <IndexSelect table={table} indexes={props.indexes} value={fields.index} />
          <label>
            Limit
            <input type="number" name="limit" value={fields.limit} min="1" size={6} />
          </label>
          <label>
            <span>
              <input type="checkbox" name="consistent" value="on" checked={fields.consistent} /> Consistent read
            </span>
          </label>
        </div>
        <div class="row">
          <TextField
            label="Key condition (Query)"
            name="key"
            value={fields.key}
            hint="#pk = :pk AND begins_with(sk, :p)"
          />
          <TextField label="Filter" name="filter" value={fields.filter} hint="attribute_exists(#a) AND price > :min" />
        </div>
        <div class="row">
          <TextField label="Expression attribute names (JSON)" name="names" value={fields.names} hint='{"#pk": "pk"}' />
          <TextField
            label="Expression attribute values (JSON)"
            name="values"
            value={fields.values}
            hint={'{":pk": "a"} or {":pk": {"S": "a"}}'}
          />
        </div>
      </fieldset>
      <button type="submit">Run</button> <a href={tableHref(table.TableName, props.region)}>Reset</a>
    </form>
  );
}
