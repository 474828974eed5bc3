/**
 * CreateGlobalTable (global tables version 2017.11.29): the request shape. What it does to the
 * listed regions' tables is workers/replication/router-legacy.ts.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateGlobalTable.html
 */
import { ValidationException } from "../errors";
import { type Members, parseRequest, type Shape } from "../schema";
import { GLOBAL_TABLE_NAME } from "../table-names";

export interface CreateGlobalTableInput {
  GlobalTableName: string;
  ReplicationGroup: { RegionName: string }[];
}

/** A `Replica`: a region of the replication group. */
export const REPLICA: Shape = {
  type: "struct",
  name: "Replica",
  members: { RegionName: { type: "string" } },
};

const MEMBERS: Members = {
  GlobalTableName: GLOBAL_TABLE_NAME,
  ReplicationGroup: { type: "list", notNull: true, member: REPLICA },
};

export function validateCreateGlobalTable(body: Record<string, unknown>): CreateGlobalTableInput {
  const input = parseRequest<CreateGlobalTableInput>(body, MEMBERS);
  // Inferred messages: a group names its regions, at least one.
  if (input.ReplicationGroup.some((r) => !r.RegionName)) {
    throw new ValidationException(
      "One or more parameter values were invalid: RegionName must be specified for each replica",
    );
  }
  if (input.ReplicationGroup.length === 0) {
    throw new ValidationException(
      "One or more parameter values were invalid: ReplicationGroup must name at least one region",
    );
  }
  return input;
}
