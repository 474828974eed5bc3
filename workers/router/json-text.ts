/**
 * A response body already serialized as JSON. A handler returns one when it can splice text it
 * holds (an item as stored) into its answer instead of parsing it only to serialize it again.
 */
export class JsonText {
  constructor(readonly json: string) {}
}

/**
 * `{"<name>":<json>` then the members of `rest` (serialized), then `}`. `json` must be a JSON
 * value; `rest` must not hold `name`.
 */
export function withJsonMember(name: string, json: string, rest: Record<string, unknown>): JsonText {
  const tail = JSON.stringify(rest);
  return new JsonText(`{${JSON.stringify(name)}:${json}${tail === "{}" ? "}" : `,${tail.slice(1)}`}`);
}
