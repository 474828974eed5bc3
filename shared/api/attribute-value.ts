/**
 * DynamoDB's wire representation of attribute values: single-key union members,
 * exactly as they travel in the JSON 1.0 protocol (B and BS are base64 strings,
 * N and NS are decimal strings).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
 */

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { M: { [name: string]: AttributeValue } }
  | { L: AttributeValue[] }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };

/** The tag of an attribute value: "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS" or "BS". */
export type AttributeType = "S" | "N" | "B" | "BOOL" | "NULL" | "M" | "L" | "SS" | "NS" | "BS";

export const ATTRIBUTE_TYPES: readonly AttributeType[] = ["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"];

/** Types a key attribute may have. */
export type ScalarAttributeType = "S" | "N" | "B";

export type Item = { [name: string]: AttributeValue };
export type Key = Item;

/** The tag of a (validated) attribute value. */
export function typeOf(value: AttributeValue): AttributeType {
  for (const k in value) return k as AttributeType;
  throw new Error("empty attribute value");
}
