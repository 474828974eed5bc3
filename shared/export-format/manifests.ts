/**
 * What an export writes besides its items, as DynamoDB writes it, under
 * `<S3Prefix>/AWSDynamoDB/<export id>/` of its bucket:
 * - `_started`, empty, first;
 * - `data/<26 base32 characters>.json.gz`, one per partition of the table at the export's time
 *   (empty partitions too: a gzip of nothing), each item a line `{"Item":{…}}`;
 * - `manifest-files.json`: JSON lines, one per data file, `{"itemCount","md5Checksum","etag","dataFileS3Key"}`;
 * - `manifest-summary.json`: one JSON object (version 2020-06-30, the export's ARN, times in ISO 8601
 *   with milliseconds, table, bucket, prefix, encryption, the files manifest's key, sizes, format);
 * - `manifest-files.md5` and `manifest-summary.md5`: each the base64 MD5 of its manifest (24 characters).
 * Keys in the manifests are the bucket's keys (the prefix included). A data file's `md5Checksum` is
 * its base64 MD5, its `etag` an S3 multipart ETag of one part (hex MD5 of the MD5, `-1`).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html
 */
import { base64, hex, md5 } from "./md5";

const encoder = new TextEncoder();

/** The prefix's segments without empty ones (`foo/` and `/foo` are `foo`, as S3 keys the service writes show). */
export const prefixSegments = (prefix: string | undefined) => (prefix ?? "").split("/").filter((s) => s !== "");

/** The bucket-relative folder of export `id` under `prefix`: `<prefix>/AWSDynamoDB/<id>`. */
export const exportFolder = (prefix: string | undefined, id: string) =>
  [...prefixSegments(prefix), "AWSDynamoDB", id].join("/");

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** A data file's name (without `.json.gz`): 26 lower-case base32 characters of 16 random bytes. */
export function dataFileName(random: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let name = "";
  for (const byte of random) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      name += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) name += BASE32[(value << (5 - bits)) & 31];
  return name;
}

/** One item's line of a DYNAMODB_JSON data file; `item` is the item's DynamoDB JSON. */
export const itemLine = (item: string) => `{"Item":${item}}\n`;

/** A data file as the files manifest lists it. */
export interface ExportedFile {
  /** The bucket-relative key. */
  key: string;
  itemCount: number;
  /** Base64 MD5 of the file's bytes. */
  md5Checksum: string;
  etag: string;
}

/** The manifest entry of a data file of `bytes` holding `itemCount` items under `key`. */
export function exportedFile(key: string, bytes: Uint8Array, itemCount: number): ExportedFile {
  const digest = md5(bytes);
  return { key, itemCount, md5Checksum: base64(digest), etag: `${hex(md5(digest))}-1` };
}

/** `manifest-files.json`: a JSON line per data file, in order. */
export const manifestFiles = (files: readonly ExportedFile[]) =>
  files
    .map(
      (f) =>
        `${JSON.stringify({ itemCount: f.itemCount, md5Checksum: f.md5Checksum, etag: f.etag, dataFileS3Key: f.key })}\n`,
    )
    .join("");

/** What `manifest-summary.json` says of an export; times in epoch ms. */
export interface ExportSummary {
  exportArn: string;
  startTime: number;
  endTime: number;
  tableArn: string;
  tableId: string;
  exportTime: number;
  s3Bucket: string;
  s3Prefix?: string;
  s3SseAlgorithm: string;
  s3SseKmsKeyId?: string;
  manifestFilesS3Key: string;
  billedSizeBytes: number;
  itemCount: number;
  outputFormat: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** `manifest-summary.json`, its members in the documented order, absent optional ones null. */
export const manifestSummary = (s: ExportSummary) =>
  JSON.stringify({
    version: "2020-06-30",
    exportArn: s.exportArn,
    startTime: iso(s.startTime),
    endTime: iso(s.endTime),
    tableArn: s.tableArn,
    tableId: s.tableId,
    exportTime: iso(s.exportTime),
    s3Bucket: s.s3Bucket,
    s3Prefix: s.s3Prefix ?? null,
    s3SseAlgorithm: s.s3SseAlgorithm,
    s3SseKmsKeyId: s.s3SseKmsKeyId ?? null,
    manifestFilesS3Key: s.manifestFilesS3Key,
    billedSizeBytes: s.billedSizeBytes,
    itemCount: s.itemCount,
    outputFormat: s.outputFormat,
  });

/** A manifest's `.md5` file: the base64 MD5 of its text. */
export const md5File = (text: string) => base64(md5(encoder.encode(text)));
