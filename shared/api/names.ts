/**
 * Maps keyed by names that come from a request or from stored items: attribute names, map keys,
 * table names, placeholder names. Any string is a valid key there, `__proto__`, `constructor` and
 * `toString` included, so such maps must never consult `Object.prototype`:
 * - maps this code builds are null-prototype objects (`nameMap`), where assigning any key,
 *   `__proto__` included, defines an own property;
 * - maps it did not build (parsed JSON, structured clones) are read with `own`, which sees own
 *   properties only. `JSON.parse` itself keeps a `"__proto__"` member as an own property.
 * Computed keys in object literals (`{ [name]: value }`) also define own properties and are safe.
 */

/** An empty map for names from a request: no prototype, so every key is an own property. */
export function nameMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `map[name]` if `name` is an own key of `map`; never a value inherited from a prototype. */
export function own<T>(map: { readonly [name: string]: T }, name: string): T | undefined {
  return Object.hasOwn(map, name) ? map[name] : undefined;
}
