/**
 * The names DynamoDB gives types in PartiQL: the Ion type of a backtick literal (which it refuses,
 * naming the type: "Ion Literals are not supported: INT …"), and the type names `IS` accepts, with
 * how many parameters each takes and the name DynamoDB reports it by ("INT" is "INTEGER").
 */

/** Type names after IS, with their arity and the name DynamoDB reports them by. */
export const TYPE_NAMES: Record<string, { name: string; arity: number }> = {
  missing: { name: "MISSING", arity: 0 },
  null: { name: "NULL", arity: 0 },
  bool: { name: "BOOLEAN", arity: 0 },
  boolean: { name: "BOOLEAN", arity: 0 },
  smallint: { name: "SMALLINT", arity: 0 },
  int: { name: "INTEGER", arity: 0 },
  integer: { name: "INTEGER", arity: 0 },
  float: { name: "FLOAT", arity: 1 },
  real: { name: "REAL", arity: 1 },
  decimal: { name: "DECIMAL", arity: 2 },
  dec: { name: "DECIMAL", arity: 2 },
  numeric: { name: "NUMERIC", arity: 2 },
  timestamp: { name: "TIMESTAMP", arity: 0 },
  date: { name: "DATE", arity: 0 },
  time: { name: "TIME", arity: 1 },
  character: { name: "CHARACTER", arity: 1 },
  char: { name: "CHARACTER", arity: 1 },
  varchar: { name: "CHARACTER_VARYING", arity: 1 },
  string: { name: "STRING", arity: 0 },
  symbol: { name: "SYMBOL", arity: 0 },
  clob: { name: "CLOB", arity: 0 },
  blob: { name: "BLOB", arity: 0 },
  struct: { name: "STRUCT", arity: 0 },
  tuple: { name: "TUPLE", arity: 0 },
  list: { name: "LIST", arity: 0 },
  sexp: { name: "SEXP", arity: 0 },
  bag: { name: "BAG", arity: 0 },
};

/**
 * The Ion type of a backtick literal's text, as DynamoDB names it, or undefined when it is not one
 * Ion value. A light reading: annotations (`a::`) are skipped, containers are not checked inside.
 */
export function ionType(content: string): string | undefined {
  let text = content.trim();
  for (let annotation = /^('[^']*'|[A-Za-z_$][\w$]*)\s*::\s*/.exec(text); annotation; ) {
    text = text.slice(annotation[0].length);
    annotation = /^('[^']*'|[A-Za-z_$][\w$]*)\s*::\s*/.exec(text);
  }
  if (text === "") return undefined;
  if (text.startsWith("{{")) return /^\{\{\s*("|''')/.test(text) ? "CLOB" : "BLOB";
  const containers: Record<string, [string, string]> = { "{": ["}", "STRUCT"], "[": ["]", "LIST"], "(": [")", "SEXP"] };
  const container = containers[text[0]];
  if (container) return text.endsWith(container[0]) ? container[1] : undefined;
  if (/^"([^"\\]|\\.)*"$/s.test(text) || /^'''.*'''$/s.test(text)) return "STRING";
  if (/^'([^'\\]|\\.)*'$/s.test(text)) return "SYMBOL";
  if (/\s/.test(text)) return undefined;
  const nullType = /^null(?:\.(\w+))?$/.exec(text);
  if (nullType) return nullType[1] === undefined || nullType[1] === "null" ? "NULL" : nullType[1].toUpperCase();
  if (text === "true" || text === "false") return "BOOL";
  if (/^\d{4}(-\d\d(-\d\d)?)?T/.test(text) || /^\d{4}-\d\d-\d\d$/.test(text)) return "TIMESTAMP";
  if (/^[-+]?0[xXbB][\da-fA-F_]+$/.test(text) || /^-?\d[\d_]*$/.test(text)) return "INT";
  if (/^-?(\d[\d_]*)?(\.[\d_]*)?[eE][-+]?\d+$/.test(text) || /^(nan|[-+]inf)$/.test(text)) return "FLOAT";
  if (/^-?(\d[\d_]*)?(\.[\d_]*)?([dD][-+]?\d+)?$/.test(text) && /\d/.test(text)) return "DECIMAL";
  if (/^[A-Za-z_$][\w$]*$/.test(text)) return "SYMBOL";
  return undefined;
}
