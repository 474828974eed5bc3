import { describe, expect, it } from "vitest";
import type { ScalarAttributeType } from "../../../../shared/api/attribute-value";
import { DynamoError } from "../../../../shared/api/errors";
import { csvRecords, csvRows, dynamoJsonRecords } from "../../../../shared/export-format/import-records";
import { importedItem } from "../../../../shared/export-format/imported-item";

const line = (value: unknown) => `${JSON.stringify(value)}\n`;

describe("DYNAMODB_JSON records", () => {
  it("reads each line's Item, skips blank lines and counts each line's bytes with its line break", () => {
    const text = `${line({ Item: { pk: { S: "é" } } })}\n  \n${line({ Item: { pk: { S: "b" } } }).trimEnd()}`;
    const records = [...dynamoJsonRecords(text)];
    expect(records).toEqual([
      { bytes: 27, attributes: { pk: { S: "é" } } },
      { bytes: 25, attributes: { pk: { S: "b" } } },
    ]);
  });

  it("counts a JSON line without an Item object as an error and reads on", () => {
    const records = [
      ...dynamoJsonRecords(line({ pk: { S: "a" } }) + line({ Item: [] }) + line({ Item: { pk: { S: "b" } } })),
    ];
    expect(records.map((r) => ("error" in r ? "error" : "item"))).toEqual(["error", "error", "item"]);
  });

  it("ends the file at a line that is no JSON, as one record in error", () => {
    const records = [...dynamoJsonRecords(`${line({ Item: { pk: { S: "a" } } })}not json\n${line({ Item: {} })}`)];
    expect(records).toHaveLength(2);
    expect(records[1]).toEqual({ bytes: 9, error: "the line is not JSON" });
  });
});

describe("CSV rows", () => {
  it("splits at the delimiter, with quoted fields, doubled quotes and line breaks inside quotes", () => {
    const rows = [...csvRows('a,"b, ""c""",d\r\n"multi\nline",,\n\nlast', ",")];
    expect(rows.map((r) => r.fields)).toEqual([["a", 'b, "c"', "d"], ["multi\nline", "", ""], ["last"]]);
    expect(rows[0].bytes).toBe(16);
  });

  it("marks a row with a stray quote, and stops at an unterminated quoted field", () => {
    expect([...csvRows('a"b,c\nd,e\n', ",")].map((r) => r.error)).toEqual([
      "a double quote inside an unquoted field",
      undefined,
    ]);
    const rows = [...csvRows('x,y\n"open,z\nmore\n', ",")];
    expect(rows).toHaveLength(2);
    expect(rows[1].error).toBe("an unterminated quoted field");
  });

  it("takes any of the delimiters CsvOptions allows", () => {
    for (const delimiter of [";", ":", "|", "\t", " "]) {
      expect([...csvRows(`a${delimiter}b\n`, delimiter)][0].fields).toEqual(["a", "b"]);
    }
  });
});

describe("CSV records", () => {
  const types = new Map<string, ScalarAttributeType>([
    ["id", "N"],
    ["gsiKey", "B"],
  ]);

  it("types the key attributes by their definitions, every other value a string, an empty field no attribute", () => {
    const records = [...csvRecords("id,name,gsiKey,n\n7,Ann,AQI=,12\n8,,,\n", ",", undefined, types)];
    expect(records).toEqual([
      { bytes: 14, attributes: { id: { N: "7" }, name: { S: "Ann" }, gsiKey: { B: "AQI=" }, n: { S: "12" } } },
      { bytes: 5, attributes: { id: { N: "8" } } },
    ]);
  });

  it("reads the first row as data when a HeaderList is given", () => {
    const records = [...csvRecords("1;x\n2;y\n", ";", ["id", "v"], types)];
    expect(records.map((r) => ("attributes" in r ? r.attributes : r))).toEqual([
      { id: { N: "1" }, v: { S: "x" } },
      { id: { N: "2" }, v: { S: "y" } },
    ]);
  });

  it("counts a row with another number of fields than the header as an error", () => {
    const records = [...csvRecords("id,v\n1,x,extra\n2,y\n", ",", undefined, types)];
    expect(records[0]).toEqual({ bytes: 10, error: "3 fields where the header has 2" });
    expect("attributes" in records[1]).toBe(true);
  });
});

describe("imported items", () => {
  const schema = { hash: { name: "pk", type: "S" as const }, range: { name: "sk", type: "N" as const } };
  const indexes = [
    { name: "g", key: { hash: { name: "gk", type: "S" as const } }, projection: { type: "ALL" as const } },
  ];
  const reason = (attributes: Record<string, unknown>) => {
    try {
      importedItem(attributes, schema, indexes);
      return "ok";
    } catch (error) {
      expect(error).toBeInstanceOf(DynamoError);
      return (error as DynamoError).message;
    }
  };

  it("passes a valid item, its numbers normalized", () => {
    expect(importedItem({ pk: { S: "a" }, sk: { N: "01.50" }, gk: { S: "x" } }, schema, indexes)).toEqual({
      pk: { S: "a" },
      sk: { N: "1.5" },
      gk: { S: "x" },
    });
  });

  it("refuses what PutItem refuses: a missing or mistyped key, a bad value, an empty index key, an item over 400 KB", () => {
    expect(reason({ sk: { N: "1" } })).toBe(
      "One or more parameter values were invalid: Missing the key pk in the item",
    );
    expect(reason({ pk: { N: "1" }, sk: { N: "1" } })).toContain("Type mismatch for key pk");
    expect(reason({ pk: { S: "a" }, sk: { N: "x" } })).not.toBe("ok");
    expect(reason({ pk: { S: "a" }, sk: { N: "1" }, gk: { S: "" } })).toContain("IndexName: g");
    expect(reason({ pk: { S: "a" }, sk: { N: "1" }, big: { S: "x".repeat(400 * 1024) } })).toContain("Item size");
  });
});
