/**
 * The names and texts of DynamoDB Streams as a reader sees them: shard ids, sequence numbers,
 * shard iterators and stream records. Pure.
 *
 * - A shard is a partition's part of a stream: `shardId-<20 digits: the stream's creation, epoch
 *   ms>-<8 hex digits of the partition's id>` (DynamoDB's shape). A sequence number is the lsn of
 *   the partition's record that made the change, 21 digits.
 * - An iterator is `<stream ARN>|001|<base64 of "<shard id>|<21-digit position>|<20-digit issue
 *   time, epoch ms>">` (DynamoDB Local's shape): it reads the records after `position` and expires
 *   15 minutes after it was issued.
 * - A record's images follow the stream's view type; its SizeBytes is the size of its Keys and of
 *   the images it carries, by DynamoDB's item size rules (measured against DynamoDB Local).
 * @see https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/API_StreamRecord.html
 */
import { decodeBase64, encodeBase64 } from "../base64";
import { ExpiredIteratorException, ValidationException } from "../errors";
import { itemSize } from "../item-size";
import type { StreamViewType } from "./stream-meta";

/** TrimmedDataAccessException's words: an iterator or sequence number of records trimmed past the retention. */
export const TRIMMED_MESSAGE = "The data you are trying to access has been trimmed";

/** How long a shard iterator may be used. */
export const ITERATOR_LIFETIME_MS = 15 * 60_000;

const pad = (n: number, digits: number) => String(n).padStart(digits, "0");

/** The sequence number of the change made by record `lsn`. */
export const sequenceNumber = (lsn: number) => pad(lsn, 21);

/** The lsn a sequence number stands for (validated: digits only). */
export const lsnOf = (sequence: string) => Number(sequence);

/** The 8 hex digits naming a partition in its shard ids: FNV-1a of its id. */
function partitionTag(partitionId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < partitionId.length; i++) {
    hash ^= partitionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** The shard id of partition `partitionId`'s part of the stream created at `createdAt`. */
export const shardId = (createdAt: number, partitionId: string) =>
  `shardId-${pad(createdAt, 20)}-${partitionTag(partitionId)}`;

/** Where an iterator reads: its stream, its shard, the lsn it reads after, and when it was issued. */
export interface IteratorPosition {
  streamArn: string;
  shardId: string;
  after: number;
  issuedAt: number;
}

const SEPARATOR = "|001|";

export function encodeIterator(position: IteratorPosition): string {
  const inner = `${position.shardId}|${sequenceNumber(position.after)}|${pad(position.issuedAt, 20)}`;
  return position.streamArn + SEPARATOR + encodeBase64(new TextEncoder().encode(inner));
}

const invalidIterator = () => new ValidationException("Invalid ShardIterator");

/** The position iterator `text` stands for; ValidationException when it is not one of ours. */
export function decodeIterator(text: string): IteratorPosition {
  const at = text.indexOf(SEPARATOR);
  if (at < 0) throw invalidIterator();
  let inner: string;
  try {
    inner = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
      decodeBase64(text.slice(at + SEPARATOR.length)),
    );
  } catch {
    throw invalidIterator();
  }
  const match = /^(shardId-\d{20}-[0-9a-f]{8})\|(\d{21})\|(\d{20})$/.exec(inner);
  if (!match) throw invalidIterator();
  return { streamArn: text.slice(0, at), shardId: match[1], after: Number(match[2]), issuedAt: Number(match[3]) };
}

/** Java's `Date.toString()` of `ms`, in UTC, as the service's messages print times. */
function javaDate(ms: number): string {
  const d = new Date(ms);
  const [day, month] = [
    ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()],
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()],
  ];
  const time = d.toISOString().slice(11, 19);
  return `${day} ${month} ${pad(d.getUTCDate(), 2)} ${time} UTC ${d.getUTCFullYear()}`;
}

/** Throws ExpiredIteratorException when an iterator issued at `issuedAt` is too old at `now`. */
export function checkIteratorAge(issuedAt: number, now: number): void {
  if (now - issuedAt <= ITERATOR_LIFETIME_MS) return;
  throw new ExpiredIteratorException(
    `Iterator expired. The iterator was created at time ${javaDate(issuedAt)} while right now it is ${javaDate(now)} which is further in the future than the tolerated delay of ${ITERATOR_LIFETIME_MS} milliseconds.`,
  );
}

/** A change as a partition holds it (workers/replica/protocol.ts StreamRow): images as JSON text with their sizes. */
export interface StoredChange {
  lsn: number;
  at: number;
  event: 1 | 2 | 3;
  keys: string;
  old?: { item: string; size: number };
  new?: { item: string; size: number };
  service?: true;
}

const EVENT_NAMES = { 1: "INSERT", 2: "MODIFY", 3: "REMOVE" } as const;

/** The 32 hex digits of a record's eventID: the same for every read of the same change. */
function eventId(streamArn: string, shard: string, lsn: number): string {
  const text = `${streamArn}/${shard}/${lsn}`;
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  let c = 0x85ebca6b;
  let d = 0xc2b2ae35;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    a = Math.imul(a ^ ch, 0x01000193) >>> 0;
    b = Math.imul(b ^ ch, 0x5bd1e995) >>> 0;
    c = Math.imul(c ^ (ch + i), 0x01000193) >>> 0;
    d = Math.imul(d ^ (ch * 31 + i), 0x5bd1e995) >>> 0;
  }
  return [a, b, c, d].map((n) => n.toString(16).padStart(8, "0")).join("");
}

/**
 * The JSON text of a stream record for `change`, read from shard `shard` of the stream `streamArn`
 * of view type `viewType` in `region`; images spliced in as the partition holds them.
 */
export function recordText(
  change: StoredChange,
  context: { streamArn: string; shard: string; viewType: StreamViewType; region: string },
): string {
  const { viewType } = context;
  const newImage =
    change.new && (viewType === "NEW_IMAGE" || viewType === "NEW_AND_OLD_IMAGES") ? change.new : undefined;
  const oldImage =
    change.old && (viewType === "OLD_IMAGE" || viewType === "NEW_AND_OLD_IMAGES") ? change.old : undefined;
  const size = itemSize(JSON.parse(change.keys)) + (newImage?.size ?? 0) + (oldImage?.size ?? 0);
  const dynamodb =
    `{"ApproximateCreationDateTime":${Math.floor(change.at / 1000)},"Keys":${change.keys}` +
    (newImage ? `,"NewImage":${newImage.item}` : "") +
    (oldImage ? `,"OldImage":${oldImage.item}` : "") +
    `,"SequenceNumber":"${sequenceNumber(change.lsn)}","SizeBytes":${size},"StreamViewType":"${viewType}"}`;
  return (
    `{"eventID":"${eventId(context.streamArn, context.shard, change.lsn)}","eventName":"${EVENT_NAMES[change.event]}",` +
    `"eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":${JSON.stringify(context.region)},` +
    `"dynamodb":${dynamodb}` +
    (change.service ? `,"userIdentity":{"PrincipalId":"dynamodb.amazonaws.com","Type":"Service"}` : "") +
    "}"
  );
}
