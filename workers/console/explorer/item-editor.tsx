/**
 * The item page's and the new-item page's editor: the item as text in a `<textarea name="item">`,
 * in DynamoDB JSON or plain JSON (links switch between them), a Save button, and on the item page
 * a Delete button (confirmed). A failed save comes back with the text as it was typed.
 */

import type { Child } from "hono/jsx";
import type { Item } from "../../../shared/api/attribute-value";
import { itemHref, newItemHref, tableHref } from "../links";
import type { ItemFormat } from "./item-json";

const FORMATS: { format: ItemFormat; label: string }[] = [
  { format: "dynamodb", label: "DynamoDB JSON" },
  { format: "plain", label: "Plain JSON" },
];

/** Links to the same page in each format; the current one is marked. */
function FormatLinks(props: { lead: string; current: ItemFormat; href: (format: ItemFormat) => string }): Child {
  return (
    <p>
      {props.lead}{" "}
      {FORMATS.map(({ format, label }, i) => (
        <>
          {i > 0 ? " · " : null}
          {format === props.current ? (
            <strong aria-current="page">{label}</strong>
          ) : (
            <a href={props.href(format)}>{label}</a>
          )}
        </>
      ))}
    </p>
  );
}

/** The item's text; `format` names its format in the label when the page fixes it. */
function ItemText(props: { text: string; format?: ItemFormat }): Child {
  const label = FORMATS.find((f) => f.format === props.format)?.label;
  return (
    <label>
      {label ? `Item (${label})` : "Item"}
      <textarea name="item" rows={24} spellcheck={false}>
        {props.text}
      </textarea>
    </label>
  );
}

export interface ItemEditorProps {
  tableName: string;
  region: string;
  /** The textarea's text. */
  text: string;
  format: ItemFormat;
  /** Whether the plain JSON shown would read back as the same item (see item-json's plainIsExact). */
  exact?: boolean;
}

const LOSSY_PLAIN =
  "Plain JSON cannot keep this item's sets, binary values or long numbers exactly: saving it in plain JSON would store them as lists, strings or rounded numbers. Edit it as DynamoDB JSON to keep them.";

/** The editor of the existing item with `key`. */
export function ItemEditor(props: ItemEditorProps & { itemKey: Item }): Child {
  const { tableName, region, itemKey } = props;
  const keyText = JSON.stringify(itemKey);
  return (
    <>
      <FormatLinks
        lead="Show as:"
        current={props.format}
        href={(format) => itemHref(tableName, itemKey, region, { format })}
      />
      {props.format === "plain" && props.exact === false ? <p class="muted">{LOSSY_PLAIN}</p> : null}
      <form method="post" action={tableHref(tableName, region, {}, "/item")}>
        <input type="hidden" name="key" value={keyText} />
        <input type="hidden" name="format" value={props.format} />
        <ItemText text={props.text} format={props.format} />
        <p>
          <button type="submit">Save</button>
        </p>
      </form>
      <form method="post" action={tableHref(tableName, region, {}, "/item/delete")}>
        <input type="hidden" name="key" value={keyText} />
        <button type="submit" class="danger" data-confirm="Delete this item?">
          Delete item
        </button>
      </form>
    </>
  );
}

/** The editor of a new item, starting from `text`. */
export function NewItemEditor(props: ItemEditorProps): Child {
  const { tableName, region } = props;
  return (
    <>
      <FormatLinks
        lead="Start from a template in:"
        current={props.format}
        href={(format) => newItemHref(tableName, region, { format })}
      />
      <form method="post" action={newItemHref(tableName, region)}>
        <fieldset>
          <legend>The text is</legend>
          {FORMATS.map(({ format, label }) => (
            <label>
              <input type="radio" name="format" value={format} checked={format === props.format} /> {label}{" "}
            </label>
          ))}
        </fieldset>
        <ItemText text={props.text} />
        <p>
          <button type="submit">Save</button>
        </p>
      </form>
    </>
  );
}
