/**
 * UpdateGlobalTable (global tables version 2017.11.29): the request shape. The group change is
 * `changeGroup` (../global-table.ts); applying it is workers/replication/router-legacy.ts.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateGlobalTable.html
 */
import { ValidationException } from "../errors";
import { type Members, parseRequest, type Shape } from "../schema";
import { GLOBAL_TABLE_NAME } from "../table-names";

export interface ReplicaUpdate {
  Create?: { RegionName: string };
  Delete?: { RegionName: string };
}

export interface UpdateGlobalTableInput {
  GlobalTableName: string;
  ReplicaUpdates: ReplicaUpdate[];
}

const action = (name: string): Shape => ({
  type: "struct",
  name,
  members: { RegionName: { type: "string", notNull: true } },
});

const MEMBERS: Members = {
  GlobalTableName: GLOBAL_TABLE_NAME,
  ReplicaUpdates: {
    type: "list",
    notNull: true,
    member: {
      type: "struct",
      name: "ReplicaUpdate",
      valueStruct: true,
      members: { Create: action("CreateReplicaAction"), Delete: action("DeleteReplicaAction") },
    },
  },
};

export function validateUpdateGlobalTable(body: Record<string, unknown>): UpdateGlobalTableInput {
  const input = parseRequest<UpdateGlobalTableInput>(body, MEMBERS);
  // Inferred message: each element is a Create or a Delete.
  if (input.ReplicaUpdates.length === 0 || input.ReplicaUpdates.some((u) => !u.Create === !u.Delete)) {
    throw new ValidationException(
      "One or more parameter values were invalid: Each ReplicaUpdate must specify exactly one of Create or Delete",
    );
  }
  return input;
}
