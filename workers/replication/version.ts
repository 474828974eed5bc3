/**
 * Item versions for global tables: `(HLC timestamp, region id)`, totally ordered, so that every
 * region picks the same winner among concurrent writes to one item.
 *
 * Contracts:
 * - `compareVersions` orders by timestamp, then by region id (plain code-unit order) as the
 *   tie-breaker. Two writes never share a version: a region's clock never repeats a timestamp.
 * - `encodeVersion` gives `${ts}/${region}`; because the timestamp has a fixed width and region ids
 *   are ASCII, text order of encodings (JS `<` and SQLite's BINARY collation alike) equals
 *   `compareVersions` order, and `decodeVersion(encodeVersion(v))` is `v`.
 */
import { compareHlc, type HlcTimestamp, isHlcTimestamp } from "./hlc";

declare const regionBrand: unique symbol;
/** A region's DynamoDB-style name, e.g. "us-east-1": 1–64 characters of [A-Za-z0-9._-]. */
export type RegionId = string & { readonly [regionBrand]: true };

export interface ItemVersion {
  ts: HlcTimestamp;
  region: RegionId;
}

const REGION_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const SEPARATOR = "/";
const TS_LENGTH = 16;

export function isRegionId(text: string): text is RegionId {
  return REGION_PATTERN.test(text);
}

/** Validates a region name; throws RangeError if it is not 1–64 characters of [A-Za-z0-9._-]. */
export function asRegionId(name: string): RegionId {
  if (!isRegionId(name)) throw new RangeError(`not a valid region id: ${JSON.stringify(name)}`);
  return name;
}

/** Negative, zero or positive as `a` is older than, the same as or newer than `b`. */
export function compareVersions(a: ItemVersion, b: ItemVersion): number {
  return compareHlc(a.ts, b.ts) || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0);
}

export function encodeVersion(version: ItemVersion): string {
  return `${version.ts}${SEPARATOR}${version.region}`;
}

/** Inverse of `encodeVersion`; throws RangeError on text it could not have produced. */
export function decodeVersion(text: string): ItemVersion {
  const ts = text.slice(0, TS_LENGTH);
  const region = text.slice(TS_LENGTH + 1);
  if (text[TS_LENGTH] !== SEPARATOR || !isHlcTimestamp(ts) || !isRegionId(region)) {
    throw new RangeError(`not an encoded item version: ${JSON.stringify(text)}`);
  }
  return { ts, region };
}
