/**
 * Loading an import's files into its table, run by the metadata object's alarm (./alarm.ts) once
 * the table's replicas are configured (./activation.ts sets `importing.loading`):
 * 1. the bucket's keys that start with S3KeyPrefix (a raw prefix: `data` takes `data2/x` too),
 *    in order;
 * 2. file by file: gunzipped if asked (a file that is no gzip stream counts as one item in error),
 *    read into records (shared/export-format/import-records.ts), each checked as PutItem checks
 *    an item (shared/export-format/imported-item.ts) and written through the table's partition
 *    leaders as a restore writes (./restores.ts `Loader`), its counts kept in the record once the
 *    whole file is written (a file loaded again after a restart writes the same items);
 * 3. once its global indexes are fed, the table ACTIVE, and the import COMPLETED, or FAILED
 *    (ItemValidationError) when any line or file was in error: the valid items stay imported, as
 *    the service's do.
 * A round reads files for IMPORT_ROUND_MS at most.
 */
import type { ScalarAttributeType } from "../../shared/api/attribute-value";
import { type Failure, ITEM_VALIDATION_ERROR } from "../../shared/api/operations/export-import-errors";
import type { ImportCounts } from "../../shared/api/operations/import-descriptions";
import { keySchemaOf, type TableMeta } from "../../shared/api/table";
import { extractKey } from "../../shared/api/validate-values";
import { gunzip } from "../../shared/export-format/gzip";
import { csvRecords, dynamoJsonRecords, type ImportRecord } from "../../shared/export-format/import-records";
import { importedItem } from "../../shared/export-format/imported-item";
import { indexShapes } from "../../shared/indexes/entries";
import { type Archive, archiveOf } from "../archive/archive";
import type { LoadChange } from "../replica/restore-load";
import type { MetadataHost } from "./host";
import type { StoredImport } from "./job-records";
import { indexesFed, Loader } from "./restores";

/** How long one alarm round reads files before it lets the alarm come back. */
const IMPORT_ROUND_MS = 5_000;
/** How many items go to the leaders at once. */
const BATCH = 500;
/** Why an import whose table was deleted while it loaded ends (this server's own words). */
const TABLE_GONE: Failure = { code: "TableNotFound", message: "The table being imported into was deleted" };

const decoder = new TextDecoder();

/** Loads the imports IN_PROGRESS, for a round. At exit: whether any is still in progress. */
export async function advanceImports(host: MetadataHost): Promise<boolean> {
  const until = host.clock.now() + IMPORT_ROUND_MS;
  for (const record of host.catalog.importsInProgress()) {
    await advance(host, record, until).catch((error) => console.error("import", record.arn, error));
  }
  return host.catalog.importsInProgress().length > 0;
}

async function advance(host: MetadataHost, record: StoredImport, until: number): Promise<void> {
  const { catalog } = host;
  const table = catalog.getTable(record.tableName);
  const map = table && catalog.getMap(table.id);
  if (!table || !map || table.id !== record.tableId) return end(host, record, TABLE_GONE);
  if (!table.importing?.loading) return;
  const archive = archiveOf(host.env);
  const { S3Bucket: bucket, S3KeyPrefix: prefix = "" } = record.request.s3BucketSource;
  if (!record.files) {
    const folder = [
      bucket,
      ...prefix
        .split("/")
        .slice(0, -1)
        .filter((s) => s !== ""),
    ].join("/");
    const keys = (await archive.list(folder)).map((key) => key.slice(bucket.length + 1));
    record.files = keys.filter((key) => key.startsWith(prefix));
    catalog.putImport(record);
  }
  const loader = new Loader(host, table, map);
  while (record.read < record.files.length) {
    if (host.clock.now() >= until) return;
    const counts = await loadFile(archive, `${bucket}/${record.files[record.read]}`, record, table, loader);
    record.processedItemCount += counts.processedItemCount;
    record.processedSizeBytes += counts.processedSizeBytes;
    record.importedItemCount += counts.importedItemCount;
    record.errorCount += counts.errorCount;
    for (const [id, lsn] of loader.lsns) record.lsns = { ...record.lsns, [id]: Math.max(record.lsns?.[id] ?? 0, lsn) };
    record.read++;
    catalog.putImport(record);
  }
  // The table goes ACTIVE with its global indexes built, as a restored one.
  if (!(await indexesFed(host, table, map, record.lsns ?? {}))) return;
  return end(host, record, record.errorCount > 0 ? ITEM_VALIDATION_ERROR : undefined);
}

/** Reads one file and writes its valid items. At exit: its counts. */
async function loadFile(
  archive: Archive,
  key: string,
  record: StoredImport,
  table: TableMeta,
  loader: Loader,
): Promise<ImportCounts> {
  const counts: ImportCounts = { processedItemCount: 0, processedSizeBytes: 0, importedItemCount: 0, errorCount: 0 };
  const stored = await archive.get(key);
  if (!stored || stored.length === 0) return counts;
  const bytes = record.request.inputCompressionType === "GZIP" ? await gunzip(stored) : stored;
  if (!bytes) return { ...counts, processedItemCount: 1, processedSizeBytes: stored.length, errorCount: 1 };
  const schema = keySchemaOf(table);
  const indexes = indexShapes(table);
  let batch: LoadChange[] = [];
  for (const read of recordsOf(decoder.decode(bytes), record, table)) {
    counts.processedItemCount++;
    counts.processedSizeBytes += read.bytes;
    if ("error" in read) {
      counts.errorCount++;
      continue;
    }
    try {
      const item = importedItem(read.attributes, schema, indexes);
      batch.push({ key: extractKey(item, schema), item: JSON.stringify(item) });
      counts.importedItemCount++;
    } catch {
      counts.errorCount++;
      continue;
    }
    if (batch.length >= BATCH) {
      await loader.send(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await loader.send(batch);
  return counts;
}

/** The records of a file's text in the import's format. */
function recordsOf(text: string, record: StoredImport, table: TableMeta): Iterable<ImportRecord> {
  if (record.request.inputFormat !== "CSV") return dynamoJsonRecords(text);
  const csv = record.request.inputFormatOptions?.Csv;
  const types = new Map<string, ScalarAttributeType>(
    table.attributeDefinitions.map((d) => [d.AttributeName, d.AttributeType]),
  );
  return csvRecords(text, csv?.Delimiter ?? ",", csv?.HeaderList, types);
}

/** Ends the import (FAILED with `failure`, else COMPLETED) and makes its table ACTIVE. */
function end(host: MetadataHost, record: StoredImport, failure?: Failure): void {
  const { catalog } = host;
  const { files: _files, ...rest } = record;
  const ended: StoredImport = {
    ...rest,
    status: failure ? "FAILED" : "COMPLETED",
    endTime: host.clock.now(),
    ...(failure && { failure }),
  };
  const table = catalog.getTable(record.tableName);
  host.transaction(() => {
    catalog.putImport(ended);
    if (table?.id !== record.tableId || !table.importing) return;
    const { importing: _importing, ...settled } = table;
    catalog.putTable({ ...settled, status: "ACTIVE" });
  });
}
