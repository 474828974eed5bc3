/**
 * The iteration order of a Java 8 `HashSet<String>`, which DynamoDB prints in some of its messages
 * (the `Keys: […]` and `keys used: […]` lists of CreateTable's attribute definition checks).
 * @see docs/issue-15-dynamodb-behaviour.md, note A
 */

/** Java's `String.hashCode`: over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

const INITIAL_CAPACITY = 16;
const LOAD_FACTOR = 0.75;

/**
 * `names` as a `HashSet` built by adding them one by one iterates them: without repeats, by bucket
 * (`(h ^ (h >>> 16)) & (capacity - 1)`), ties in insertion order. The capacity starts at 16 and
 * doubles whenever the set grows past three quarters of it; a resize keeps each bucket's order.
 * (Buckets of 8 or more colliding names, which Java turns into trees, are not modelled.)
 */
export function javaHashSetOrder(names: Iterable<string>): string[] {
  const unique = [...new Set(names)];
  let capacity = INITIAL_CAPACITY;
  while (unique.length > capacity * LOAD_FACTOR) capacity *= 2;
  const bucket = (name: string) => {
    const h = javaStringHash(name);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return unique
    .map((name, i) => ({ name, i, b: bucket(name) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((e) => e.name);
}
