/**
 * What the metadata object's modules work with: the catalog, the link and clock, the region
 * served, storage transactions and the alarm. The Durable Object (./metadata-object.ts) is the one
 * implementation; the modules (./tables.ts, ./tags.ts, workers/replication/metadata-region.ts, ./alarm.ts)
 * hold the logic. Also the typed refusals they answer with.
 */
import { DynamoError, ResourceNotFoundException, type WireError } from "../../shared/api/errors";
import type { Clock } from "../clock";
import type { Env } from "../env";
import type { Link } from "../link/link";
import type { Catalog } from "./catalog";

export interface MetadataHost {
  readonly catalog: Catalog;
  readonly link: Link;
  readonly clock: Clock;
  readonly env: Env;
  /** The region this object serves. */
  readonly region: string;
  /** The account whose catalog it holds (./catalog-name.ts). */
  readonly account: string;
  /** Runs `fn` in one storage transaction: all of its writes, or none. */
  transaction(fn: () => void): void;
  /** Schedules the alarm to run now: it finishes pending control-plane work. */
  wake(): void;
  /** Sets the alarm for `at`, unless an earlier alarm is set. */
  alarmBy(at: number): Promise<void>;
  /** Sets the alarm for `at`, whatever alarm is set. */
  alarmAt(at: number): void;
}

export const notFound = (name: string): WireError =>
  new ResourceNotFoundException(`Requested resource not found: Table: ${name} not found`).toWire();

export const unavailable = (reason: unknown): WireError => ({
  type: "ServiceUnavailableException",
  message: reason instanceof Error ? reason.message : String(reason),
});

/** Runs a check that throws DynamoErrors; its failure as a typed RPC result, or undefined when it passed. */
export function attempt(check: () => void): { ok: false; error: WireError } | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof DynamoError) return { ok: false, error: error.toWire() };
    throw error;
  }
}
