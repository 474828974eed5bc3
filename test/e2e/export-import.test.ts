/**
 * Export and import through the AWS SDK, on a server of the test's own whose leaders archive
 * every 100 ms and snapshot every 2 s, and whose latest restorable time is 1 s behind (PITR_*):
 * an export of a table of several partitions (deletes among its writes) at a time between two
 * known writes holds exactly the table then, in DynamoDB's files and manifests (read back from the
 * archive directory, `<data>/backups/<bucket>/…`), and ImportTable makes the same table of it; a
 * CSV import; an import with bad lines; the Describe and List answers; the errors.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import {
  type AttributeValue,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeExportCommand,
  DescribeImportCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type ExportDescription,
  ExportTableToPointInTimeCommand,
  ImportTableCommand,
  type ImportTableDescription,
  ListExportsCommand,
  ListImportsCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  type TableCreationParameters,
  UpdateContinuousBackupsCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AdminServer, startAdminServer } from "../helpers/admin-server";
import { uniqueTableName } from "../helpers/dynamodb";
import { failure, waitActive } from "../helpers/items";

let running: AdminServer;
let db: DynamoDBClient;
let archive: string;

beforeAll(async () => {
  running = await startAdminServer({ PITR_ARCHIVE_MS: "100", PITR_SNAPSHOT_MS: "2000", PITR_RESTORE_LAG_MS: "1000" });
  db = running.sdk();
  archive = join(running.server.dataDir, "backups");
}, 60_000);

afterAll(() => running?.stop());

type Item = Record<string, AttributeValue>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ACCOUNT_ARN = (name: string) => `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`;

/** An item in DynamoDB JSON as the wire and the export files carry it (binaries in base64). */
function wire(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(wire);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wire(v)]));
  }
  return value;
}

/** Every item of a table, as wire JSON, sorted by key. */
async function scanTable(TableName: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName, ExclusiveStartKey, ConsistentRead: true }));
    for (const item of page.Items ?? []) items.push(wire(item));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return sorted(items);
}

const keyOf = (item: unknown) => JSON.stringify([(item as Item).pk, (item as Item).sk]);
const sorted = (items: unknown[]) => [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
const md5 = (bytes: Uint8Array | string) => createHash("md5").update(bytes).digest();

const keyedByPk = (TableName: string, type: "S" | "N" = "S"): TableCreationParameters => ({
  TableName,
  BillingMode: "PAY_PER_REQUEST",
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: type }],
});

/** An on-demand table keyed by `pk` (S) and `sk` (N): the exported tables' shape. */
const keyedByPkSk = (TableName: string): TableCreationParameters => ({
  TableName,
  BillingMode: "PAY_PER_REQUEST",
  KeySchema: [
    { AttributeName: "pk", KeyType: "HASH" },
    { AttributeName: "sk", KeyType: "RANGE" },
  ],
  AttributeDefinitions: [
    { AttributeName: "pk", AttributeType: "S" },
    { AttributeName: "sk", AttributeType: "N" },
  ],
});

async function pitrTable(TableName: string): Promise<void> {
  await db.send(new CreateTableCommand(keyedByPkSk(TableName)));
  await waitActive(db, TableName);
  await db.send(
    new UpdateContinuousBackupsCommand({
      TableName,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    }),
  );
}

async function exportDone(ExportArn: string): Promise<ExportDescription> {
  for (let i = 0; i < 300; i++) {
    const { ExportDescription } = await db.send(new DescribeExportCommand({ ExportArn }));
    if (ExportDescription?.ExportStatus !== "IN_PROGRESS") return ExportDescription!;
    await sleep(100);
  }
  throw new Error(`${ExportArn} still IN_PROGRESS`);
}

async function importDone(ImportArn: string): Promise<ImportTableDescription> {
  for (let i = 0; i < 300; i++) {
    const { ImportTableDescription } = await db.send(new DescribeImportCommand({ ImportArn }));
    if (ImportTableDescription?.ImportStatus !== "IN_PROGRESS") return ImportTableDescription!;
    await sleep(100);
  }
  throw new Error(`${ImportArn} still IN_PROGRESS`);
}

/** Writes `text` (gzipped when asked) as key `key` of bucket `bucket` in the archive. */
async function upload(bucket: string, key: string, text: string, gzipped = false): Promise<void> {
  const path = join(archive, bucket, key);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, gzipped ? gzipSync(text) : text);
}

describe("export and import", () => {
  test("an export at a time between two known writes holds exactly the table then, in DynamoDB's files, and imports back to it", async () => {
    const TableName = uniqueTableName("exp_src");
    await pitrTable(TableName);
    const put = (pk: string, sk: number, v: string) =>
      db.send(
        new PutItemCommand({
          TableName,
          Item: {
            pk: { S: pk },
            sk: { N: String(sk) },
            v: { S: v },
            bin: { B: new Uint8Array([sk, 255, 0]) },
            nested: { M: { list: { L: [{ N: "1.5" }, { BOOL: true }, { NULL: true }] }, set: { SS: ["a", "b"] } } },
          },
        }),
      );
    for (let i = 0; i < 40; i++) await put(`k${i % 13}`, i, "first");
    await db.send(new DeleteItemCommand({ TableName, Key: { pk: { S: "k1" }, sk: { N: "1" } } }));
    await db.send(new DeleteItemCommand({ TableName, Key: { pk: { S: "k2" }, sk: { N: "15" } } }));
    await sleep(1200);
    const between = new Date(Math.floor(Date.now() / 1000) * 1000);
    const expected = await scanTable(TableName);
    expect(expected).toHaveLength(38);
    await sleep(1200);
    await put("k3", 3, "second");
    await db.send(new DeleteItemCommand({ TableName, Key: { pk: { S: "k4" }, sk: { N: "4" } } }));
    await put("new", 1, "second");
    await sleep(1500);

    const request = {
      TableArn: ACCOUNT_ARN(TableName),
      S3Bucket: "exports-e2e",
      S3Prefix: "nightly/run1",
      ExportTime: between,
      ClientToken: `tok-${TableName}`,
    };
    const started = (await db.send(new ExportTableToPointInTimeCommand(request))).ExportDescription!;
    expect(started).toMatchObject({
      ExportStatus: "IN_PROGRESS",
      TableArn: ACCOUNT_ARN(TableName),
      ExportTime: between,
      ClientToken: request.ClientToken,
      S3Bucket: "exports-e2e",
      S3Prefix: "nightly/run1",
      S3SseAlgorithm: "AES256",
      ExportFormat: "DYNAMODB_JSON",
    });
    expect(started.ExportArn).toMatch(new RegExp(`^${ACCOUNT_ARN(TableName)}/export/\\d{14}-[0-9a-f]{8}$`));
    const id = started.ExportArn!.split("/export/")[1];
    expect(Number(id.slice(0, 14))).toBe(started.StartTime!.getTime());
    expect(started.TableId).toBe((await db.send(new DescribeTableCommand({ TableName }))).Table?.TableId);
    for (const member of ["EndTime", "ExportManifest", "ItemCount", "BilledSizeBytes", "ExportType"]) {
      expect(started).not.toHaveProperty(member);
    }
    // The same token and parameters: the same export; other parameters: a conflict.
    const replay = await db.send(new ExportTableToPointInTimeCommand(request));
    expect(replay.ExportDescription?.ExportArn).toBe(started.ExportArn);
    expect(await failure(db.send(new ExportTableToPointInTimeCommand({ ...request, S3Prefix: "other" })))).toEqual({
      name: "ExportConflictException",
      message: "Export conflict: Duplicate request detected with conflicting parameters",
    });

    const done = await exportDone(started.ExportArn!);
    const folder = `nightly/run1/AWSDynamoDB/${id}`;
    expect(done).toMatchObject({
      ExportStatus: "COMPLETED",
      ItemCount: 38,
      ExportManifest: `${folder}/manifest-summary.json`,
    });
    expect(done.BilledSizeBytes).toBeGreaterThan(0);
    expect(done.EndTime!.getTime()).toBeGreaterThanOrEqual(done.StartTime!.getTime());

    // The files, where and as DynamoDB writes them.
    const root = join(archive, "exports-e2e", folder);
    expect((await readdir(root)).sort()).toEqual([
      "_started",
      "data",
      "manifest-files.json",
      "manifest-files.md5",
      "manifest-summary.json",
      "manifest-summary.md5",
    ]);
    expect((await readFile(join(root, "_started"))).length).toBe(0);
    const dataFiles: string[] = await readdir(join(root, "data"));
    expect(dataFiles.length).toBeGreaterThanOrEqual(4);
    for (const name of dataFiles) expect(name).toMatch(/^[a-z2-7]{26}\.json\.gz$/);
    const filesManifest: string = await readFile(join(root, "manifest-files.json"), "utf8");
    expect(await readFile(join(root, "manifest-files.md5"), "utf8")).toBe(md5(filesManifest).toString("base64"));
    expect(filesManifest.endsWith("\n")).toBe(true);
    const entries = filesManifest
      .trimEnd()
      .split("\n")
      .map(
        (line) => JSON.parse(line) as { itemCount: number; md5Checksum: string; etag: string; dataFileS3Key: string },
      );
    expect(entries.map((e) => e.dataFileS3Key).sort()).toEqual(dataFiles.map((f) => `${folder}/data/${f}`).sort());
    const exported: unknown[] = [];
    for (const entry of entries) {
      expect(Object.keys(entry)).toEqual(["itemCount", "md5Checksum", "etag", "dataFileS3Key"]);
      const bytes = await readFile(join(archive, "exports-e2e", entry.dataFileS3Key));
      expect(entry.md5Checksum).toBe(md5(bytes).toString("base64"));
      expect(entry.etag).toBe(`${md5(md5(bytes)).toString("hex")}-1`);
      const lines = gunzipSync(bytes).toString("utf8").split("\n").filter(Boolean);
      expect(lines).toHaveLength(entry.itemCount);
      for (const line of lines) {
        const parsed = JSON.parse(line) as { Item: unknown };
        expect(Object.keys(parsed)).toEqual(["Item"]);
        exported.push(parsed.Item);
      }
    }
    expect(sorted(exported)).toEqual(expected);
    const summaryText = await readFile(join(root, "manifest-summary.json"), "utf8");
    expect(await readFile(join(root, "manifest-summary.md5"), "utf8")).toBe(md5(summaryText).toString("base64"));
    const summary = JSON.parse(summaryText) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual([
      "version",
      "exportArn",
      "startTime",
      "endTime",
      "tableArn",
      "tableId",
      "exportTime",
      "s3Bucket",
      "s3Prefix",
      "s3SseAlgorithm",
      "s3SseKmsKeyId",
      "manifestFilesS3Key",
      "billedSizeBytes",
      "itemCount",
      "outputFormat",
    ]);
    expect(summary).toMatchObject({
      version: "2020-06-30",
      exportArn: started.ExportArn,
      startTime: started.StartTime!.toISOString(),
      endTime: done.EndTime!.toISOString(),
      tableArn: ACCOUNT_ARN(TableName),
      tableId: started.TableId,
      exportTime: between.toISOString(),
      s3Bucket: "exports-e2e",
      s3Prefix: "nightly/run1",
      s3SseAlgorithm: "AES256",
      s3SseKmsKeyId: null,
      manifestFilesS3Key: `${folder}/manifest-files.json`,
      billedSizeBytes: done.BilledSizeBytes,
      itemCount: 38,
      outputFormat: "DYNAMODB_JSON",
    });

    const listed = await db.send(new ListExportsCommand({ TableArn: ACCOUNT_ARN(TableName) }));
    expect(listed.ExportSummaries).toEqual([
      { ExportArn: started.ExportArn, ExportStatus: "COMPLETED", ExportType: "FULL_EXPORT" },
    ]);
    expect(listed.NextToken).toBeUndefined();

    // Imported back: the same table.
    const copy = uniqueTableName("exp_copy");
    const imported = await db.send(
      new ImportTableCommand({
        S3BucketSource: { S3Bucket: "exports-e2e", S3KeyPrefix: `${folder}/data/` },
        InputFormat: "DYNAMODB_JSON",
        InputCompressionType: "GZIP",
        TableCreationParameters: keyedByPkSk(copy),
      }),
    );
    const description = imported.ImportTableDescription!;
    expect(description).toMatchObject({
      ImportStatus: "IN_PROGRESS",
      TableArn: ACCOUNT_ARN(copy),
      InputFormat: "DYNAMODB_JSON",
      InputCompressionType: "GZIP",
      S3BucketSource: { S3Bucket: "exports-e2e", S3KeyPrefix: `${folder}/data/`, S3BucketOwner: "000000000000" },
      CloudWatchLogGroupArn: "arn:aws:logs:us-east-1:000000000000:log-group:/aws-dynamodb/imports:*",
    });
    expect(description.ImportArn).toMatch(new RegExp(`^${ACCOUNT_ARN(copy)}/import/\\d{14}-[0-9a-f]{8}$`));
    const creating = (await db.send(new DescribeTableCommand({ TableName: copy }))).Table;
    expect(creating?.TableId).toBe(description.TableId);
    const finished = await importDone(description.ImportArn!);
    expect(finished).toMatchObject({
      ImportStatus: "COMPLETED",
      ProcessedItemCount: 38,
      ImportedItemCount: 38,
      ErrorCount: 0,
    });
    expect(finished.ProcessedSizeBytes).toBeGreaterThan(0);
    expect(finished).not.toHaveProperty("FailureCode");
    await waitActive(db, copy);
    expect(await scanTable(copy)).toEqual(expected);
  }, 90_000);

  test("a CSV import types the key attributes of the table and its indexes by their definitions, every other value a string", async () => {
    await upload("csv-e2e", "people/1.csv", 'pk,name,age\n1,"Ann, the ""first""",30\n2,Bob,\r\n\n3,"multi\nline",7\n');
    await upload("csv-e2e", "semicolons/1.csv", "10;x\n11;y\n");
    const TableName = uniqueTableName("csv");
    const answer = await db.send(
      new ImportTableCommand({
        S3BucketSource: { S3Bucket: "csv-e2e", S3KeyPrefix: "people/" },
        InputFormat: "CSV",
        TableCreationParameters: {
          ...keyedByPk(TableName, "N"),
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "N" },
            { AttributeName: "age", AttributeType: "N" },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: "byAge",
              KeySchema: [{ AttributeName: "age", KeyType: "HASH" }],
              Projection: { ProjectionType: "ALL" },
            },
          ],
        },
      }),
    );
    expect(answer.ImportTableDescription).not.toHaveProperty("InputFormatOptions");
    expect(answer.ImportTableDescription?.InputCompressionType).toBe("NONE");
    const done = await importDone(answer.ImportTableDescription!.ImportArn!);
    expect(done).toMatchObject({
      ImportStatus: "COMPLETED",
      ProcessedItemCount: 3,
      ImportedItemCount: 3,
      ErrorCount: 0,
    });
    await waitActive(db, TableName);
    const items = (await db.send(new ScanCommand({ TableName }))).Items!;
    expect(items.sort((a, b) => Number(a.pk.N) - Number(b.pk.N))).toEqual([
      { pk: { N: "1" }, name: { S: 'Ann, the "first"' }, age: { N: "30" } },
      { pk: { N: "2" }, name: { S: "Bob" } },
      { pk: { N: "3" }, name: { S: "multi\nline" }, age: { N: "7" } },
    ]);
    // The index key is typed by its definition, and the index is built once the table is ACTIVE.
    const byAge = await db.send(
      new QueryCommand({
        TableName,
        IndexName: "byAge",
        KeyConditionExpression: "age = :a",
        ExpressionAttributeValues: { ":a": { N: "30" } },
      }),
    );
    expect(byAge.Items?.map((i) => i.pk)).toEqual([{ N: "1" }]);

    const headed = uniqueTableName("csv_headed");
    const options = { Csv: { Delimiter: ";", HeaderList: ["pk", "v"] } };
    const second = await db.send(
      new ImportTableCommand({
        S3BucketSource: { S3Bucket: "csv-e2e", S3KeyPrefix: "semicolons/" },
        InputFormat: "CSV",
        InputFormatOptions: options,
        TableCreationParameters: keyedByPk(headed, "N"),
      }),
    );
    expect(second.ImportTableDescription?.InputFormatOptions).toEqual(options);
    expect(await importDone(second.ImportTableDescription!.ImportArn!)).toMatchObject({
      ImportStatus: "COMPLETED",
      ImportedItemCount: 2,
    });
    await waitActive(db, headed);
    expect((await db.send(new ScanCommand({ TableName: headed }))).Count).toBe(2);
  }, 60_000);

  test("an import with bad lines imports the others, counts them and ends FAILED", async () => {
    const line = (item: unknown) => `${JSON.stringify({ Item: item })}\n`;
    await upload(
      "bad-e2e",
      "lines/1.json",
      line({ pk: { S: "a" } }) +
        line({ other: { S: "no key" } }) +
        line({ pk: { S: "b" }, v: { N: "2" } }) +
        line({ pk: { N: "5" } }) +
        "not json\n" +
        line({ pk: { S: "never read" } }),
    );
    await upload("bad-e2e", "lines/2.json.gz", line({ pk: { S: "c" } }), true);
    await upload("bad-e2e", "lines2/ignored.json", line({ pk: { S: "d" } }));
    const TableName = uniqueTableName("bad");
    const answer = await db.send(
      new ImportTableCommand({
        S3BucketSource: { S3Bucket: "bad-e2e", S3KeyPrefix: "lines/" },
        InputFormat: "DYNAMODB_JSON",
        TableCreationParameters: keyedByPk(TableName),
      }),
    );
    const done = await importDone(answer.ImportTableDescription!.ImportArn!);
    // The gzipped file is read as text: its one "line" is no JSON.
    expect(done).toMatchObject({
      ImportStatus: "FAILED",
      FailureCode: "ItemValidationError",
      FailureMessage:
        "Some of the items failed validation checks and were not imported. Please check CloudWatch error logs for more details.",
      ProcessedItemCount: 6,
      ImportedItemCount: 2,
      ErrorCount: 4,
    });
    await waitActive(db, TableName);
    expect((await scanTable(TableName)).map((i) => (i as Item).pk)).toEqual([{ S: "a" }, { S: "b" }]);
  }, 60_000);

  test("Describe and List answers, paging, tokens and the errors", async () => {
    const TableName = uniqueTableName("exp_err");
    await db.send(new CreateTableCommand({ ...keyedByPk(TableName), TableName }));
    await waitActive(db, TableName);
    const arn = ACCOUNT_ARN(TableName);
    const exportOf = (input: Partial<ConstructorParameters<typeof ExportTableToPointInTimeCommand>[0]>) =>
      db.send(new ExportTableToPointInTimeCommand({ TableArn: arn, S3Bucket: "exports-e2e", ...input }));
    expect(await failure(exportOf({}))).toEqual({
      name: "PointInTimeRecoveryUnavailableException",
      message: `Point in time recovery is not enabled for table '${TableName}'`,
    });
    expect(await failure(exportOf({ TableArn: TableName }))).toEqual({
      name: "ValidationException",
      message: "One or more parameter values were invalid: tableArn is not a valid ARN",
    });
    expect(await failure(exportOf({ TableArn: `${arn}/index/gsi` }))).toEqual({
      name: "ValidationException",
      message: "Invalid Request: Table ARN is invalid.",
    });
    expect(await failure(exportOf({ TableArn: ACCOUNT_ARN("nope-missing") }))).toEqual({
      name: "TableNotFoundException",
      message: `Table not found: ${ACCOUNT_ARN("nope-missing")}`,
    });
    expect(await failure(exportOf({ TableArn: arn.replace("000000000000", "111111111111") }))).toEqual({
      name: "AccessDeniedException",
      message: "Access is denied",
    });
    expect(await failure(exportOf({ ExportFormat: "ION" }))).toEqual({
      name: "ValidationException",
      message:
        "1 validation error detected: Value 'ION' at 'exportFormat' failed to satisfy constraint: Member must satisfy enum value set: [DYNAMODB_JSON]",
    });
    await db.send(
      new UpdateContinuousBackupsCommand({
        TableName,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    );
    expect(await failure(exportOf({ ExportTime: new Date(Date.now() + 3_600_000) }))).toEqual({
      name: "InvalidExportTimeException",
      message: "Export Time is invalid",
    });
    // A bucket name S3 refuses passes the request's pattern and names no bucket.
    const badBucket = (await exportOf({ S3Bucket: "Not_A_Bucket" })).ExportDescription!;
    expect(await exportDone(badBucket.ExportArn!)).toMatchObject({
      ExportStatus: "FAILED",
      FailureCode: "S3NoSuchBucket",
      FailureMessage: "The specified bucket does not exist",
    });
    const unknownExport = `${arn}/export/01234567890123-0123abcd`;
    expect(await failure(db.send(new DescribeExportCommand({ ExportArn: unknownExport })))).toEqual({
      name: "ExportNotFoundException",
      message: `Export not found: Export not found: ${unknownExport}`,
    });
    expect(await failure(db.send(new DescribeExportCommand({ ExportArn: `${arn}/index/some-index-x` })))).toEqual({
      name: "ValidationException",
      message: "Invalid Export ARN",
    });
    const second = (await exportOf({ S3Prefix: "second" })).ExportDescription!;
    const first = await db.send(new ListExportsCommand({ TableArn: arn, MaxResults: 1 }));
    expect(first.ExportSummaries?.map((s) => s.ExportArn)).toEqual([second.ExportArn]);
    expect(first.NextToken).toMatch(/^([0-9a-f]{16})+$/);
    const rest = await db.send(new ListExportsCommand({ TableArn: arn, NextToken: first.NextToken }));
    expect(rest.ExportSummaries?.map((s) => s.ExportArn)).toEqual([badBucket.ExportArn]);
    expect(await failure(db.send(new ListImportsCommand({ NextToken: first.NextToken })))).toEqual({
      name: "ValidationException",
      message: `Invalid Request: Provided nextToken is invalid: ${first.NextToken}`,
    });
    await exportDone(second.ExportArn!);

    // Imports.
    expect(
      await failure(
        db.send(
          new ImportTableCommand({
            S3BucketSource: { S3Bucket: "exports-e2e" },
            InputFormat: "DYNAMODB_JSON",
            TableCreationParameters: keyedByPk(TableName),
          }),
        ),
      ),
    ).toEqual({ name: "ResourceInUseException", message: `Table already exists: ${TableName}` });
    expect(
      await failure(
        db.send(
          new ImportTableCommand({
            S3BucketSource: { S3Bucket: "exports-e2e" },
            InputFormat: "DYNAMODB_JSON",
            InputFormatOptions: { Csv: { Delimiter: ";" } },
            TableCreationParameters: keyedByPk(uniqueTableName("opts")),
          }),
        ),
      ),
    ).toEqual({
      name: "ValidationException",
      message: "Invalid Request: Unsupported InputFormatOptions for the given input format: DYNAMODB_JSON.",
    });
    const noBucketTable = uniqueTableName("no_bucket");
    const noBucket = await db.send(
      new ImportTableCommand({
        S3BucketSource: { S3Bucket: "no-such-bucket-e2e" },
        InputFormat: "DYNAMODB_JSON",
        TableCreationParameters: keyedByPk(noBucketTable),
      }),
    );
    expect(await importDone(noBucket.ImportTableDescription!.ImportArn!)).toMatchObject({
      ImportStatus: "FAILED",
      FailureCode: "S3NoSuchBucket",
    });
    expect((await failure(db.send(new DescribeTableCommand({ TableName: noBucketTable })))).name).toBe(
      "ResourceNotFoundException",
    );
    expect(
      await failure(db.send(new DescribeImportCommand({ ImportArn: `${arn}/export/01234567890123-0123abcd` }))),
    ).toEqual({
      name: "ValidationException",
      message: "Invalid Import ARN",
    });
    const unknownImport = `${arn}/import/01234567890123-0123abcd`;
    expect((await failure(db.send(new DescribeImportCommand({ ImportArn: unknownImport })))).name).toBe(
      "ImportNotFoundException",
    );

    // A ClientToken names its import: other table parameters conflict.
    await upload("tokens-e2e", "one.json", `${JSON.stringify({ Item: { pk: { S: "x" } } })}\n`);
    const target = uniqueTableName("tok");
    const input = {
      ClientToken: `tok-${target}`,
      S3BucketSource: { S3Bucket: "tokens-e2e" },
      InputFormat: "DYNAMODB_JSON" as const,
      TableCreationParameters: keyedByPk(target),
    };
    const one = (await db.send(new ImportTableCommand(input))).ImportTableDescription!;
    expect(
      await failure(db.send(new ImportTableCommand({ ...input, TableCreationParameters: keyedByPk(`${target}x`) }))),
    ).toEqual({
      name: "ImportConflictException",
      message: "Import conflict: Duplicate request detected with conflicting parameters",
    });
    await importDone(one.ImportArn!);
    expect(await failure(db.send(new ImportTableCommand(input)))).toEqual({
      name: "ResourceInUseException",
      message: `Table already exists: ${target}`,
    });
    const byTable = await db.send(new ListImportsCommand({ TableArn: ACCOUNT_ARN(target) }));
    expect(byTable.ImportSummaryList).toEqual([
      expect.objectContaining({
        ImportArn: one.ImportArn,
        ImportStatus: "COMPLETED",
        TableArn: ACCOUNT_ARN(target),
        InputFormat: "DYNAMODB_JSON",
      }),
    ]);
    const paged = await db.send(new ListImportsCommand({ PageSize: 1 }));
    expect(paged.ImportSummaryList).toHaveLength(1);
    expect(paged.NextToken).toBeDefined();
    const next = await db.send(new ListImportsCommand({ PageSize: 25, NextToken: paged.NextToken }));
    expect(next.ImportSummaryList?.map((s) => s.ImportArn)).not.toContain(paged.ImportSummaryList?.[0].ImportArn);
  }, 90_000);
});
