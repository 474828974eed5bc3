/**
 * What a request needs permission for, and the check of a caller's policy (./policy.ts) against
 * it: one `dynamodb:<Operation>` action per resource the request touches, each table (or index,
 * for a Query or Scan of one) by its ARN; batch calls name every table of their `RequestItems`.
 * Requests that name no table (ListTables, DescribeLimits, DescribeEndpoints) need the action on
 * `*`, as does ListStreams; the other Streams calls need theirs on the stream's ARN (GetRecords: the
 * one its iterator names). The export and import operations need theirs on the table (ImportTable:
 * the table it creates), the export or import, or `*` for a list of every table's. Transactions need, as IAM has it, each action's own permission on its table
 * (`dynamodb:PutItem`, `UpdateItem`, `DeleteItem`, `ConditionCheckItem`, `GetItem`); PartiQL
 * statements (ExecuteStatement, and each of a BatchExecuteStatement's or ExecuteTransaction's) need
 * `dynamodb:PartiQLSelect` (EXISTS too), `PartiQLInsert`, `PartiQLUpdate` or `PartiQLDelete` on
 * the table, or on the index a SELECT reads; a statement that does not parse needs nothing. A request
 * whose table name is not a string needs nothing here: validation refuses it.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/using-identity-based-policies.html
 */
import { globalTableArn, indexArn, tableArn } from "../../../shared/api/arns";
import { AccessDeniedException } from "../../../shared/api/errors";
import { parseStatement } from "../../../shared/partiql/parse";
import { decide, type Policy } from "./policy";

/** One permission a request needs: an action on a resource. */
export interface Permission {
  action: string;
  resource: string;
}

/** The caller whose policy is checked: its account, the profile its key came from, and the policy. */
export interface Principal {
  accountId: string;
  profile: string;
  policy: Policy;
}

/** The permissions operation `operation` needs for `body`, in region `region` of account `account`. */
export function permissionsOf(
  operation: string,
  body: Record<string, unknown>,
  region: string,
  account: string,
): Permission[] {
  const action = `dynamodb:${operation}`;
  const on = (resource: string) => ({ action, resource });
  const {
    TableName,
    IndexName,
    RequestItems,
    ResourceArn,
    GlobalTableName,
    TransactItems,
    StreamArn,
    ShardIterator,
    BackupArn,
    TargetTableName,
    SourceTableName,
    SourceTableArn,
    TableArn,
    ExportArn,
    ImportArn,
    TableCreationParameters,
    Statement,
    Statements,
    TransactStatements,
  } = body;
  switch (operation) {
    case "ListStreams":
      return [on("*")];
    case "DescribeStream":
    case "GetShardIterator":
      return typeof StreamArn === "string" ? [on(StreamArn)] : [];
    case "GetRecords": {
      // An iterator starts with its stream's ARN (shared/api/streams/records.ts).
      const arn = typeof ShardIterator === "string" ? ShardIterator.split("|")[0] : "";
      return arn ? [on(arn)] : [];
    }
    case "TransactWriteItems":
    case "TransactGetItems":
      return Array.isArray(TransactItems)
        ? TransactItems.flatMap((item) => transactionPermissions(item, region, account))
        : [];
    case "ExecuteStatement":
      return statementPermissions(Statement, region, account);
    case "BatchExecuteStatement":
    case "ExecuteTransaction": {
      const entries = operation === "BatchExecuteStatement" ? Statements : TransactStatements;
      return Array.isArray(entries)
        ? entries.flatMap((entry) =>
            statementPermissions((entry as { Statement?: unknown } | null)?.Statement, region, account),
          )
        : [];
    }
    case "BatchGetItem":
    case "BatchWriteItem":
      return RequestItems && typeof RequestItems === "object"
        ? Object.keys(RequestItems).map((table) => on(tableArn(region, account, table)))
        : [];
    case "Query":
    case "Scan":
      if (typeof TableName !== "string") return [];
      return [
        on(
          typeof IndexName === "string"
            ? indexArn(tableArn(region, account, TableName), IndexName)
            : tableArn(region, account, TableName),
        ),
      ];
    case "TagResource":
    case "UntagResource":
    case "ListTagsOfResource":
      return typeof ResourceArn === "string" ? [on(ResourceArn)] : [];
    case "CreateGlobalTable":
    case "DescribeGlobalTable":
    case "UpdateGlobalTable":
      return typeof GlobalTableName === "string" ? [on(globalTableArn(account, GlobalTableName))] : [];
    case "DescribeBackup":
    case "DeleteBackup":
      return typeof BackupArn === "string" ? [on(BackupArn)] : [];
    case "RestoreTableFromBackup":
      return [
        ...(typeof BackupArn === "string" ? [on(BackupArn)] : []),
        ...(typeof TargetTableName === "string" ? [on(tableArn(region, account, TargetTableName))] : []),
      ];
    case "RestoreTableToPointInTime": {
      const source =
        typeof SourceTableArn === "string"
          ? SourceTableArn
          : typeof SourceTableName === "string"
            ? tableArn(region, account, SourceTableName)
            : undefined;
      return [
        ...(source ? [on(source)] : []),
        ...(typeof TargetTableName === "string" ? [on(tableArn(region, account, TargetTableName))] : []),
      ];
    }
    case "ExportTableToPointInTime":
      return typeof TableArn === "string" ? [on(TableArn)] : [];
    case "ListExports":
    case "ListImports":
      return [on(typeof TableArn === "string" ? TableArn : "*")];
    case "DescribeExport":
      return typeof ExportArn === "string" ? [on(ExportArn)] : [];
    case "DescribeImport":
      return typeof ImportArn === "string" ? [on(ImportArn)] : [];
    case "ImportTable": {
      const name = (TableCreationParameters as { TableName?: unknown } | null | undefined)?.TableName;
      return typeof name === "string" ? [on(tableArn(region, account, name))] : [];
    }
    default:
      if (TableName === undefined) return [on("*")];
      if (typeof TableName !== "string") return [];
      // The backup operations take a table's ARN as well as its name.
      return [on(TableName.startsWith("arn:") ? TableName : tableArn(region, account, TableName))];
  }
}

/** The IAM action each member of a TransactItems entry needs. */
const TRANSACTION_ACTIONS: Record<string, string> = {
  Put: "dynamodb:PutItem",
  Update: "dynamodb:UpdateItem",
  Delete: "dynamodb:DeleteItem",
  ConditionCheck: "dynamodb:ConditionCheckItem",
  Get: "dynamodb:GetItem",
};

function transactionPermissions(item: unknown, region: string, account: string): Permission[] {
  if (!item || typeof item !== "object") return [];
  return Object.entries(item).flatMap(([member, value]) => {
    const action = Object.hasOwn(TRANSACTION_ACTIONS, member) ? TRANSACTION_ACTIONS[member] : undefined;
    const table = (value as { TableName?: unknown } | null)?.TableName;
    return action && typeof table === "string" ? [{ action, resource: tableArn(region, account, table) }] : [];
  });
}

/** The IAM action of each kind of PartiQL statement. */
const STATEMENT_ACTIONS: Record<string, string> = {
  select: "dynamodb:PartiQLSelect",
  exists: "dynamodb:PartiQLSelect",
  insert: "dynamodb:PartiQLInsert",
  update: "dynamodb:PartiQLUpdate",
  delete: "dynamodb:PartiQLDelete",
};

/** The permission a PartiQL statement needs: its kind's action on its table or index. */
function statementPermissions(text: unknown, region: string, account: string): Permission[] {
  if (typeof text !== "string") return [];
  let statement: ReturnType<typeof parseStatement>;
  try {
    statement = parseStatement(text);
  } catch {
    return [];
  }
  const target =
    statement.kind === "select"
      ? statement.from
      : statement.kind === "exists"
        ? statement.select.from
        : statement.kind === "insert"
          ? statement.into
          : statement.kind === "update"
            ? statement.target
            : statement.from;
  const table = tableArn(region, account, target.table);
  const resource = statement.kind === "select" && target.index !== undefined ? indexArn(table, target.index) : table;
  return [{ action: STATEMENT_ACTIONS[statement.kind], resource }];
}

/** Throws AccessDeniedException, in IAM's words, unless `principal`'s policy allows every permission. */
export function authorize(principal: Principal, permissions: Permission[]): void {
  for (const { action, resource } of permissions) {
    const decision = decide(principal.policy, action, resource);
    if (decision === "allowed") continue;
    const user = `arn:aws:iam::${principal.accountId}:user/${principal.profile}`;
    const reason =
      decision === "explicitDeny"
        ? "with an explicit deny in an identity-based policy"
        : `because no identity-based policy allows the ${action} action`;
    throw new AccessDeniedException(
      `User: ${user} is not authorized to perform: ${action} on resource: ${resource} ${reason}`,
    );
  }
}
