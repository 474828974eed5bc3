/**
 * The recent replication lag of each (region, table, destination region), kept on the server for
 * the replication page's charts: each time the page or its live fragment is answered it appends
 * what it read. Module scope, so per isolate (under `npm start` one isolate serves every page),
 * and bounded: MAX_POINTS points a series, MAX_SERIES series (the oldest made goes first).
 */

export interface LagPoint {
  /** When it was read, epoch ms. */
  at: number;
  pending: number;
  /** Null when the leaders had no recent samples. */
  lagP99Ms: number | null;
}

export const MAX_POINTS = 300;
export const MAX_SERIES = 2000;
/**
 * One point a second at most (several viewers may poll at once): a read in the same second as
 * the series' last point merges into it, keeping the worst of each measure.
 */
const SLOT_MS = 1000;

function worst(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

const series = new Map<string, LagPoint[]>();

const keyOf = (region: string, table: string, destination: string) => `${region}\u0000${table}\u0000${destination}`;

/** Appends `point` to the series of (region, table, destination). At exit: the series, oldest first. */
export function recordLag(region: string, table: string, destination: string, point: LagPoint): LagPoint[] {
  const key = keyOf(region, table, destination);
  let points = series.get(key);
  if (!points) {
    if (series.size >= MAX_SERIES) {
      const oldest = series.keys().next().value;
      if (oldest !== undefined) series.delete(oldest);
    }
    points = [];
    series.set(key, points);
  }
  const last = points.at(-1);
  if (last && Math.floor(point.at / SLOT_MS) === Math.floor(last.at / SLOT_MS)) {
    points[points.length - 1] = {
      at: point.at,
      pending: Math.max(last.pending, point.pending),
      lagP99Ms: worst(last.lagP99Ms, point.lagP99Ms),
    };
  } else points.push(point);
  if (points.length > MAX_POINTS) points.splice(0, points.length - MAX_POINTS);
  return points;
}
