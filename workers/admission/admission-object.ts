/**
 * The admission objects: the seed's global admission control, in two roles by name.
 * - A **table's** object (`<catalog>/<table id>`), one per table per region (per account): routers
 *   in any number of isolates take short-lived grants of the table's read and write units from it
 *   and spend them locally (workers/router/admission.ts), so the table's rate holds across them
 *   all. The buckets live in memory (shared/capacity/table-admission.ts): an object evicted and
 *   started again begins as a new table does. The catalog tells it the table's new capacity when
 *   UpdateTable changes it, since routers may hold an older route. Each grant is its account's
 *   units too: it asks its region's accounts object for them, and grants what that gives.
 * - A **region's accounts** object (`<region>/accounts`): each account's quota and, when the
 *   deployment's capacity is set, its fair share of it (shared/capacity/account-shares.ts).
 * Partitions' own limits are the backstop (workers/replica/admission.ts).
 */
import { DurableObject } from "cloudflare:workers";
import { THROUGHPUT_LIMITS } from "../../shared/api/operations/common";
import { AccountShares } from "../../shared/capacity/account-shares";
import {
  DEFAULT_ON_DEMAND,
  type OnDemandSettings,
  type Operation,
  TableAdmission,
  type TableCapacity,
} from "../../shared/capacity/table-admission";
import { systemClock } from "../clock";
import type { Env } from "../env";
import { Link } from "../link/link";
import { placementOf } from "../link/placement";
import { parseCatalogName } from "../metadata/catalog-name";
import { positiveNumber } from "../replica/settings";
import { type AdmissionRpc, type Grant, type GrantRequest, parseAdmissionName, type ShareRequest } from "./protocol";

/** How long a grant may be spent: a router holding units longer would spend capacity of the past. */
export const GRANT_MS = 1000;
/**
 * A grant is at least this share of a second of the table's rate, so that a busy router asks
 * rarely; shared by the routers of a server run as N processes (each takes 1/N of it), since what
 * a router leaves unspent when its grant ends is lost to the table.
 */
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

/**
 * Each account's quota, units a second: DynamoDB's (DescribeLimits' AccountMax*CapacityUnits), or
 * room for ten tables at the per-table quota when the Worker's variables raise it (load tests,
 * whose tables run at that quota side by side: each router holds a tenth of a second of a table's
 * rate for a second, so routers in several processes take several times what they spend).
 */
function accountQuota(env: Env): Record<Operation, number> {
  const tables = 10 * onDemandSettings(env).tableQuota;
  return {
    read: Math.max(THROUGHPUT_LIMITS.AccountMaxReadCapacityUnits, tables),
    write: Math.max(THROUGHPUT_LIMITS.AccountMaxWriteCapacityUnits, tables),
  };
}

/** The deployment's capacity, when the Worker's variables set it. */
function deploymentCapacity(env: Env): Partial<Record<Operation, number>> | undefined {
  const read = positiveNumber(env.DEPLOYMENT_READ_UNITS, 0);
  const write = positiveNumber(env.DEPLOYMENT_WRITE_UNITS, 0);
  if (read === 0 && write === 0) return undefined;
  return { ...(read > 0 ? { read } : {}), ...(write > 0 ? { write } : {}) };
}

export class AdmissionObject extends DurableObject<Env> implements AdmissionRpc {
  private admission: TableAdmission | undefined;
  /** Whether the catalog told the table's capacity (UpdateTable): routers' cached word no longer counts. */
  private configured = false;
  /** A table's object: its account, its region's accounts object and the account's quota. */
  private owner:
    | { account: string; accounts: DurableObjectStub<AdmissionRpc>; quota: Record<Operation, number> }
    | undefined;
  /** A region's accounts object: the accounts' shares. */
  private shares: AccountShares | undefined;

  async grant(request: GrantRequest): Promise<Grant> {
    const now = systemClock.now();
    this.admission ??= new TableAdmission(request.capacity, onDemandSettings(this.env), now);
    if (!this.configured) this.admission.configure(request.capacity, now);
    const { operation } = request;
    const rate = this.admission.rate(operation, now);
    const wanted = Math.max(request.units, (rate * SLICE) / placementOf(this.env).processes);
    const outcome = this.admission.grant(operation, request.units, wanted, now);
    if ("limit" in outcome) return outcome;
    // The table's units are its account's too: as many as the region's accounts object gives, at
    // most a tenth of a second of the account's quota (a grant left unspent wastes the account's).
    const { account, accounts, quota } = this.ownerOf();
    const share = await accounts.share({
      account,
      operation,
      needed: request.units,
      wanted: Math.max(request.units, Math.min(outcome.units, quota[operation] * SLICE)),
    });
    const given = "limit" in share ? 0 : share.units;
    if (given < outcome.units) this.admission.release(operation, outcome.units - given, systemClock.now());
    return given > 0 ? { units: given, until: now + GRANT_MS } : { units: 0, limit: "AccountLimitExceeded" };
  }

  configure(capacity: TableCapacity): void {
    const now = systemClock.now();
    this.configured = true;
    if (this.admission) this.admission.configure(capacity, now);
    else this.admission = new TableAdmission(capacity, onDemandSettings(this.env), now);
  }

  share(request: ShareRequest): Grant {
    const now = systemClock.now();
    this.shares ??= new AccountShares({ quota: accountQuota(this.env), deployment: deploymentCapacity(this.env) }, now);
    const units = this.shares.take(request.account, request.operation, request.needed, request.wanted, now);
    return units > 0 ? { units, until: now + GRANT_MS } : { units: 0, limit: "AccountLimitExceeded" };
  }

  /** A table's object: its account (from its name), its region's accounts object, the account's quota. */
  private ownerOf(): NonNullable<AdmissionObject["owner"]> {
    if (!this.owner) {
      const { catalog } = parseAdmissionName(this.ctx.id.name ?? "");
      const { region, account } = parseCatalogName(catalog, this.env.ACCOUNT_ID);
      const accounts = new Link(this.env).accounts(region);
      this.owner = { account, accounts, quota: accountQuota(this.env) };
    }
    return this.owner;
  }
}
