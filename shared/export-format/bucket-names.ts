/**
 * Amazon S3's rules for a general purpose bucket's name. The export and import requests only
 * check the API model's pattern (exports.ts, imports.ts); a name past it that S3 refuses names no
 * bucket, and its export or import ends FAILED with S3NoSuchBucket, as the service's would. Here,
 * where a bucket is a top-level folder of the archive, this also keeps the archive's own folders
 * (`_dynaflare`) out of reach.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */

const SHAPE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** Whether S3 would take `name` as a bucket's name. */
export function s3BucketNameOk(name: string): boolean {
  return (
    SHAPE.test(name) &&
    !name.includes("..") &&
    !IP_ADDRESS.test(name) &&
    !RESERVED_PREFIXES.some((p) => name.startsWith(p)) &&
    !RESERVED_SUFFIXES.some((s) => name.endsWith(s))
  );
}
