/**
 * The iteration order of string keys in a Java HashMap/HashSet (JDK 8+): by bucket, i.e. the
 * spread String.hashCode() masked by the table size, then by insertion within a bucket.
 * DynamoDB's messages and its choice of which error to report follow this order, so matching it
 * is what makes our messages identical. (Long collision chains, which Java turns into trees,
 * are not modelled.)
 */

function stringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/**
 * Table size: "copy" for `new HashSet<>(collection)` (sized for the collection up front),
 * "put" for a HashMap filled one key at a time (doubling past 3/4 full).
 */
function capacity(count: number, filled: "copy" | "put"): number {
  let size = 16;
  if (filled === "copy") {
    const wanted = Math.max(Math.floor(count / 0.75) + 1, 16);
    while (size < wanted) size *= 2;
  } else {
    while (count > size * 0.75) size *= 2;
  }
  return size;
}

/** `keys` (distinct, in insertion order) in Java's iteration order. */
export function javaHashOrder(keys: readonly string[], filled: "copy" | "put"): string[] {
  const mask = capacity(keys.length, filled) - 1;
  return keys
    .map((key, index) => {
      const hash = stringHash(key);
      return { key, index, bucket: (hash ^ (hash >>> 16)) & mask };
    })
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((entry) => entry.key);
}
