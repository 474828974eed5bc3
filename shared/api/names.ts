/**
 * Maps keyed by names that come from a request or from stored items: attribute names, map keys,
 * table names, placeholder names. Any string is a valid key there, `__proto__`, `constructor` and
 * `toString` included, so such maps must never consult `Object.prototype`:
 * - write a name with `setName` (or a computed key in a literal, `{ [name]: value }`): plain
 *   assignment of `"__proto__"` would replace the object's prototype instead of adding a key;
 * - read a name with `own` (and test it with `Object.hasOwn`, never `in`): a plain read of
 *   `"toString"` finds `Object.prototype.toString` on an object without that key;
 * - copy with spread (`{ ...map }`), never `Object.assign`, which assigns.
 * The maps stay plain objects rather than null-prototype ones because Workers RPC refuses to
 * serialize an object whose prototype is not `Object.prototype`. `JSON.parse`, `JSON.stringify`,
 * structured clones, `Object.entries` and spread all keep an own `"__proto__"` property.
 */

/** Adds or replaces `map[name]` as an own property, whatever `name` is. */
export function setName<T>(map: { [name: string]: T }, name: string, value: T): void {
  if (name === "__proto__")
    Object.defineProperty(map, name, { value, writable: true, enumerable: true, configurable: true });
  else map[name] = value;
}

/** `map[name]` if `name` is an own key of `map`; never a value inherited from a prototype. */
export function own<T>(map: { readonly [name: string]: T }, name: string): T | undefined {
  return Object.hasOwn(map, name) ? map[name] : undefined;
}
