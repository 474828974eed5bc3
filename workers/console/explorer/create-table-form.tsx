/**
 * The "Create table" form: a name, a partition key and an optional sort key (each a name and S,
 * N or B), and the billing mode (on demand, or provisioned with read and write capacity), read
 * back into a CreateTable request. A form that fails comes back with what was typed.
 */

import type { Child } from "hono/jsx";
import type { Fields } from "./form-fields";
import type { Parsed } from "./item-json";

export interface CreateTableFields {
  name: string;
  partitionKey: string;
  partitionType: string;
  sortKey: string;
  sortType: string;
  billing: string;
  read: string;
  write: string;
}

/** The form as it first shows. */
export const NEW_TABLE: CreateTableFields = {
  name: "",
  partitionKey: "pk",
  partitionType: "S",
  sortKey: "",
  sortType: "S",
  billing: "PAY_PER_REQUEST",
  read: "5",
  write: "5",
};

const KEY_TYPES = [
  { value: "S", label: "String (S)" },
  { value: "N", label: "Number (N)" },
  { value: "B", label: "Binary (B)" },
];

const keyType = (type: string) => (KEY_TYPES.some((t) => t.value === type) ? type : "S");

/** The posted form's fields. */
export function readCreateTableFields(field: Fields): CreateTableFields {
  return {
    name: field("name").trim(),
    partitionKey: field("partitionKey"),
    partitionType: keyType(field("partitionType")),
    sortKey: field("sortKey"),
    sortType: keyType(field("sortType")),
    billing: field("billing") === "PROVISIONED" ? "PROVISIONED" : "PAY_PER_REQUEST",
    read: field("read").trim(),
    write: field("write").trim(),
  };
}

/** The CreateTable request the fields ask for, or why they don't make one. */
export function createTableInput(fields: CreateTableFields): Parsed<Record<string, unknown>> {
  const definitions = [{ AttributeName: fields.partitionKey, AttributeType: fields.partitionType }];
  const keySchema = [{ AttributeName: fields.partitionKey, KeyType: "HASH" }];
  if (fields.sortKey !== "") {
    definitions.push({ AttributeName: fields.sortKey, AttributeType: fields.sortType });
    keySchema.push({ AttributeName: fields.sortKey, KeyType: "RANGE" });
  }
  const input: Record<string, unknown> = {
    TableName: fields.name,
    AttributeDefinitions: definitions,
    KeySchema: keySchema,
    BillingMode: fields.billing,
  };
  if (fields.billing === "PROVISIONED") {
    if (!/^\d{1,15}$/.test(fields.read) || !/^\d{1,15}$/.test(fields.write)) {
      return { ok: false, error: "Read and write capacity units must be whole numbers." };
    }
    input.ProvisionedThroughput = { ReadCapacityUnits: Number(fields.read), WriteCapacityUnits: Number(fields.write) };
  }
  return { ok: true, value: input };
}

function KeyTypeSelect(props: { name: string; value: string; label: string }): Child {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        {KEY_TYPES.map((t) => (
          <option value={t.value} selected={t.value === props.value}>
            {t.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The form, posting to `action`. */
export function CreateTableForm(props: { fields: CreateTableFields; action: string }): Child {
  const { fields } = props;
  return (
    <form method="post" action={props.action} aria-labelledby="create-table">
      <h2 id="create-table">Create table</h2>
      <fieldset>
        <div class="row">
          <label>
            Table name
            <input type="text" name="name" value={fields.name} required size={30} />
          </label>
          <label>
            Partition key
            <input type="text" name="partitionKey" value={fields.partitionKey} required />
          </label>
          <KeyTypeSelect name="partitionType" value={fields.partitionType} label="Partition key type" />
          <label>
            Sort key (optional)
            <input type="text" name="sortKey" value={fields.sortKey} />
          </label>
          <KeyTypeSelect name="sortType" value={fields.sortType} label="Sort key type" />
        </div>
      </fieldset>
      <fieldset>
        <legend>Billing mode</legend>
        <div class="row">
          <label>
            <span>
              <input type="radio" name="billing" value="PAY_PER_REQUEST" checked={fields.billing !== "PROVISIONED"} />{" "}
              On demand (PAY_PER_REQUEST)
            </span>
          </label>
          <label>
            <span>
              <input type="radio" name="billing" value="PROVISIONED" checked={fields.billing === "PROVISIONED"} />{" "}
              Provisioned (PROVISIONED)
            </span>
          </label>
          <label>
            Read capacity units
            <input type="number" name="read" value={fields.read} min="1" />
          </label>
          <label>
            Write capacity units
            <input type="number" name="write" value={fields.write} min="1" />
          </label>
        </div>
        <p class="muted">The capacity units apply to a provisioned table only.</p>
      </fieldset>
      <button type="submit">Create table</button>
    </form>
  );
}
