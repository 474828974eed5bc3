/**
 * Reading an import's files into records, an item's attributes each (or why a line is none), as
 * DynamoDB reads them (docs/dynamodb-messages.md, "Export and import"):
 * - DYNAMODB_JSON: JSON lines `{"Item":{…}}` (an export's data files are such); a blank line is
 *   skipped; a line that is not JSON ends the file (it counts as one processed item in error, the
 *   lines after it are not read); a JSON line without an `Item` object is an error, and the next
 *   line is read.
 * - CSV: RFC 4180 records (double quotes around a field, `""` inside one, line breaks inside quotes),
 *   split at the delimiter; the header is HeaderList, else the file's first record; a record with
 *   another number of fields than the header is an error; every value is a string but those of the
 *   key attributes of the table and its indexes (typed by the table's AttributeDefinitions); an
 *   empty field is no attribute. A stray quote inside an unquoted field makes its record an error,
 *   an unterminated quoted field the rest of the file.
 * Each record carries the bytes it was read from (its line, line break included).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataImport.Format.html
 */
import type { ScalarAttributeType } from "../api/attribute-value";

export type ImportRecord = { bytes: number; attributes: Record<string, unknown> } | { bytes: number; error: string };

const encoder = new TextEncoder();
const byteLength = (text: string) => encoder.encode(text).length;

/** The records of a DYNAMODB_JSON file's text. */
export function* dynamoJsonRecords(text: string): Generator<ImportRecord> {
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf("\n", start);
    const line = end < 0 ? text.slice(start) : text.slice(start, end + 1);
    start += line.length;
    if (line.trim() === "") continue;
    const bytes = byteLength(line);
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      yield { bytes, error: "the line is not JSON" };
      return;
    }
    const item = (parsed as { Item?: unknown } | null)?.Item;
    if (typeof item === "object" && item !== null && !Array.isArray(item)) {
      yield { bytes, attributes: item as Record<string, unknown> };
    } else yield { bytes, error: "the line has no Item object" };
  }
}

interface CsvRow {
  fields: string[];
  bytes: number;
  error?: string;
}

/** The rows of CSV text split at `delimiter`; a row with an error ends the rows when it cannot be resynchronised. */
export function* csvRows(text: string, delimiter: string): Generator<CsvRow> {
  let i = 0;
  while (i < text.length) {
    const start = i;
    const fields: string[] = [];
    let field = "";
    let error: string | undefined;
    let quoted = false;
    let atFieldStart = true;
    let ended = false;
    while (i < text.length && !ended) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (c === '"') {
          quoted = false;
          i++;
        } else {
          field += c;
          i++;
        }
        continue;
      }
      if (c === '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
        i++;
      } else if (c === delimiter) {
        fields.push(field);
        field = "";
        atFieldStart = true;
        i++;
      } else if (c === "\n" || c === "\r") {
        i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
        ended = true;
      } else {
        if (c === '"') error ??= "a double quote inside an unquoted field";
        field += c;
        atFieldStart = false;
        i++;
      }
    }
    fields.push(field);
    const bytes = byteLength(text.slice(start, i));
    if (quoted) {
      yield { fields, bytes, error: "an unterminated quoted field" };
      return;
    }
    if (fields.length === 1 && fields[0] === "" && !error) continue;
    yield { fields, bytes, ...(error ? { error } : {}) };
  }
}

/**
 * The records of a CSV file's text: header `headerList` (else the first row), `types` the key
 * attributes' types (every other attribute a string).
 */
export function* csvRecords(
  text: string,
  delimiter: string,
  headerList: readonly string[] | undefined,
  types: ReadonlyMap<string, ScalarAttributeType>,
): Generator<ImportRecord> {
  let header = headerList;
  for (const row of csvRows(text, delimiter)) {
    if (!header) {
      header = row.fields;
      continue;
    }
    if (row.error) {
      yield { bytes: row.bytes, error: row.error };
      continue;
    }
    if (row.fields.length !== header.length) {
      yield { bytes: row.bytes, error: `${row.fields.length} fields where the header has ${header.length}` };
      continue;
    }
    const attributes: Record<string, unknown> = {};
    header.forEach((name, column) => {
      const value = row.fields[column];
      if (value !== "") attributes[name] = { [types.get(name) ?? "S"]: value };
    });
    yield { bytes: row.bytes, attributes };
  }
}
