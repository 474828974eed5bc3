import { describe, expect, it } from "vitest";
import { backupArn, backupIdTime, parseBackupArn, parseTableArn } from "../../../../../shared/api/arns";
import {
  AccessDeniedException,
  BackupInUseException,
  BackupNotFoundException,
  ContinuousBackupsUnavailableException,
  fromWire,
  InvalidRestoreTimeException,
  PointInTimeRecoveryUnavailableException,
  TableAlreadyExistsException,
  TableInUseException,
  TableNotFoundException,
} from "../../../../../shared/api/errors";
import {
  backupNotFound,
  backupRestoringAnotherTable,
  backupRestoringTable,
  backupsBeingEnabled,
  crossRegionRestoreNeedsSse,
  invalidRestoreTime,
  pitrNotEnabled,
  systemBackupUndeletable,
  tableAlreadyExists,
  tableBeingRestored,
  tableNotFound,
} from "../../../../../shared/api/operations/backup-errors";
import {
  checkBackupArn,
  sourceTableOf,
  tableNameOf,
  validateCreateBackup,
  validateDeleteBackup,
  validateDescribeBackup,
  validateListBackups,
  validateRestoreTableFromBackup,
  validateRestoreTableToPointInTime,
} from "../../../../../shared/api/operations/backups";
import { thrown } from "./helpers";

const ACCOUNT = "123456789012";
const TABLE_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Music`;
const BACKUP_ARN = `${TABLE_ARN}/backup/01489602797149-73d8d5bc`;
const PATTERN = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";
const nullAt = (path: string) => `Value null at '${path}' failed to satisfy constraint: Member must not be null`;
const validation = (message: string) => ({ type: "ValidationException", message });
const one = (error: string) => validation(`1 validation error detected: ${error}`);

describe("backup ARNs", () => {
  it("names a backup by its table, its creation time in 14 digits and 8 hex digits, as the API reference's examples", () => {
    expect(backupArn(TABLE_ARN, 1489602797149, "73d8d5bc")).toBe(BACKUP_ARN);
    expect(backupArn(TABLE_ARN, 5, "00000000")).toBe(`${TABLE_ARN}/backup/00000000000005-00000000`);
  });

  it("parses what it writes, and the id's time back", () => {
    const parts = parseBackupArn(backupArn(TABLE_ARN, 1576616366715, "b4e58d3a"));
    expect(parts).toEqual({
      partition: "aws",
      region: "us-east-1",
      account: ACCOUNT,
      tableName: "Music",
      id: "01576616366715-b4e58d3a",
    });
    expect(backupIdTime(parts!.id)).toBe(1576616366715);
  });

  it.each([
    ["a table's ARN", TABLE_ARN],
    ["a stream's ARN", `${TABLE_ARN}/stream/2026-12-07T07:45:00.000`],
    ["an id of 13 digits", `${TABLE_ARN}/backup/1489602797149-73d8d5bc`],
    ["upper-case hex", `${TABLE_ARN}/backup/01489602797149-73D8D5BC`],
    ["an account of 11 digits", "arn:aws:dynamodb:us-east-1:12345678901:table/Music/backup/01489602797149-73d8d5bc"],
    [
      "a table name breaking the naming rules",
      `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/ab/backup/01489602797149-73d8d5bc`,
    ],
    ["another service", `arn:aws:s3:us-east-1:${ACCOUNT}:table/Music/backup/01489602797149-73d8d5bc`],
  ])("does not parse %s as a backup ARN", (_, arn) => {
    expect(parseBackupArn(arn)).toBeUndefined();
  });

  it("parses table ARNs, and nothing more", () => {
    expect(parseTableArn(TABLE_ARN)).toEqual({
      partition: "aws",
      region: "us-east-1",
      account: ACCOUNT,
      tableName: "Music",
    });
    expect(parseTableArn(BACKUP_ARN)).toBeUndefined();
    expect(parseTableArn("Music")).toBeUndefined();
  });
});

describe("CreateBackup validation", () => {
  it.each([
    ["no TableName", {}, validation("The parameter 'TableName' is required but was not present in the request")],
    ["no BackupName", { TableName: "abc" }, one(nullAt("backupName"))],
    [
      "an empty TableName and a short BackupName, in the model's order",
      { TableName: "", BackupName: "ab" },
      validation(
        "2 validation errors detected: Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1; Value 'ab' at 'backupName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      ),
    ],
    [
      "a BackupName with a bad character",
      { TableName: "abc", BackupName: "bad name!" },
      one(`Value 'bad name!' at 'backupName' failed to satisfy constraint: ${PATTERN}`),
    ],
    [
      "a BackupName short and with a bad character, length first",
      { TableName: "abc", BackupName: "a!" },
      validation(
        `2 validation errors detected: Value 'a!' at 'backupName' failed to satisfy constraint: Member must have length greater than or equal to 3; Value 'a!' at 'backupName' failed to satisfy constraint: ${PATTERN}`,
      ),
    ],
    [
      "a BackupName of 256 characters",
      { TableName: "abc", BackupName: "b".repeat(256) },
      one(
        `Value '${"b".repeat(256)}' at 'backupName' failed to satisfy constraint: Member must have length less than or equal to 255`,
      ),
    ],
    [
      "a TableName of 1025 characters",
      { TableName: "a".repeat(1025), BackupName: "bkp" },
      one(
        `Value '${"a".repeat(1025)}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 1024`,
      ),
    ],
    [
      "a table name breaking the naming rules, once the other constraints hold",
      { TableName: "ab", BackupName: "bkp" },
      one("Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"),
    ],
    [
      "a table name breaking two naming rules, length first",
      { TableName: "a;", BackupName: "bkp" },
      validation(
        `2 validation errors detected: Value 'a;' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; Value 'a;' at 'tableName' failed to satisfy constraint: ${PATTERN}`,
      ),
    ],
    [
      "a bad BackupName ahead of the table name's naming rules",
      { TableName: "a;", BackupName: "x" },
      one("Value 'x' at 'backupName' failed to satisfy constraint: Member must have length greater than or equal to 3"),
    ],
  ])("rejects %s", (_, body, error) => {
    expect(thrown(() => validateCreateBackup(body as Record<string, unknown>))).toEqual(error);
  });

  it.each([
    [{ TableName: 5, BackupName: "bkp" }, "NUMBER_VALUE cannot be converted to String"],
    [{ TableName: "abc", BackupName: true }, "TRUE_VALUE cannot be converted to String"],
  ])("rejects %j with SerializationException", (body, message) => {
    expect(thrown(() => validateCreateBackup(body))).toEqual({ type: "SerializationException", message });
  });

  it("returns the table, by name or ARN as sent, and the backup's name, dropping unknown members", () => {
    expect(validateCreateBackup({ TableName: "abc", BackupName: "nightly_1.0-x", X: 1 })).toEqual({
      tableName: "abc",
      backupName: "nightly_1.0-x",
    });
    expect(validateCreateBackup({ TableName: TABLE_ARN, BackupName: "bkp" }).tableName).toBe(TABLE_ARN);
  });

  it("resolves a TableName to the table's name, an ARN as the tagging operations check one", () => {
    expect(tableNameOf("Music", "us-east-1", ACCOUNT)).toBe("Music");
    expect(tableNameOf(TABLE_ARN, "us-east-1", ACCOUNT)).toBe("Music");
    expect(thrown(() => tableNameOf(TABLE_ARN, "us-east-1", "000000000000"))).toEqual({
      type: "AccessDeniedException",
      message: "Access is denied",
    });
  });
});

describe("DescribeBackup and DeleteBackup validation", () => {
  it.each([
    ["DescribeBackup", validateDescribeBackup],
    ["DeleteBackup", validateDeleteBackup],
  ])("%s: BackupArn required, 37 to 1024 characters", (_, validate) => {
    expect(thrown(() => validate({}))).toEqual(one(nullAt("backupArn")));
    const short = "a".repeat(36);
    expect(thrown(() => validate({ BackupArn: short }))).toEqual(
      one(
        `Value '${short}' at 'backupArn' failed to satisfy constraint: Member must have length greater than or equal to 37`,
      ),
    );
    const long = "a".repeat(1025);
    expect(thrown(() => validate({ BackupArn: long }))).toEqual(
      one(
        `Value '${long}' at 'backupArn' failed to satisfy constraint: Member must have length less than or equal to 1024`,
      ),
    );
    expect(validate({ BackupArn: BACKUP_ARN, X: 1 })).toEqual({ backupArn: BACKUP_ARN });
  });
});

describe("a request's BackupArn against the caller (checkBackupArn)", () => {
  const regions = new Set(["us-east-1", "eu-west-1"]);
  const check = (arn: string) => checkBackupArn(arn, ACCOUNT, (r) => regions.has(r));

  it("gives the parts of a backup ARN of the caller's account, in any region the service knows", () => {
    expect(check(BACKUP_ARN)).toEqual(parseBackupArn(BACKUP_ARN));
    expect(check(BACKUP_ARN.replace("us-east-1", "eu-west-1")).region).toBe("eu-west-1");
  });

  it.each([
    ["a table's ARN", TABLE_ARN, validation("Invalid Backup ARN")],
    ["a string that is no ARN", "x".repeat(48), validation("Invalid Backup ARN")],
    ["a malformed id", `${TABLE_ARN}/backup/01489602797149`, validation("Invalid Backup ARN")],
    ["another partition", BACKUP_ARN.replace("arn:aws:", "arn:aws-cn:"), validation("BackupArn is not valid")],
    ["another service", BACKUP_ARN.replace(":dynamodb:", ":s3:"), validation("BackupArn is not valid")],
    ["an unknown region", BACKUP_ARN.replace("us-east-1", "xx-fake-1"), validation("BackupArn is not valid")],
    [
      "an empty region",
      BACKUP_ARN.replace("us-east-1", ""),
      { type: "AccessDeniedException", message: "Access is denied" },
    ],
    [
      "another account",
      BACKUP_ARN.replace(ACCOUNT, "000000000000"),
      { type: "AccessDeniedException", message: "Access is denied" },
    ],
  ])("refuses %s", (_, arn, error) => {
    expect(thrown(() => check(arn))).toEqual(error);
  });
});

describe("ListBackups validation", () => {
  it("lists USER backups unless asked for another type", () => {
    expect(validateListBackups({})).toEqual({ backupType: "USER" });
    expect(validateListBackups({ BackupType: "ALL" }).backupType).toBe("ALL");
  });

  it("reads the time range in epoch seconds, into epoch milliseconds; equal bounds are accepted", () => {
    const request = validateListBackups({
      TableName: TABLE_ARN,
      Limit: 100,
      TimeRangeLowerBound: 1576616366.715,
      TimeRangeUpperBound: 1583020800,
      ExclusiveStartBackupArn: BACKUP_ARN,
      BackupType: "SYSTEM",
    });
    expect(request).toEqual({
      tableName: TABLE_ARN,
      limit: 100,
      lowerBound: 1576616366715,
      upperBound: 1583020800000,
      exclusiveStartBackupArn: BACKUP_ARN,
      backupType: "SYSTEM",
    });
    expect(validateListBackups({ TimeRangeLowerBound: 5, TimeRangeUpperBound: 5 }).upperBound).toBe(5000);
  });

  it.each([
    [
      "Limit 0",
      { Limit: 0 },
      one("Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"),
    ],
    [
      "Limit 101",
      { Limit: 101 },
      one("Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"),
    ],
    [
      "an unknown BackupType",
      { BackupType: "user" },
      one(
        "Value 'user' at 'backupType' failed to satisfy constraint: Member must satisfy enum value set: [USER, SYSTEM, AWS_BACKUP, ALL]",
      ),
    ],
    [
      "a short ExclusiveStartBackupArn",
      { ExclusiveStartBackupArn: "arn" },
      one(
        "Value 'arn' at 'exclusiveStartBackupArn' failed to satisfy constraint: Member must have length greater than or equal to 37",
      ),
    ],
    [
      "an ExclusiveStartBackupArn that is no backup ARN",
      { ExclusiveStartBackupArn: TABLE_ARN },
      validation("Invalid Backup ARN"),
    ],
    [
      "an inverted time range",
      { TimeRangeLowerBound: 1583020800, TimeRangeUpperBound: 1577836800 },
      validation("Time range lower bound must be less than or equal to upper bound"),
    ],
    [
      "a table name breaking the naming rules",
      { TableName: "ab" },
      one("Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"),
    ],
  ])("rejects %s", (_, body, error) => {
    expect(thrown(() => validateListBackups(body))).toEqual(error);
  });

  it("rejects a time bound that is not a number with SerializationException", () => {
    expect(thrown(() => validateListBackups({ TimeRangeLowerBound: "2020-01-01" }))).toEqual({
      type: "SerializationException",
      message: "STRING_VALUE cannot be converted to Double",
    });
  });
});

const GSI = {
  IndexName: "gsi1",
  KeySchema: [{ AttributeName: "gk", KeyType: "HASH" }],
  Projection: { ProjectionType: "ALL" },
};
const restore = (overrides: Record<string, unknown>) => ({
  TargetTableName: "restored",
  BackupArn: BACKUP_ARN,
  ...overrides,
});

describe("RestoreTableFromBackup validation", () => {
  it("returns the target, the backup and the overrides as sent; an empty index list is not an absent one", () => {
    const body = restore({
      BillingModeOverride: "PAY_PER_REQUEST",
      GlobalSecondaryIndexOverride: [],
      LocalSecondaryIndexOverride: [],
      OnDemandThroughputOverride: { MaxReadRequestUnits: 10 },
      SSESpecificationOverride: { Enabled: false },
      VectorIndexOverride: [],
    });
    expect(validateRestoreTableFromBackup(body)).toEqual({
      targetTableName: "restored",
      backupArn: BACKUP_ARN,
      billingModeOverride: "PAY_PER_REQUEST",
      onDemandThroughputOverride: { MaxReadRequestUnits: 10 },
      globalSecondaryIndexOverride: [],
      localSecondaryIndexOverride: [],
      sseSpecificationOverride: { Enabled: false },
    });
    expect(validateRestoreTableFromBackup(restore({}))).toEqual({ targetTableName: "restored", backupArn: BACKUP_ARN });
  });

  it.each([
    [
      "no target and no backup, in the model's order",
      {},
      validation(`2 validation errors detected: ${nullAt("targetTableName")}; ${nullAt("backupArn")}`),
    ],
    [
      "a target name with bad characters",
      restore({ TargetTableName: "bad name!" }),
      one(`Value 'bad name!' at 'targetTableName' failed to satisfy constraint: ${PATTERN}`),
    ],
    [
      "an unknown BillingModeOverride",
      restore({ BillingModeOverride: "BOGUS" }),
      one(
        "Value 'BOGUS' at 'billingModeOverride' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]",
      ),
    ],
    [
      "a throughput override of 0, write before read",
      restore({
        BillingModeOverride: "PROVISIONED",
        ProvisionedThroughputOverride: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      }),
      validation(
        "2 validation errors detected: Value '0' at 'provisionedThroughputOverride.writeCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1; Value '0' at 'provisionedThroughputOverride.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1",
      ),
    ],
    [
      "an index override without a name",
      restore({ GlobalSecondaryIndexOverride: [{ ...GSI, IndexName: null }] }),
      one(nullAt("globalSecondaryIndexOverride.1.member.indexName")),
    ],
    [
      "a throughput override with BillingModeOverride PAY_PER_REQUEST",
      restore({
        BillingModeOverride: "PAY_PER_REQUEST",
        ProvisionedThroughputOverride: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      }),
      validation("Cannot override ProvisionedThroughput unless BillingMode is PROVISIONED"),
    ],
    [
      "BillingModeOverride PROVISIONED without a throughput override",
      restore({ BillingModeOverride: "PROVISIONED" }),
      validation("Must override ProvisionedThroughput if BillingMode is overridden to PROVISIONED"),
    ],
    [
      "an on-demand override with BillingModeOverride PROVISIONED",
      restore({
        BillingModeOverride: "PROVISIONED",
        ProvisionedThroughputOverride: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        OnDemandThroughputOverride: { MaxReadRequestUnits: 5 },
      }),
      validation(
        "Cannot override MaxReadRequestUnits for OnDemandThroughput unless BillingModeOverride is PAY_PER_REQUEST",
      ),
    ],
    [
      "an on-demand override of 0",
      restore({ OnDemandThroughputOverride: { MaxReadRequestUnits: 0, MaxWriteRequestUnits: 0 } }),
      validation("Requested MaxReadRequestUnits for OnDemandThroughput is outside of valid range"),
    ],
    [
      "an on-demand write bound of 0",
      restore({ OnDemandThroughputOverride: { MaxWriteRequestUnits: 0 } }),
      validation("Requested MaxWriteRequestUnits for OnDemandThroughput is outside of valid range"),
    ],
    [
      "an index throughput with BillingModeOverride PAY_PER_REQUEST",
      restore({
        BillingModeOverride: "PAY_PER_REQUEST",
        GlobalSecondaryIndexOverride: [
          { ...GSI, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
        ],
      }),
      validation(
        "Cannot override ProvisionedThroughput if BillingMode is overridden to PAY_PER_REQUEST for index gsi1",
      ),
    ],
    [
      "an index without throughput with BillingModeOverride PROVISIONED",
      restore({
        BillingModeOverride: "PROVISIONED",
        ProvisionedThroughputOverride: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        GlobalSecondaryIndexOverride: [GSI],
      }),
      validation("Must specify provisioned throughput for index gsi1"),
    ],
    [
      "a throughput override out of bounds",
      restore({
        BillingModeOverride: "PROVISIONED",
        ProvisionedThroughputOverride: { ReadCapacityUnits: 1e13, WriteCapacityUnits: 1 },
      }),
      validation("Given value 10000000000000 for ReadCapacityUnits is out of bounds"),
    ],
  ])("rejects %s", (_, body, error) => {
    expect(thrown(() => validateRestoreTableFromBackup(body as Record<string, unknown>))).toEqual(error);
  });
});

const pitr = (body: Record<string, unknown>) => ({ TargetTableName: "restored", SourceTableName: "Music", ...body });

describe("RestoreTableToPointInTime validation", () => {
  it("returns the source as sent, the time in epoch milliseconds or the latest", () => {
    expect(validateRestoreTableToPointInTime(pitr({ RestoreDateTime: 1576622404.5 }))).toEqual({
      targetTableName: "restored",
      sourceTableName: "Music",
      useLatestRestorableTime: false,
      restoreDateTime: 1576622404500,
    });
    expect(
      validateRestoreTableToPointInTime({
        TargetTableName: "restored",
        SourceTableArn: TABLE_ARN,
        UseLatestRestorableTime: true,
      }),
    ).toEqual({ targetTableName: "restored", sourceTableArn: TABLE_ARN, useLatestRestorableTime: true });
    expect(
      validateRestoreTableToPointInTime(pitr({ UseLatestRestorableTime: false, RestoreDateTime: 5 })).restoreDateTime,
    ).toBe(5000);
  });

  it.each([
    ["no target", {}, one(nullAt("targetTableName"))],
    [
      "an empty SourceTableArn and a short target, in the model's order",
      { SourceTableArn: "", TargetTableName: "x" },
      validation(
        "2 validation errors detected: Value '' at 'sourceTableArn' failed to satisfy constraint: Member must have length greater than or equal to 1; Value 'x' at 'targetTableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      ),
    ],
    [
      "a short SourceTableName",
      pitr({ SourceTableName: "ab", UseLatestRestorableTime: true }),
      one(
        "Value 'ab' at 'sourceTableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      ),
    ],
    [
      "both UseLatestRestorableTime and RestoreDateTime",
      pitr({ UseLatestRestorableTime: true, RestoreDateTime: 1 }),
      validation(
        "Invalid Request: Both RestoreDateTime and UseLatestRestorableTime cannot be set for point-in-time restore request. Please specify either RestoreDateTime time or UseLatestRestorableTime",
      ),
    ],
    [
      "neither",
      pitr({}),
      validation(
        "Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, but not both",
      ),
    ],
    [
      "UseLatestRestorableTime false without a RestoreDateTime",
      pitr({ UseLatestRestorableTime: false }),
      validation(
        "Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, but not both",
      ),
    ],
    [
      "no time and no source: the time first",
      { TargetTableName: "restored" },
      validation(
        "Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, but not both",
      ),
    ],
    [
      "both SourceTableName and SourceTableArn",
      pitr({ SourceTableArn: TABLE_ARN, UseLatestRestorableTime: true }),
      validation("Must provide exactly one of: sourceTableArn, sourceTableName"),
    ],
    [
      "no source",
      { TargetTableName: "restored", UseLatestRestorableTime: true },
      validation("The parameter 'TableName' is required but was not present in the request"),
    ],
    [
      "a SourceTableArn that is no table ARN",
      { TargetTableName: "restored", SourceTableArn: "Music", UseLatestRestorableTime: true },
      validation("sourceTableArn is not a valid ARN"),
    ],
    [
      "an override broken as RestoreTableFromBackup's",
      pitr({ UseLatestRestorableTime: true, BillingModeOverride: "PROVISIONED" }),
      validation("Must override ProvisionedThroughput if BillingMode is overridden to PROVISIONED"),
    ],
  ])("rejects %s", (_, body, error) => {
    expect(thrown(() => validateRestoreTableToPointInTime(body as Record<string, unknown>))).toEqual(error);
  });

  it("gives the source table of the caller's account, with the ARN's region; another account's is refused", () => {
    expect(sourceTableOf({ sourceTableName: "Music" }, ACCOUNT)).toEqual({ tableName: "Music" });
    expect(sourceTableOf({ sourceTableArn: TABLE_ARN.replace("us-east-1", "eu-west-1") }, ACCOUNT)).toEqual({
      tableName: "Music",
      region: "eu-west-1",
    });
    expect(thrown(() => sourceTableOf({ sourceTableArn: TABLE_ARN }, "000000000000"))).toEqual(
      validation("This action is only supported by accounts that match the resource owner's account"),
    );
  });
});

describe("backup and restore errors", () => {
  it.each([
    [backupNotFound(BACKUP_ARN), BackupNotFoundException, `Backup not found: ${BACKUP_ARN}`],
    [tableNotFound("Music"), TableNotFoundException, "Table not found: Music"],
    [
      backupsBeingEnabled("Music"),
      ContinuousBackupsUnavailableException,
      "Backups are being enabled for the table: Music. Please retry later",
    ],
    [tableAlreadyExists("restored"), TableAlreadyExistsException, "Table already exists: restored"],
    [
      tableBeingRestored("restored", BACKUP_ARN),
      TableInUseException,
      `Table: restored is already being restored from backup: ${BACKUP_ARN}`,
    ],
    [
      backupRestoringAnotherTable(BACKUP_ARN),
      BackupInUseException,
      `Backup is being used to restore another table: ${BACKUP_ARN}`,
    ],
    [backupRestoringTable(BACKUP_ARN), BackupInUseException, `Backup is being used to restore table: ${BACKUP_ARN}`],
    [
      pitrNotEnabled("Music"),
      PointInTimeRecoveryUnavailableException,
      "Point in time recovery is not enabled for table 'Music'",
    ],
    [
      invalidRestoreTime(
        Date.UTC(2026, 9, 6, 23, 16, 32, 700),
        Date.UTC(2026, 9, 8, 23, 16, 33),
        Date.UTC(2026, 9, 8, 23, 20),
      ),
      InvalidRestoreTimeException,
      "RestoreDateTime '2026-10-06T23:16:32Z' must be within EarliestRestorableDateTime '2026-10-08T23:16:33Z' and LatestRestorableDateTime '2026-10-08T23:20:00Z'",
    ],
    [
      systemBackupUndeletable(BACKUP_ARN, Date.UTC(2026, 10, 12, 8, 0, 0)),
      Error,
      `User is not allowed to delete the system backup with arn ${BACKUP_ARN}. It will automatically expire on 2026-11-12T08:00:00Z`,
    ],
    [
      crossRegionRestoreNeedsSse(),
      Error,
      "Invalid Request: sseSpecificationOverride must be provided for cross-region restores",
    ],
  ])("%s", (error, Class, message) => {
    expect(error).toBeInstanceOf(Class);
    expect(error.message).toBe(message);
    expect(error.status).toBe(400);
  });

  it.each([
    [new BackupNotFoundException(), "BackupNotFoundException", "Backup not found for the given BackupARN."],
    [
      new BackupInUseException(),
      "BackupInUseException",
      "There is another ongoing conflicting backup control plane operation on the table. The backup is either being created, deleted or restored to a table.",
    ],
    [
      new ContinuousBackupsUnavailableException(),
      "ContinuousBackupsUnavailableException",
      "Backups have not yet been enabled for this table.",
    ],
    [
      new PointInTimeRecoveryUnavailableException(),
      "PointInTimeRecoveryUnavailableException",
      "Point in time recovery has not yet been enabled for this source table.",
    ],
    [
      new InvalidRestoreTimeException(),
      "InvalidRestoreTimeException",
      "An invalid restore time was specified. RestoreDateTime must be between EarliestRestorableDateTime and LatestRestorableDateTime.",
    ],
    [
      new TableInUseException(),
      "TableInUseException",
      "A target table with the specified name is either being created or deleted.",
    ],
    [
      new TableAlreadyExistsException(),
      "TableAlreadyExistsException",
      "A target table with the specified name already exists.",
    ],
  ])(
    "%s: HTTP 400 under DynamoDB's namespace, its model's message by default, itself after an RPC hop",
    (error, type, message) => {
      expect(error.body()).toEqual({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message });
      expect(error.status).toBe(400);
      const rebuilt = fromWire(error.toWire());
      expect(rebuilt).toBeInstanceOf(error.constructor);
      expect(rebuilt.message).toBe(message);
    },
  );

  it("another account's ARN is the service's AccessDeniedException", () => {
    expect(() => checkBackupArn(BACKUP_ARN, "000000000000", () => true)).toThrow(AccessDeniedException);
  });
});
