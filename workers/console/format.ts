/**
 * How the console's views print values: counts, sizes, durations, times, and positions in the
 * 64-bit partition hash space (16 hex digits, workers/metadata/partition-map.ts). A value the
 * servers could not report (null) prints as a dash.
 */

const DASH = "—";

/** A count, with thousands separators. */
export const countText = (n: number | null | undefined): string =>
  n === null || n === undefined ? DASH : n.toLocaleString("en-US");

/** A rate or unit count with at most one decimal. */
export const decimalText = (n: number | null | undefined): string =>
  n === null || n === undefined ? DASH : n.toLocaleString("en-US", { maximumFractionDigits: 1 });

/** A size in bytes, in B, KB, MB or GB (powers of 1024). */
export function bytesText(n: number | null | undefined): string {
  if (n === null || n === undefined) return DASH;
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** A duration in milliseconds. */
export const msText = (n: number | null | undefined): string =>
  n === null || n === undefined ? DASH : `${Math.round(n).toLocaleString("en-US")} ms`;

/** An epoch-ms time, as UTC ISO 8601 to the second. */
export const timeText = (epochMs: number): string => `${new Date(epochMs).toISOString().slice(0, 19)}Z`;

/** Where a hash lies in the hash space, from 0 (0000000000000000) to 1 (ffffffffffffffff). */
export function hashFraction(hash: string): number {
  if (!/^[0-9a-f]{16}$/.test(hash)) return 0;
  return Number(BigInt(`0x${hash}`) >> 11n) / 2 ** 53;
}

/** A hash as a percentage of the hash space, e.g. "25%". */
export const hashPercentText = (hash: string): string => `${Number((hashFraction(hash) * 100).toFixed(1))}%`;
