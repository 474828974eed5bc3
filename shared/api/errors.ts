/**
 * DynamoDB's error types. Each wire error code has its own class under one base
 * that knows its HTTP status and `__type`. The router Worker's Hono `onError`
 * (workers/router/index.ts) is the only place that turns them into HTTP responses.
 *
 * Across RPC (router ↔ objects) errors travel as plain `WireError` values, since
 * RPC drops the properties of custom error classes; `fromWire` rebuilds them.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 */

import type { Item } from "./attribute-value";

const CORAL = "com.amazonaws.dynamodb.v20120810#";
const COYOTE = "com.amazon.coral.validate#";
const SERVICE = "com.amazon.coral.service#";

export interface WireError {
  type: string;
  message: string;
  /** ConditionalCheckFailedException with ReturnValuesOnConditionCheckFailure=ALL_OLD. */
  item?: Item;
  /** TransactionCanceledException. */
  cancellationReasons?: CancellationReasonBody[];
  /** The throttling exceptions. */
  throttlingReasons?: ThrottlingReason[];
}

export abstract class DynamoError extends Error {
  abstract readonly type: string;
  readonly status: number = 400;
  /** The namespace prefix DynamoDB puts before the error name in `__type`. */
  protected readonly namespace: string = CORAL;

  get wireType(): string {
    return this.namespace + this.type;
  }

  toWire(): WireError {
    return { type: this.type, message: this.message };
  }

  body(): Record<string, unknown> {
    return { __type: this.wireType, message: this.message };
  }
}

export class ValidationException extends DynamoError {
  readonly type = "ValidationException";
  protected override readonly namespace = COYOTE;
}

export class SerializationException extends DynamoError {
  readonly type = "SerializationException";
  protected override readonly namespace = SERVICE;
  override body(): Record<string, unknown> {
    // DynamoDB sends this one with a capitalised `Message`, and none for a body it cannot read.
    return this.message === "" ? { __type: this.wireType } : { __type: this.wireType, Message: this.message };
  }
}

export class UnknownOperationException extends DynamoError {
  readonly type = "UnknownOperationException";
  protected override readonly namespace = SERVICE;
  constructor() {
    super("");
  }
  override body(): Record<string, unknown> {
    return { __type: this.wireType };
  }
}

/**
 * The service's refusal of a request it will not authorize, HTTP 400 with a capitalised
 * `Message` like SerializationException. IAM's wording is "User: <principal ARN> is not
 * authorized to perform: dynamodb:<Action> on resource: <ARN> because no identity-based policy
 * allows the dynamodb:<Action> action"; this server has no principals yet (see
 * docs/dynamodb-messages.md), so its one use is another account's ARN.
 */
export class AccessDeniedException extends DynamoError {
  readonly type = "AccessDeniedException";
  protected override readonly namespace = SERVICE;
  override body(): Record<string, unknown> {
    return { __type: this.wireType, Message: this.message };
  }
}

export class MissingAuthenticationTokenException extends DynamoError {
  readonly type = "MissingAuthenticationTokenException";
  protected override readonly namespace = SERVICE;
  constructor(message = "Request is missing Authentication Token") {
    super(message);
  }
}

/** A signature that is malformed or incomplete (workers/router/auth/authenticate.ts). */
export class IncompleteSignatureException extends DynamoError {
  readonly type = "IncompleteSignatureException";
  protected override readonly namespace = SERVICE;
}

/** A signature that does not verify, or a request signed too long ago or for the wrong scope. */
export class InvalidSignatureException extends DynamoError {
  readonly type = "InvalidSignatureException";
  protected override readonly namespace = SERVICE;
}

/** An access key (or session token) the service does not know. */
export class UnrecognizedClientException extends DynamoError {
  readonly type = "UnrecognizedClientException";
  protected override readonly namespace = SERVICE;
  constructor(message = "The security token included in the request is invalid.") {
    super(message);
  }
}

export class ResourceNotFoundException extends DynamoError {
  readonly type = "ResourceNotFoundException";
  constructor(message = "Requested resource not found") {
    super(message);
  }
}

export class ResourceInUseException extends DynamoError {
  readonly type = "ResourceInUseException";
}

/** Global tables version 2017.11.29: no global table of that name in the region asked. */
export class GlobalTableNotFoundException extends DynamoError {
  readonly type = "GlobalTableNotFoundException";
}

export class GlobalTableAlreadyExistsException extends DynamoError {
  readonly type = "GlobalTableAlreadyExistsException";
}

export class ReplicaAlreadyExistsException extends DynamoError {
  readonly type = "ReplicaAlreadyExistsException";
}

export class ReplicaNotFoundException extends DynamoError {
  readonly type = "ReplicaNotFoundException";
}

/** Global tables version 2017.11.29: a region of the replication group lacks the table. */
export class TableNotFoundException extends DynamoError {
  readonly type = "TableNotFoundException";
}

export class LimitExceededException extends DynamoError {
  readonly type = "LimitExceededException";
}

// On-demand backups and point-in-time recovery. The default messages are the API model's
// descriptions; what the service says in each case is built in shared/api/operations/backup-errors.ts.

export class BackupNotFoundException extends DynamoError {
  readonly type = "BackupNotFoundException";
  constructor(message = "Backup not found for the given BackupARN.") {
    super(message);
  }
}

export class BackupInUseException extends DynamoError {
  readonly type = "BackupInUseException";
  constructor(
    message = "There is another ongoing conflicting backup control plane operation on the table. The backup is either being created, deleted or restored to a table.",
  ) {
    super(message);
  }
}

export class ContinuousBackupsUnavailableException extends DynamoError {
  readonly type = "ContinuousBackupsUnavailableException";
  constructor(message = "Backups have not yet been enabled for this table.") {
    super(message);
  }
}

export class PointInTimeRecoveryUnavailableException extends DynamoError {
  readonly type = "PointInTimeRecoveryUnavailableException";
  constructor(message = "Point in time recovery has not yet been enabled for this source table.") {
    super(message);
  }
}

export class InvalidRestoreTimeException extends DynamoError {
  readonly type = "InvalidRestoreTimeException";
  constructor(
    message = "An invalid restore time was specified. RestoreDateTime must be between EarliestRestorableDateTime and LatestRestorableDateTime.",
  ) {
    super(message);
  }
}

/** A restore's target table is being created (restored) already. */
export class TableInUseException extends DynamoError {
  readonly type = "TableInUseException";
  constructor(message = "A target table with the specified name is either being created or deleted.") {
    super(message);
  }
}

/** A restore's target table exists (ACTIVE, or still DELETING). */
export class TableAlreadyExistsException extends DynamoError {
  readonly type = "TableAlreadyExistsException";
  constructor(message = "A target table with the specified name already exists.") {
    super(message);
  }
}

// Export to and import from the archive. The default messages are the API model's descriptions; what
// the service says in each case is built in shared/api/operations/export-import-errors.ts.

export class ExportNotFoundException extends DynamoError {
  readonly type = "ExportNotFoundException";
  constructor(message = "The specified export was not found.") {
    super(message);
  }
}

export class ExportConflictException extends DynamoError {
  readonly type = "ExportConflictException";
  constructor(message = "There was a conflict when writing to the specified S3 bucket.") {
    super(message);
  }
}

export class InvalidExportTimeException extends DynamoError {
  readonly type = "InvalidExportTimeException";
  constructor(message = "The specified ExportTime is outside of the point in time recovery window.") {
    super(message);
  }
}

export class ImportNotFoundException extends DynamoError {
  readonly type = "ImportNotFoundException";
  constructor(message = "The specified import was not found.") {
    super(message);
  }
}

export class ImportConflictException extends DynamoError {
  readonly type = "ImportConflictException";
  constructor(message = "There was a conflict when importing from the specified S3 source.") {
    super(message);
  }
}

export class ConditionalCheckFailedException extends DynamoError {
  readonly type = "ConditionalCheckFailedException";
  constructor(
    readonly item?: Item,
    message = "The conditional request failed",
  ) {
    super(message);
  }
  override toWire(): WireError {
    return { type: this.type, message: this.message, item: this.item };
  }
  override body(): Record<string, unknown> {
    return this.item ? { __type: this.wireType, message: this.message, Item: this.item } : super.body();
  }
}

/** PartiQL's INSERT of an item whose key exists already (INSERT is no upsert). */
export class DuplicateItemException extends DynamoError {
  readonly type = "DuplicateItemException";
  constructor(message = "Duplicate primary key exists in table") {
    super(message);
  }
}

export class ItemCollectionSizeLimitExceededException extends DynamoError {
  readonly type = "ItemCollectionSizeLimitExceededException";
}

/** Why a request was throttled (`<Table|Index><Read|Write><limit>`) and the ARN of what was. */
export interface ThrottlingReason {
  reason: string;
  resource: string;
}

/**
 * A data-plane throttle: its reasons travel in the body as `ThrottlingReasons`, or as
 * `throttlingReasons` on ThrottlingException (the API model spells them so).
 */
export abstract class ThrottledError extends DynamoError {
  protected readonly reasonsMember: string = "ThrottlingReasons";
  constructor(
    message: string,
    readonly throttlingReasons: ThrottlingReason[] = [],
  ) {
    super(message);
  }
  override toWire(): WireError {
    return {
      ...super.toWire(),
      ...(this.throttlingReasons.length ? { throttlingReasons: this.throttlingReasons } : {}),
    };
  }
  override body(): Record<string, unknown> {
    const body = super.body();
    return this.throttlingReasons.length ? { ...body, [this.reasonsMember]: this.throttlingReasons } : body;
  }
}

export class ProvisionedThroughputExceededException extends ThrottledError {
  readonly type = "ProvisionedThroughputExceededException";
}

export class ThrottlingException extends ThrottledError {
  readonly type = "ThrottlingException";
  protected override readonly reasonsMember = "throttlingReasons";
}

export class RequestLimitExceeded extends ThrottledError {
  readonly type = "RequestLimitExceeded";
}

export class TransactionConflictException extends DynamoError {
  readonly type = "TransactionConflictException";
}

/** One action's reason in a TransactionCanceledException, as DynamoDB's CancellationReason. */
export interface CancellationReasonBody {
  Code: string;
  Message?: string;
  Item?: Item;
}

export class TransactionCanceledException extends DynamoError {
  readonly type = "TransactionCanceledException";
  constructor(
    readonly reasons: CancellationReasonBody[],
    message = `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(", ")}]`,
  ) {
    super(message);
  }
  override toWire(): WireError {
    return { type: this.type, message: this.message, cancellationReasons: this.reasons };
  }
  override body(): Record<string, unknown> {
    // PartiQL's transactions cancel some refusals with no reasons, and then send none.
    const reasons = this.reasons.length > 0 ? { CancellationReasons: this.reasons } : {};
    return { __type: this.wireType, message: this.message, ...reasons };
  }
}

export class TransactionInProgressException extends DynamoError {
  readonly type = "TransactionInProgressException";
}

export class IdempotentParameterMismatchException extends DynamoError {
  readonly type = "IdempotentParameterMismatchException";
}

/** DynamoDB Streams: a shard iterator older than 15 minutes. */
export class ExpiredIteratorException extends DynamoError {
  readonly type = "ExpiredIteratorException";
}

/** DynamoDB Streams: an iterator or sequence number pointing at records trimmed past the retention. */
export class TrimmedDataAccessException extends DynamoError {
  readonly type = "TrimmedDataAccessException";
}

export class InternalServerError extends DynamoError {
  readonly type = "InternalServerError";
  override readonly status = 500;
}

export class ServiceUnavailableException extends DynamoError {
  readonly type = "ServiceUnavailableException";
  override readonly status = 503;
}

const BY_TYPE: Record<string, new (message: string) => DynamoError> = {
  ValidationException,
  SerializationException,
  AccessDeniedException,
  MissingAuthenticationTokenException,
  ResourceNotFoundException,
  ResourceInUseException,
  GlobalTableNotFoundException,
  GlobalTableAlreadyExistsException,
  ReplicaAlreadyExistsException,
  ReplicaNotFoundException,
  TableNotFoundException,
  LimitExceededException,
  BackupNotFoundException,
  BackupInUseException,
  ContinuousBackupsUnavailableException,
  PointInTimeRecoveryUnavailableException,
  InvalidRestoreTimeException,
  TableInUseException,
  TableAlreadyExistsException,
  ExportNotFoundException,
  ExportConflictException,
  InvalidExportTimeException,
  ImportNotFoundException,
  ImportConflictException,
  DuplicateItemException,
  ItemCollectionSizeLimitExceededException,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  RequestLimitExceeded,
  TransactionConflictException,
  TransactionInProgressException,
  IdempotentParameterMismatchException,
  ExpiredIteratorException,
  TrimmedDataAccessException,
  InternalServerError,
  ServiceUnavailableException,
};

const THROTTLING_BY_TYPE: Record<string, new (message: string, reasons: ThrottlingReason[]) => DynamoError> = {
  ProvisionedThroughputExceededException,
  ThrottlingException,
  RequestLimitExceeded,
};

/** Rebuilds a DynamoError from its RPC form. */
export function fromWire(error: WireError): DynamoError {
  if (error.type === "ConditionalCheckFailedException") {
    return new ConditionalCheckFailedException(error.item, error.message);
  }
  if (error.type === "UnknownOperationException") return new UnknownOperationException();
  if (error.type === "TransactionCanceledException") {
    return new TransactionCanceledException(error.cancellationReasons ?? [], error.message);
  }
  if (error.throttlingReasons) {
    const Throttled = THROTTLING_BY_TYPE[error.type];
    if (Throttled) return new Throttled(error.message, error.throttlingReasons);
  }
  const Class = BY_TYPE[error.type] ?? InternalServerError;
  return new Class(error.message);
}

/** The result of an RPC call that can fail with a DynamoDB error. */
export type Result<T> = ({ ok: true } & T) | { ok: false; error: WireError };
