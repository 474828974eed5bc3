import { describe, expect, it } from "vitest";
import { backupArn } from "../../../../../shared/api/arns";
import {
  type BackupRecord,
  backupDescription,
  backupDetails,
  backupSummary,
  type ListBackupsRequest,
  listBackupsOutput,
  SYSTEM_BACKUP_RANDOM,
  SYSTEM_BACKUP_RETENTION_MS,
  systemBackupName,
} from "../../../../../shared/api/operations/backup-descriptions";
import { restoreSummary } from "../../../../../shared/api/table";
import { tableMeta } from "./helpers";

const TABLE_ARN = "arn:aws:dynamodb:us-west-2:123456789012:table/MusicCollection";
const CREATED = 1576616366715;

/** The CLI reference's example: a PROVISIONED 5/5 table keyed by Artist and SongTitle, nothing else. */
const music = tableMeta(1576615228571, {
  name: "MusicCollection",
  id: "b0c04bcc-309b-4352-b2ae-9088af169fe2",
  arn: TABLE_ARN,
  keySchema: [
    { AttributeName: "Artist", KeyType: "HASH" },
    { AttributeName: "SongTitle", KeyType: "RANGE" },
  ],
  attributeDefinitions: [
    { AttributeName: "Artist", AttributeType: "S" },
    { AttributeName: "SongTitle", AttributeType: "S" },
  ],
  billingMode: "PROVISIONED",
  readCapacityUnits: 5,
  writeCapacityUnits: 5,
});

const record = (overrides: Partial<BackupRecord> = {}): BackupRecord => ({
  arn: backupArn(TABLE_ARN, CREATED, "b4e58d3a"),
  name: "MusicCollectionBackup",
  tableName: "MusicCollection",
  tableArn: TABLE_ARN,
  tableId: music.id,
  status: "AVAILABLE",
  type: "USER",
  createdAt: CREATED,
  sizeBytes: 0,
  itemCount: 0,
  source: music,
  ...overrides,
});

describe("backup answers", () => {
  it("CreateBackup's BackupDetails, in the model's order, without an expiry for a USER backup", () => {
    expect(JSON.stringify(backupDetails(record({ status: "CREATING" })))).toBe(
      JSON.stringify({
        BackupArn: "arn:aws:dynamodb:us-west-2:123456789012:table/MusicCollection/backup/01576616366715-b4e58d3a",
        BackupName: "MusicCollectionBackup",
        BackupSizeBytes: 0,
        BackupStatus: "CREATING",
        BackupType: "USER",
        BackupCreationDateTime: 1576616366.715,
      }),
    );
  });

  it("a SYSTEM backup's expiry, 35 days after its creation", () => {
    const system = record({
      arn: backupArn(TABLE_ARN, CREATED, SYSTEM_BACKUP_RANDOM),
      name: systemBackupName("MusicCollection"),
      type: "SYSTEM",
      expiresAt: CREATED + SYSTEM_BACKUP_RETENTION_MS,
    });
    expect(backupDetails(system)).toMatchObject({
      BackupArn: `${TABLE_ARN}/backup/01576616366715-00000000`,
      BackupName: "MusicCollection$DeletedTableBackup",
      BackupType: "SYSTEM",
      BackupExpiryDateTime: 1576616366.715 + 35 * 86400,
    });
  });

  it("DescribeBackup of a plain table, as the CLI reference's example answers it", () => {
    expect(backupDescription(record())).toEqual({
      BackupDetails: {
        BackupArn: `${TABLE_ARN}/backup/01576616366715-b4e58d3a`,
        BackupName: "MusicCollectionBackup",
        BackupSizeBytes: 0,
        BackupStatus: "AVAILABLE",
        BackupType: "USER",
        BackupCreationDateTime: 1576616366.715,
      },
      SourceTableDetails: {
        TableName: "MusicCollection",
        TableId: "b0c04bcc-309b-4352-b2ae-9088af169fe2",
        TableArn: TABLE_ARN,
        TableSizeBytes: 0,
        KeySchema: music.keySchema,
        TableCreationDateTime: 1576615228.571,
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        ItemCount: 0,
        BillingMode: "PROVISIONED",
      },
      SourceTableFeatureDetails: {},
    });
    expect(Object.keys(backupDescription(record()).SourceTableDetails)).toEqual([
      "TableName",
      "TableId",
      "TableArn",
      "TableSizeBytes",
      "KeySchema",
      "TableCreationDateTime",
      "ProvisionedThroughput",
      "ItemCount",
      "BillingMode",
    ]);
  });

  it("an on-demand table's details: throughput 0/0, and its maxima when it has them", () => {
    const source = { ...music, billingMode: "PAY_PER_REQUEST" as const, readCapacityUnits: 0, writeCapacityUnits: 0 };
    expect(backupDescription(record({ source })).SourceTableDetails).toMatchObject({
      ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      BillingMode: "PAY_PER_REQUEST",
    });
    const withMaxima = { ...source, onDemandThroughput: { MaxReadRequestUnits: 100, MaxWriteRequestUnits: 50 } };
    expect(
      backupDescription(record({ source: withMaxima, sizeBytes: 7, itemCount: 1 })).SourceTableDetails,
    ).toMatchObject({
      OnDemandThroughput: { MaxReadRequestUnits: 100, MaxWriteRequestUnits: 50 },
      TableSizeBytes: 7,
      ItemCount: 1,
    });
  });

  it("the features: indexes as *Info shapes, the enabled stream and TTL, in the model's order", () => {
    const source = {
      ...music,
      localIndexes: [
        {
          name: "lsi1",
          keySchema: [
            { AttributeName: "Artist", KeyType: "HASH" as const },
            { AttributeName: "Year", KeyType: "RANGE" as const },
          ],
          projection: { type: "KEYS_ONLY" as const },
        },
      ],
      globalIndexes: [
        {
          name: "gsi1",
          id: "g",
          status: "ACTIVE" as const,
          keySchema: [{ AttributeName: "Genre", KeyType: "HASH" as const }],
          projection: { type: "INCLUDE" as const, nonKeyAttributes: ["z", "a"] },
          readCapacityUnits: 3,
          writeCapacityUnits: 4,
          decreasesToday: 0,
        },
      ],
      streams: [{ label: "2026-12-07T07:45:00.000", viewType: "NEW_IMAGE" as const, createdAt: 1 }],
      timeToLive: { attributeName: "expires", enabled: true, changedAt: 1 },
    };
    const features = backupDescription(record({ source })).SourceTableFeatureDetails;
    expect(features).toEqual({
      LocalSecondaryIndexes: [
        { IndexName: "lsi1", KeySchema: source.localIndexes[0].keySchema, Projection: { ProjectionType: "KEYS_ONLY" } },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: "gsi1",
          KeySchema: [{ AttributeName: "Genre", KeyType: "HASH" }],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["a", "z"] },
          ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 },
        },
      ],
      StreamDescription: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
      TimeToLiveDescription: { TimeToLiveStatus: "ENABLED", AttributeName: "expires" },
    });
    expect(Object.keys(features)).toEqual([
      "LocalSecondaryIndexes",
      "GlobalSecondaryIndexes",
      "StreamDescription",
      "TimeToLiveDescription",
    ]);
  });

  it("a disabled stream and a disabled TTL are not features", () => {
    const source = {
      ...music,
      streams: [{ label: "2026-12-07T07:45:00.000", viewType: "KEYS_ONLY" as const, createdAt: 1, disabledAt: 2 }],
      timeToLive: { attributeName: "expires", enabled: false, changedAt: 1 },
    };
    expect(backupDescription(record({ source })).SourceTableFeatureDetails).toEqual({});
  });

  it("DeleteBackup's answer: the description, DELETED", () => {
    expect(backupDescription(record({ status: "DELETED" })).BackupDetails.BackupStatus).toBe("DELETED");
  });

  it("a ListBackups summary, in the model's order", () => {
    expect(Object.keys(backupSummary(record({ type: "SYSTEM", expiresAt: CREATED + 1 })))).toEqual([
      "TableName",
      "TableId",
      "TableArn",
      "BackupArn",
      "BackupName",
      "BackupCreationDateTime",
      "BackupExpiryDateTime",
      "BackupStatus",
      "BackupType",
      "BackupSizeBytes",
    ]);
    expect(backupSummary(record())).toEqual({
      TableName: "MusicCollection",
      TableId: music.id,
      TableArn: TABLE_ARN,
      BackupArn: `${TABLE_ARN}/backup/01576616366715-b4e58d3a`,
      BackupName: "MusicCollectionBackup",
      BackupCreationDateTime: 1576616366.715,
      BackupStatus: "AVAILABLE",
      BackupType: "USER",
      BackupSizeBytes: 0,
    });
  });

  it("a restored table's RestoreSummary: from a backup at its creation time, or from a table", () => {
    const arn = `${TABLE_ARN}/backup/01576616366715-b4e58d3a`;
    expect(
      JSON.stringify(
        restoreSummary({ sourceBackupArn: arn, sourceTableArn: TABLE_ARN, restoreDateTime: CREATED, inProgress: true }),
      ),
    ).toBe(
      JSON.stringify({
        SourceBackupArn: arn,
        SourceTableArn: TABLE_ARN,
        RestoreDateTime: 1576616366.715,
        RestoreInProgress: true,
      }),
    );
    expect(restoreSummary({ sourceTableArn: TABLE_ARN, restoreDateTime: 1576622404000, inProgress: false })).toEqual({
      SourceTableArn: TABLE_ARN,
      RestoreDateTime: 1576622404,
      RestoreInProgress: false,
    });
  });
});

const OTHER_ARN = "arn:aws:dynamodb:us-west-2:123456789012:table/Other";
const at = (createdAt: number, overrides: Partial<BackupRecord> = {}) =>
  record({ arn: backupArn(TABLE_ARN, createdAt, "0000000a"), createdAt, ...overrides });
const backups = [
  at(3000),
  at(1000),
  at(2000, { type: "SYSTEM", arn: backupArn(TABLE_ARN, 2000, SYSTEM_BACKUP_RANDOM) }),
  at(4000, { tableName: "Other", tableArn: OTHER_ARN, arn: backupArn(OTHER_ARN, 4000, "0000000b") }),
  at(5000, { status: "DELETED" }),
  at(6000, { status: "CREATING" }),
];
const list = (request: Partial<ListBackupsRequest>) =>
  listBackupsOutput(backups, { backupType: "USER", ...request }).BackupSummaries.map(
    (s) => s.BackupCreationDateTime * 1000,
  );

describe("ListBackups", () => {
  it("lists USER backups by creation time, without DELETED ones", () => {
    expect(list({})).toEqual([1000, 3000, 4000, 6000]);
  });

  it.each<[string, Partial<ListBackupsRequest>, number[]]>([
    ["SYSTEM backups", { backupType: "SYSTEM" }, [2000]],
    ["every type", { backupType: "ALL" }, [1000, 2000, 3000, 4000, 6000]],
    ["AWS Backup's (none here)", { backupType: "AWS_BACKUP" }, []],
    ["a table by name", { tableName: "Other" }, [4000]],
    ["a table by ARN", { tableName: TABLE_ARN }, [1000, 3000, 6000]],
    ["a table without backups", { tableName: "nothing" }, []],
    ["from an inclusive lower bound", { lowerBound: 3000 }, [3000, 4000, 6000]],
    ["to an exclusive upper bound", { upperBound: 4000 }, [1000, 3000]],
    ["bounds 1 ms apart", { lowerBound: 3000, upperBound: 3001 }, [3000]],
  ])("filters %s", (_, request, times) => {
    expect(list(request)).toEqual(times);
  });

  it("pages by Limit, with LastEvaluatedBackupArn only while more follow", () => {
    const first = listBackupsOutput(backups, { backupType: "USER", limit: 2 });
    expect(first.BackupSummaries.map((s) => s.BackupCreationDateTime)).toEqual([1, 3]);
    expect(first.LastEvaluatedBackupArn).toBe(backupArn(TABLE_ARN, 3000, "0000000a"));
    const second = listBackupsOutput(backups, {
      backupType: "USER",
      limit: 2,
      exclusiveStartBackupArn: first.LastEvaluatedBackupArn,
    });
    expect(second.BackupSummaries.map((s) => s.BackupCreationDateTime)).toEqual([4, 6]);
    expect(second.LastEvaluatedBackupArn).toBeUndefined();
    expect(listBackupsOutput(backups, { backupType: "USER", limit: 4 }).LastEvaluatedBackupArn).toBeUndefined();
  });

  it("resumes after the cursor's position even when it names no backup (deleted, or never made)", () => {
    expect(list({ exclusiveStartBackupArn: backupArn(TABLE_ARN, 5000, "0000000a") })).toEqual([6000]);
    expect(list({ exclusiveStartBackupArn: backupArn(TABLE_ARN, 2500, "ffffffff") })).toEqual([3000, 4000, 6000]);
  });
});
