/**
 * The tables list: each table's status, item count, size, key schema, billing mode and number
 * of indexes, a link to its data and to its topology, and a Delete button (confirmed).
 */

import type { Child } from "hono/jsx";
import { bytesText } from "../format";
import { tableHref, topologyHref } from "../links";
import type { TableRow } from "./list-tables";
import { billingModeOf, indexesOf, keySchemaText } from "./table-description";

function Row(props: { row: TableRow; region: string }): Child {
  const { row, region } = props;
  const { table } = row;
  return (
    <tr>
      <th scope="row">
        <a href={tableHref(row.name, region)}>{row.name}</a>
      </th>
      <td>{table ? table.TableStatus : (row.error ?? "")}</td>
      <td class="num">{table ? table.ItemCount.toLocaleString("en-US") : ""}</td>
      <td class="num">{table ? bytesText(table.TableSizeBytes) : ""}</td>
      <td>{table ? keySchemaText(table.KeySchema, table) : ""}</td>
      <td>{table ? billingModeOf(table) : ""}</td>
      <td class="num">{table ? indexesOf(table).length : ""}</td>
      <td>
        <a href={topologyHref(row.name, region)} aria-label={`Topology of ${row.name}`}>
          Topology
        </a>
      </td>
      <td>
        <form method="post" action={tableHref(row.name, region, {}, "/delete")}>
          <button
            type="submit"
            class="danger"
            aria-label={`Delete table ${row.name}`}
            data-confirm={`Delete table ${row.name}?`}
          >
            Delete
          </button>
        </form>
      </td>
    </tr>
  );
}

/** The table of tables; a line saying there are none when so. */
export function TableList(props: { rows: TableRow[]; region: string }): Child {
  if (props.rows.length === 0) return <p class="muted">No tables in {props.region} yet.</p>;
  return (
    <table>
      <caption class="muted">{`${props.rows.length} table${props.rows.length === 1 ? "" : "s"} in ${props.region}`}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Status</th>
          <th scope="col">Items</th>
          <th scope="col">Size</th>
          <th scope="col">Key schema</th>
          <th scope="col">Billing mode</th>
          <th scope="col">Indexes</th>
          <th scope="col">Topology</th>
          <th scope="col">
            <span class="muted">Delete</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <Row row={row} region={props.region} />
        ))}
      </tbody>
    </table>
  );
}
