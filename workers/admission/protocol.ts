/**
 * The admission objects' calls (./admission-object.ts): a router asks a table's object for a
 * grant of the table's read or write units and spends it in its own memory
 * (workers/router/admission.ts); a table's object takes the units it grants from its region's
 * accounts object first (`share`: fair between accounts, shared/capacity/account-shares.ts).
 *
 * This module imports nothing under workers/ but types: anything may import it.
 */
import type { Operation, TableCapacity } from "../../shared/capacity/table-admission";
import type { ThrottleLimit } from "../../shared/capacity/throttling";

export interface GrantRequest {
  /** The table's capacity as the router's route has it: the object's until the catalog configures it. */
  capacity: TableCapacity;
  operation: Operation;
  /** The units wanted. */
  units: number;
}

/** Units to spend until `until` (epoch ms), or the limit that refused them. */
export type Grant = { units: number; until: number } | { units: 0; limit: ThrottleLimit };

/** A table's admission object asking its region's accounts object for units of its account. */
export interface ShareRequest {
  account: string;
  operation: Operation;
  needed: number;
  wanted: number;
}

export interface AdmissionRpc extends Rpc.DurableObjectBranded {
  grant(request: GrantRequest): Grant | Promise<Grant>;
  /** As a region's accounts object: units for a table of `request.account` (0: the account's limit). */
  share(request: ShareRequest): Grant;
  /**
   * The table's capacity as its catalog changed it (UpdateTable): from then on it wins over what
   * routers send, whose cached route may be older.
   */
  configure(capacity: TableCapacity): void;
}

/** The name of the admission object of table `tableId` in catalog `catalog` (a region's, an account's). */
export const admissionName = (catalog: string, tableId: string) => `${catalog}/${tableId}`;

/** The name of `region`'s accounts object (no table id is "accounts"). */
export const accountsName = (region: string) => `${region}/accounts`;

/** The catalog and table id of the table admission object named `name`. */
export function parseAdmissionName(name: string): { catalog: string; tableId: string } {
  const at = name.lastIndexOf("/");
  return { catalog: name.slice(0, at), tableId: name.slice(at + 1) };
}
