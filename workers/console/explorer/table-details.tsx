/** A table's details on its page: status, key schema, billing mode, counts, and its secondary indexes. */

import type { Child } from "hono/jsx";
import { bytesText } from "../format";
import { newItemHref, tablesHref, topologyHref } from "../links";
import { billingModeOf, type IndexSummary, keySchemaText, type TableDescription } from "./table-description";

function Indexes(props: { table: TableDescription; indexes: IndexSummary[] }): Child {
  if (props.indexes.length === 0) return <p class="muted">No secondary indexes.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Index</th>
          <th scope="col">Kind</th>
          <th scope="col">Key schema</th>
          <th scope="col">Projection</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {props.indexes.map((index) => (
          <tr>
            <th scope="row">{index.name}</th>
            <td>{index.kind === "local" ? "Local (LSI)" : "Global (GSI)"}</td>
            <td>{keySchemaText(index.keySchema, props.table)}</td>
            <td>
              {index.projection.ProjectionType}
              {index.projection.NonKeyAttributes ? `: ${index.projection.NonKeyAttributes.join(", ")}` : ""}
            </td>
            <td>{index.status ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The details, with links to the tables list, a new item and the topology. */
export function TableDetails(props: { table: TableDescription; indexes: IndexSummary[]; region: string }): Child {
  const { table, region } = props;
  return (
    <section aria-label="table details">
      <p>
        <a href={tablesHref(region)}>All tables</a> · <a href={newItemHref(table.TableName, region)}>New item</a> ·{" "}
        <a href={topologyHref(table.TableName, region)}>Topology</a>
      </p>
      <table>
        <tbody>
          <tr>
            <th scope="row">Status</th>
            <td>{table.TableStatus}</td>
          </tr>
          <tr>
            <th scope="row">Key schema</th>
            <td>{keySchemaText(table.KeySchema, table)}</td>
          </tr>
          <tr>
            <th scope="row">Billing mode</th>
            <td>
              {billingModeOf(table)}
              {billingModeOf(table) === "PROVISIONED"
                ? ` (${table.ProvisionedThroughput.ReadCapacityUnits} RCU, ${table.ProvisionedThroughput.WriteCapacityUnits} WCU)`
                : ""}
            </td>
          </tr>
          <tr>
            <th scope="row">Items</th>
            <td class="num">{table.ItemCount.toLocaleString("en-US")}</td>
          </tr>
          <tr>
            <th scope="row">Size</th>
            <td class="num">{bytesText(table.TableSizeBytes)}</td>
          </tr>
        </tbody>
      </table>
      <h2>Indexes</h2>
      <Indexes table={table} indexes={props.indexes} />
    </section>
  );
}
