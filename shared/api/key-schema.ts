/**
 * A table's primary key, in the form the data path uses: the partition ("hash") key and the
 * optional sort ("range") key, each with its scalar type.
 */
import type { ScalarAttributeType } from "./attribute-value";

export interface KeyAttribute {
  name: string;
  type: ScalarAttributeType;
}

export interface KeySchema {
  hash: KeyAttribute;
  range?: KeyAttribute;
}

/** The names of the key attributes, partition key first. */
export function keyNames(schema: KeySchema): string[] {
  return schema.range ? [schema.hash.name, schema.range.name] : [schema.hash.name];
}
