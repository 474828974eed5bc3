import { describe, expect, it } from "vitest";
import { ExpiredIteratorException, ValidationException } from "../../../../../shared/api/errors";
import {
  checkIteratorAge,
  decodeIterator,
  encodeIterator,
  ITERATOR_LIFETIME_MS,
  recordText,
  sequenceNumber,
  shardId,
} from "../../../../../shared/api/streams/records";

const ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2026-12-07T07:45:00.000";
const T0 = Date.UTC(2026, 11, 7, 7, 45, 0, 0);

describe("names", () => {
  it("sequence numbers are lsns in 21 digits, shard ids DynamoDB's shape, one per partition", () => {
    expect(sequenceNumber(42)).toBe("000000000000000000042");
    expect(shardId(T0, "p0")).toMatch(/^shardId-0000000\d{13}-[0-9a-f]{8}$/);
    expect(shardId(T0, "p0")).not.toBe(shardId(T0, "p1"));
    expect(shardId(T0, "p0")).not.toBe(shardId(T0 + 1, "p0"));
  });
});

describe("iterators", () => {
  const position = { streamArn: ARN, shardId: shardId(T0, "p2"), after: 17, issuedAt: T0 };

  it("decode to the position they were made from, and start with their stream's ARN", () => {
    const text = encodeIterator(position);
    expect(text.startsWith(`${ARN}|001|`)).toBe(true);
    expect(decodeIterator(text)).toEqual(position);
  });

  it("anything else is Invalid ShardIterator", () => {
    const text = encodeIterator(position);
    for (const bad of [
      "x",
      `${ARN}|001|`,
      `${ARN}|001|!!!`,
      `${ARN}|001|${btoa("shardId-1|2|3")}`,
      text.replace("|001|", "|002|"),
    ]) {
      expect(() => decodeIterator(bad)).toThrow(new ValidationException("Invalid ShardIterator"));
    }
  });

  it("expire 15 minutes after they were issued", () => {
    expect(() => checkIteratorAge(T0, T0 + ITERATOR_LIFETIME_MS)).not.toThrow();
    expect(() => checkIteratorAge(T0, T0 + ITERATOR_LIFETIME_MS + 1)).toThrow(ExpiredIteratorException);
    expect(() => checkIteratorAge(T0, T0 + ITERATOR_LIFETIME_MS + 1)).toThrow(
      "Iterator expired. The iterator was created at time Mon Dec 07 07:45:00 UTC 2026 while right now it is Mon Dec 07 08:00:00 UTC 2026 which is further in the future than the tolerated delay of 900000 milliseconds.",
    );
  });
});

describe("records", () => {
  const keys = JSON.stringify({ pk: { S: "k" } });
  const oldItem = { item: JSON.stringify({ pk: { S: "k" }, v: { N: "1" } }), size: 5 };
  const newItem = { item: JSON.stringify({ pk: { S: "k" }, v: { N: "12345" } }), size: 7 };
  const change = { lsn: 9, at: T0 + 1999, event: 2 as const, keys, old: oldItem, new: newItem };
  const context = (viewType: "KEYS_ONLY" | "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES") => ({
    streamArn: ARN,
    shard: shardId(T0, "p0"),
    viewType,
    region: "eu-west-1",
  });

  it("carry the images of their view type and the size of their keys and images", () => {
    const both = JSON.parse(recordText(change, context("NEW_AND_OLD_IMAGES")));
    expect(both).toEqual({
      eventID: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventName: "MODIFY",
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: "eu-west-1",
      dynamodb: {
        ApproximateCreationDateTime: Math.floor((T0 + 1999) / 1000),
        Keys: { pk: { S: "k" } },
        NewImage: JSON.parse(newItem.item),
        OldImage: JSON.parse(oldItem.item),
        SequenceNumber: "000000000000000000009",
        SizeBytes: 3 + 7 + 5,
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
    });
    const keysOnly = JSON.parse(recordText(change, context("KEYS_ONLY")));
    expect(keysOnly.dynamodb.NewImage).toBeUndefined();
    expect(keysOnly.dynamodb.OldImage).toBeUndefined();
    expect(keysOnly.dynamodb.SizeBytes).toBe(3);
    expect(JSON.parse(recordText(change, context("NEW_IMAGE"))).dynamodb.SizeBytes).toBe(10);
    expect(JSON.parse(recordText(change, context("OLD_IMAGE"))).dynamodb.SizeBytes).toBe(8);
    // The same change read again has the same id; another change another.
    expect(JSON.parse(recordText(change, context("KEYS_ONLY"))).eventID).toBe(both.eventID);
    expect(JSON.parse(recordText({ ...change, lsn: 10 }, context("KEYS_ONLY"))).eventID).not.toBe(both.eventID);
  });

  it("a service's delete names the service", () => {
    const removed = JSON.parse(
      recordText({ lsn: 3, at: T0, event: 3, keys, old: oldItem, service: true }, context("OLD_IMAGE")),
    );
    expect(removed.eventName).toBe("REMOVE");
    expect(removed.userIdentity).toEqual({ PrincipalId: "dynamodb.amazonaws.com", Type: "Service" });
  });
});
