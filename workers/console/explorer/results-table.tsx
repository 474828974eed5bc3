/**
 * A page of Query or Scan results: Count and ScannedCount, a table of the items (the key
 * attributes first, then every other attribute name seen, by name), each row linking to its
 * item, and the link to the next page when DynamoDB returned a LastEvaluatedKey.
 */

import type { Child } from "hono/jsx";
import type { AttributeValue, Item } from "../../../shared/api/attribute-value";
import { itemHref } from "../links";
import { toPlainValue } from "./item-json";

/** Longest a cell's text gets before it is cut (the item page shows it all). */
const CELL_CHARACTERS = 120;

/** The columns: `keyNames`, then the other attribute names of the items, sorted. */
export function columnsOf(items: Item[], keyNames: string[]): string[] {
  const keys = new Set(keyNames);
  const others = new Set<string>();
  for (const item of items) for (const name of Object.keys(item)) if (!keys.has(name)) others.add(name);
  return [...keyNames, ...[...others].sort()];
}

/** A value as a cell shows it: strings and numbers as they are, anything else as plain JSON. */
export function cellText(value: AttributeValue | undefined): string {
  if (value === undefined) return "";
  const text = "S" in value ? value.S : "N" in value ? value.N : JSON.stringify(toPlainValue(value));
  return text.length > CELL_CHARACTERS ? `${text.slice(0, CELL_CHARACTERS)}…` : text;
}

export interface ResultsProps {
  tableName: string;
  region: string;
  items: Item[];
  /** The key attributes, leading the columns. */
  keyNames: string[];
  /** Each item's primary key, for its link. */
  keyOf: (item: Item) => Item;
  count: number;
  scannedCount: number;
  /** The next page's URL, when there is one. */
  next?: string;
  /** The first page's URL, when this is a later page. */
  first?: string;
}

/** The item's attribute `name` (an own property only: not "constructor" from Object.prototype). */
const attribute = (item: Item, name: string) => (Object.hasOwn(item, name) ? item[name] : undefined);

function ItemRow(props: { item: Item; columns: string[]; href: string }): Child {
  const [firstColumn, ...rest] = props.columns;
  const first = cellText(attribute(props.item, firstColumn));
  const cell = (name: string) => {
    const value = attribute(props.item, name);
    return <td class={value && "N" in value ? "num" : undefined}>{cellText(value)}</td>;
  };
  return (
    <tr>
      <th scope="row">
        <a href={props.href}>{first === "" ? "(open)" : first}</a>
      </th>
      {rest.map(cell)}
    </tr>
  );
}

/** The results. */
export function ResultsTable(props: ResultsProps): Child {
  const columns = columnsOf(props.items, props.keyNames);
  return (
    <section aria-labelledby="results">
      <h2 id="results">Items</h2>
      <p>
        Count: <strong>{props.count}</strong> · ScannedCount: <strong>{props.scannedCount}</strong>
      </p>
      {props.items.length === 0 ? (
        <p class="muted">No items on this page.</p>
      ) : (
        <table>
          <thead>
            <tr>
              {columns.map((name) => (
                <th scope="col">{name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => (
              <ItemRow
                item={item}
                columns={columns}
                href={itemHref(props.tableName, props.keyOf(item), props.region)}
              />
            ))}
          </tbody>
        </table>
      )}
      {props.first || props.next ? (
        <p>
          {props.first ? <a href={props.first}>First page</a> : null}
          {props.first && props.next ? " · " : null}
          {props.next ? (
            <a rel="next" href={props.next}>
              Next page
            </a>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}
