/**
 * The admission object's calls (./admission-object.ts): a router asks for a grant of a table's
 * read or write units and spends it in its own memory (workers/router/admission.ts).
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

export interface AdmissionRpc extends Rpc.DurableObjectBranded {
  grant(request: GrantRequest): Grant;
  /**
   * The table's capacity as its catalog changed it (UpdateTable): from then on it wins over what
   * routers send, whose cached route may be older.
   */
  configure(capacity: TableCapacity): void;
}

/** The name of the admission object of table `tableId` in catalog `catalog` (a region's, an account's). */
export const admissionName = (catalog: string, tableId: string) => `${catalog}/${tableId}`;
