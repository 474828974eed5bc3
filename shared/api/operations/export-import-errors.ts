/**
 * The errors of ExportTableToPointInTime, DescribeExport, ListExports, ImportTable, DescribeImport
 * and ListImports, each with the words the service answers it with, and the failure codes and
 * messages an export or import ends FAILED with: one place for the feature's wordings, used by the
 * validators (exports.ts, imports.ts) and the handlers (workers/metadata/exports.ts, imports.ts).
 * Sources of each wording: docs/dynamodb-messages.md, "Export and import".
 */
import {
  ExportConflictException,
  ExportNotFoundException,
  ImportConflictException,
  ImportNotFoundException,
  InvalidExportTimeException,
  ResourceInUseException,
  TableNotFoundException,
  ValidationException,
} from "../errors";

// ExportTableToPointInTime's TableArn (after the member constraints).

/** A TableArn that is no ARN at all (a bare table name). */
export const TABLE_ARN_NOT_VALID = "One or more parameter values were invalid: tableArn is not a valid ARN";
/** An ARN that names something under a table (an index's ARN), or another resource. */
export const TABLE_ARN_INVALID = "Invalid Request: Table ARN is invalid.";
/** A table ARN of the caller's account naming no table of this region: the ARN is quoted whole. */
export const exportTableNotFound = (arn: string) => new TableNotFoundException(`Table not found: ${arn}`);

// ExportTableToPointInTime's other members.

export const KMS_KEY_WITHOUT_KMS = "Invalid Request: KMS Key Id is not supported for this encryption type";
export const SPECIFICATION_WITHOUT_INCREMENTAL =
  "Invalid Request: Export Type expected to be Incremental Export when incremental export specification is provided";
export const SPECIFICATION_WITH_FULL =
  "Invalid Request: When Export Type is Full Export , Incremental Export Specification should not be provided";

/** An ExportTime in the future, or before the point-in-time recovery window opened. */
export const exportTimeInvalid = () => new InvalidExportTimeException("Export Time is invalid");
/** An ExportTime in the window's trailing edge: past, but later than the latest restorable time. */
export const exportTimeNotRestorable = () =>
  new InvalidExportTimeException("Point in Time Recovery is not available for specified export time");

/** The same ClientToken with other parameters (any of them) within the token's 8 hours. */
export const exportConflict = () =>
  new ExportConflictException("Export conflict: Duplicate request detected with conflicting parameters");

// Looking an export or import up.

export const invalidExportArn = () => new ValidationException("Invalid Export ARN");
export const invalidImportArn = () => new ValidationException("Invalid Import ARN");
/** A well-formed ExportArn of the caller's account and region that names no export (the words are doubled, as recorded). */
export const exportNotFound = (arn: string) =>
  new ExportNotFoundException(`Export not found: Export not found: ${arn}`);
/** A well-formed ExportArn of another region. */
export const exportOfOtherRegion = () => new ExportNotFoundException("Export not found: Invalid export arn");
/** A well-formed ImportArn (of another region too) that names no import. The words are not recorded: export's form. */
export const importNotFound = (arn: string) =>
  new ImportNotFoundException(`Import not found: Import not found: ${arn}`);
/** A NextToken another list (ListImports for ListExports and back) or nobody made. */
export const invalidNextToken = (token: string) =>
  new ValidationException(`Invalid Request: Provided nextToken is invalid: ${token}`);

// ImportTable.

export const unsupportedFormatOptions = (format: string) =>
  new ValidationException(`Invalid Request: Unsupported InputFormatOptions for the given input format: ${format}.`);
/** OnDemandThroughput with a PROVISIONED table (`member` the bound named, MaxWriteRequestUnits as recorded). */
export const onDemandWithProvisioned = (member: string) =>
  new ValidationException(
    `One or more parameter values were invalid: ${member} for OnDemandThroughput cannot be specified when table BillingMode is PROVISIONED.`,
  );
/** The target table exists, ACTIVE or DELETING (or a replay of a finished import's token while it does). */
export const importTableExists = (name: string) => new ResourceInUseException(`Table already exists: ${name}`);
/** The same ClientToken with other table creation parameters within the token's 8 hours. */
export const importConflict = () =>
  new ImportConflictException("Import conflict: Duplicate request detected with conflicting parameters");

// How an export or import ends FAILED (FailureCode, FailureMessage).

export interface Failure {
  code: string;
  message: string;
}

/** The bucket does not exist (a name S3 refuses never does). S3's message, without its request ids. */
export const NO_SUCH_BUCKET: Failure = { code: "S3NoSuchBucket", message: "The specified bucket does not exist" };
/** Some lines or files of an import could not be read or were no valid item: the others are imported. */
export const ITEM_VALIDATION_ERROR: Failure = {
  code: "ItemValidationError",
  message:
    "Some of the items failed validation checks and were not imported. Please check CloudWatch error logs for more details.",
};
/** Another import is creating the target table (the service does not reserve the name when it accepts an import). */
export const tableAlreadyExistsFailure = (name: string): Failure => ({
  code: "TableAlreadyExists",
  message: `Table already exists: ${name}`,
});
/** An export's prefix with a `.` or `..` segment, which the archive cannot hold as a key (this server's own). */
export const PREFIX_NOT_WRITABLE: Failure = {
  code: "S3InvalidKey",
  message: "The export's S3Prefix has a '.' or '..' segment, which the archive cannot store",
};
