import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { exportArn, importArn, jobId, parseJobArn, tableArnOfJob } from "../../../../shared/api/job-arns";
import { s3BucketNameOk } from "../../../../shared/export-format/bucket-names";
import { gunzip, gzip } from "../../../../shared/export-format/gzip";
import {
  dataFileName,
  exportedFile,
  exportFolder,
  itemLine,
  manifestFiles,
  manifestSummary,
  md5File,
} from "../../../../shared/export-format/manifests";
import { md5 } from "../../../../shared/export-format/md5";

const TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/ProductCatalog";
const nodeMd5 = (bytes: Uint8Array | string) => createHash("md5").update(bytes).digest();

describe("md5", () => {
  it("is RFC 1321's digest at every padding boundary", () => {
    for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 1000, 100_003]) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 255);
      expect(Buffer.from(md5(bytes)).toString("hex")).toBe(nodeMd5(bytes).toString("hex"));
    }
    expect(Buffer.from(md5(new TextEncoder().encode("abc"))).toString("hex")).toBe("900150983cd24fb0d6963f7d28e17f72");
  });
});

describe("export and import ARNs", () => {
  it("names an export and an import by the table, the start time in 14 digits and 8 hex digits, as the guide's examples", () => {
    const id = jobId(1_604_474_914_028, "a1b2c3d4");
    expect(id).toBe("01604474914028-a1b2c3d4");
    expect(exportArn(TABLE, id)).toBe(`${TABLE}/export/01604474914028-a1b2c3d4`);
    expect(importArn(TABLE, id)).toBe(`${TABLE}/import/01604474914028-a1b2c3d4`);
  });

  it("parses a job ARN of its kind only", () => {
    const arn = exportArn(TABLE, jobId(1, "0000abcd"));
    expect(parseJobArn(arn, "export")).toEqual({
      partition: "aws",
      service: "dynamodb",
      region: "us-east-1",
      account: "123456789012",
      tableName: "ProductCatalog",
      id: "00000000000001-0000abcd",
    });
    expect(parseJobArn(arn, "import")).toBeUndefined();
    expect(parseJobArn(TABLE, "export")).toBeUndefined();
    expect(parseJobArn(`${TABLE}/export/123-abc`, "export")).toBeUndefined();
    expect(tableArnOfJob(arn)).toBe(TABLE);
  });
});

describe("export files", () => {
  it("puts an export's files under <prefix>/AWSDynamoDB/<id>, without empty prefix segments", () => {
    expect(exportFolder(undefined, "01-x")).toBe("AWSDynamoDB/01-x");
    expect(exportFolder("2020-Nov", "01-x")).toBe("2020-Nov/AWSDynamoDB/01-x");
    expect(exportFolder("/foo/bar/", "01-x")).toBe("foo/bar/AWSDynamoDB/01-x");
  });

  it("names a data file with 26 lower-case base32 characters of its 16 random bytes", () => {
    expect(dataFileName(new Uint8Array(16))).toBe("a".repeat(26));
    expect(dataFileName(new Uint8Array(16).fill(255))).toBe(`${"7".repeat(25)}4`);
    expect(dataFileName(crypto.getRandomValues(new Uint8Array(16)))).toMatch(/^[a-z2-7]{26}$/);
  });

  it("writes an item as a JSON line under Item", () => {
    expect(itemLine('{"pk":{"S":"a"}}')).toBe('{"Item":{"pk":{"S":"a"}}}\n');
  });

  it("lists a data file with its item count, base64 MD5, one-part multipart ETag and key", () => {
    const bytes = new TextEncoder().encode("hello");
    const file = exportedFile("AWSDynamoDB/01-x/data/abc.json.gz", bytes, 3);
    const digest = nodeMd5(bytes);
    expect(file).toEqual({
      key: "AWSDynamoDB/01-x/data/abc.json.gz",
      itemCount: 3,
      md5Checksum: digest.toString("base64"),
      etag: `${nodeMd5(digest).toString("hex")}-1`,
    });
    expect(manifestFiles([file, { ...file, itemCount: 0, key: "k2" }])).toBe(
      `{"itemCount":3,"md5Checksum":"${file.md5Checksum}","etag":"${file.etag}","dataFileS3Key":"AWSDynamoDB/01-x/data/abc.json.gz"}\n` +
        `{"itemCount":0,"md5Checksum":"${file.md5Checksum}","etag":"${file.etag}","dataFileS3Key":"k2"}\n`,
    );
  });

  it("writes the summary manifest's members in the documented order, absent ones null, times in ISO with milliseconds", () => {
    const text = manifestSummary({
      exportArn: `${TABLE}/export/01604474914028-a1b2c3d4`,
      startTime: Date.UTC(2020, 10, 4, 7, 28, 34, 28),
      endTime: Date.UTC(2020, 10, 4, 7, 33, 43, 897),
      tableArn: TABLE,
      tableId: "12345a12-abcd-123a-ab12-1234abc12345",
      exportTime: Date.UTC(2020, 10, 4, 7, 28, 34, 28),
      s3Bucket: "ddb-productcatalog-export",
      s3SseAlgorithm: "AES256",
      manifestFilesS3Key: "AWSDynamoDB/01604474914028-a1b2c3d4/manifest-files.json",
      billedSizeBytes: 0,
      itemCount: 8,
      outputFormat: "DYNAMODB_JSON",
    });
    expect(text).toBe(
      `{"version":"2020-06-30","exportArn":"${TABLE}/export/01604474914028-a1b2c3d4","startTime":"2020-11-04T07:28:34.028Z","endTime":"2020-11-04T07:33:43.897Z","tableArn":"${TABLE}","tableId":"12345a12-abcd-123a-ab12-1234abc12345","exportTime":"2020-11-04T07:28:34.028Z","s3Bucket":"ddb-productcatalog-export","s3Prefix":null,"s3SseAlgorithm":"AES256","s3SseKmsKeyId":null,"manifestFilesS3Key":"AWSDynamoDB/01604474914028-a1b2c3d4/manifest-files.json","billedSizeBytes":0,"itemCount":8,"outputFormat":"DYNAMODB_JSON"}`,
    );
    expect(md5File(text)).toBe(nodeMd5(text).toString("base64"));
    expect(md5File(text)).toHaveLength(24);
  });

  it("gzips what gunzip (and Node's zlib) reads back; an empty partition is a gzip of nothing", async () => {
    const text = new TextEncoder().encode(itemLine('{"pk":{"S":"a"}}'));
    const zipped = await gzip(text);
    expect(gunzipSync(zipped).toString()).toBe('{"Item":{"pk":{"S":"a"}}}\n');
    expect(await gunzip(zipped)).toEqual(text);
    expect(gunzipSync(await gzip(new Uint8Array(0))).length).toBe(0);
    expect(await gunzip(text)).toBeUndefined();
  });
});

describe("S3 bucket names", () => {
  it.each([
    ["ddb-productcatalog-export", true],
    ["a.b-c1", true],
    ["ab", false],
    ["Upper", false],
    ["under_score", false],
    ["-leading", false],
    ["two..dots", false],
    ["192.168.5.4", false],
    ["xn--punycode", false],
    ["bucket-s3alias", false],
    ["_dynaflare", false],
    ["x".repeat(64), false],
  ])("%s is %s", (name, ok) => {
    expect(s3BucketNameOk(name)).toBe(ok);
  });
});
