/**
 * A table's admission object: the seed's global admission control. One per table per region
 * (per account); routers in any number of isolates take short-lived grants of the table's read
 * and write units from it and spend them locally (workers/router/admission.ts), so the table's
 * rate holds across them all. The buckets live in memory (shared/capacity/table-admission.ts): an
 * object evicted and started again begins as a new table does. The catalog tells it the table's
 * new capacity when UpdateTable changes it, since routers may hold an older route.
 * Partitions' own limits are the backstop (workers/replica/admission.ts).
 */
import { DurableObject } from "cloudflare:workers";
import {
  DEFAULT_ON_DEMAND,
  type OnDemandSettings,
  TableAdmission,
  type TableCapacity,
} from "../../shared/capacity/table-admission";
import { systemClock } from "../clock";
import type { Env } from "../env";
import { positiveNumber } from "../replica/settings";
import type { AdmissionRpc, Grant, GrantRequest } from "./protocol";

/** How long a grant may be spent: a router holding units longer would spend capacity of the past. */
export const GRANT_MS = 1000;
/** A grant is at least this share of a second of the table's rate, so that a busy router asks rarely. */
const SLICE = 0.1;

/**
 * The on-demand settings: DynamoDB's, unless the Worker's variables change the initial peak (tests
 * lower it to show throttling; a server for load tests raises it, and the per-table quota with it).
 */
function onDemandSettings(env: Env): OnDemandSettings {
  const initialPeak = {
    read: positiveNumber(env.ON_DEMAND_INITIAL_READ_UNITS, DEFAULT_ON_DEMAND.initialPeak.read),
    write: positiveNumber(env.ON_DEMAND_INITIAL_WRITE_UNITS, DEFAULT_ON_DEMAND.initialPeak.write),
  };
  const tableQuota = Math.max(DEFAULT_ON_DEMAND.tableQuota, 2 * initialPeak.read, 2 * initialPeak.write);
  return { initialPeak, tableQuota };
}

export class AdmissionObject extends DurableObject<Env> implements AdmissionRpc {
  private admission: TableAdmission | undefined;
  /** Whether the catalog told the table's capacity (UpdateTable): routers' cached word no longer counts. */
  private configured = false;

  grant(request: GrantRequest): Grant {
    const now = systemClock.now();
    this.admission ??= new TableAdmission(request.capacity, onDemandSettings(this.env), now);
    if (!this.configured) this.admission.configure(request.capacity, now);
    const wanted = Math.max(request.units, this.admission.rate(request.operation, now) * SLICE);
    const outcome = this.admission.grant(request.operation, request.units, wanted, now);
    return "limit" in outcome ? outcome : { units: outcome.units, until: now + GRANT_MS };
  }

  configure(capacity: TableCapacity): void {
    const now = systemClock.now();
    this.configured = true;
    if (this.admission) this.admission.configure(capacity, now);
    else this.admission = new TableAdmission(capacity, onDemandSettings(this.env), now);
  }
}
