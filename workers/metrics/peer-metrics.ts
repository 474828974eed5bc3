/**
 * `/metrics` of a server run as several processes (issue 23): each process's router counts the
 * requests it served (./request-metrics.ts, per isolate), so the process a scrape reaches asks
 * the others for their counts and adds them up. A process that does not answer (down, restarting)
 * is left out of that scrape: its counts come back with it (counters restart from zero when it
 * does, as Prometheus expects of a restarted target).
 */
import type { Env } from "../env";
import { METRICS_PATH } from "../link/internal-api";
import { otherProcesses, postToPeer } from "../link/remote";
import type { Family } from "./exposition";
import { requestMetrics } from "./request-metrics";

type PeerEnv = Pick<Env, "PROCESSES" | "PROCESS_INDEX" | "INTERNAL_TOKEN" | `PEER_${number}`>;

/** This process's request counts with every other process's that answers, added up. */
export async function requestFamilies(env: PeerEnv): Promise<Family[]> {
  const own = requestMetrics.families();
  const others = await Promise.all(otherProcesses(env).map((i) => postToPeer(env, i, METRICS_PATH, "")));
  return mergeFamilies([own, ...others.flatMap((text) => (text === undefined ? [] : [JSON.parse(text) as Family[]]))]);
}

/** Answers another process's ask (the `Internal` entrypoint, on METRICS_PATH) with this one's counts. */
export function servePeerMetrics(): Response {
  return Response.json(requestMetrics.families());
}

/**
 * Families of counters and histograms from several sources as one: samples of the same name,
 * suffix and labels added up, in the order first seen. Every family here is a sum over requests,
 * so the sum is the whole's count (a histogram's buckets are cumulative counts too).
 */
export function mergeFamilies(sources: readonly Family[][]): Family[] {
  const merged = new Map<string, { family: Family; samples: Map<string, Family["samples"][number]> }>();
  for (const families of sources) {
    for (const family of families) {
      let entry = merged.get(family.name);
      if (!entry) {
        entry = { family: { ...family, samples: [] }, samples: new Map() };
        merged.set(family.name, entry);
      }
      for (const sample of family.samples) {
        const key = `${sample.suffix ?? ""}\u0000${JSON.stringify(Object.entries(sample.labels).sort())}`;
        const seen = entry.samples.get(key);
        if (seen) seen.value += sample.value;
        else entry.samples.set(key, { ...sample });
      }
    }
  }
  return [...merged.values()].map(({ family, samples }) => ({ ...family, samples: [...samples.values()] }));
}
