import { describe, expect, it } from "vitest";
import { ValidationException } from "../../../../../shared/api/errors";
import {
  changedStreams,
  createdStreams,
  describeStreams,
  enabledStream,
  liveStreams,
  streamLabel,
} from "../../../../../shared/api/streams/stream-meta";

const DAY = 24 * 3600_000;
const T0 = Date.UTC(2026, 11, 7, 7, 45, 0, 0);
const ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/t";

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof ValidationException ? error.message : error;
  }
  return undefined;
};

describe("stream labels", () => {
  it("is the ISO time of enabling, UTC, without the zone", () => {
    expect(streamLabel(T0 + 123)).toBe("2026-12-07T07:45:00.123");
  });
});

describe("CreateTable's stream", () => {
  it("makes one enabled stream when asked, none otherwise", () => {
    expect(createdStreams({ StreamEnabled: true, StreamViewType: "KEYS_ONLY" }, T0)).toEqual([
      { label: streamLabel(T0), viewType: "KEYS_ONLY", createdAt: T0 },
    ]);
    expect(createdStreams({ StreamEnabled: false }, T0)).toBeUndefined();
    expect(createdStreams(undefined, T0)).toBeUndefined();
  });
});

describe("UpdateTable's stream changes", () => {
  const enabled = createdStreams({ StreamEnabled: true, StreamViewType: "NEW_IMAGE" }, T0)!;

  it("refuses a second enabled stream, whatever its view type, and disabling none", () => {
    for (const StreamViewType of ["NEW_IMAGE", "KEYS_ONLY"]) {
      expect(refusal(() => changedStreams("t", enabled, { StreamEnabled: true, StreamViewType }, T0 + 1, DAY))).toBe(
        "Table already has an enabled stream: TableName: t",
      );
    }
    expect(refusal(() => changedStreams("t", undefined, { StreamEnabled: false }, T0, DAY))).toBe(
      "Table has no stream to disable: TableName: t",
    );
    const disabled = changedStreams("t", enabled, { StreamEnabled: false }, T0 + 5, DAY);
    expect(refusal(() => changedStreams("t", disabled, { StreamEnabled: false }, T0 + 6, DAY))).toBe(
      "Table has no stream to disable: TableName: t",
    );
  });

  it("disabling keeps the stream, marked; enabling again makes a new one with a later label, even in the same millisecond", () => {
    const disabled = changedStreams("t", enabled, { StreamEnabled: false }, T0, DAY);
    expect(disabled).toEqual([{ ...enabled[0], disabledAt: T0 }]);
    expect(enabledStream(disabled)).toBeUndefined();
    const again = changedStreams("t", disabled, { StreamEnabled: true, StreamViewType: "KEYS_ONLY" }, T0, DAY);
    expect(again).toHaveLength(2);
    expect(again[1]).toEqual({ label: streamLabel(T0 + 1), viewType: "KEYS_ONLY", createdAt: T0 + 1 });
    expect(enabledStream(again)).toBe(again[1]);
  });

  it("forgets streams disabled longer ago than the retention", () => {
    const disabled = changedStreams("t", enabled, { StreamEnabled: false }, T0, DAY);
    expect(liveStreams(disabled, T0 + DAY - 1, DAY)).toHaveLength(1);
    expect(liveStreams(disabled, T0 + DAY, DAY)).toEqual([]);
    const later = changedStreams("t", disabled, { StreamEnabled: true, StreamViewType: "KEYS_ONLY" }, T0 + DAY, DAY);
    expect(later.map((s) => s.viewType)).toEqual(["KEYS_ONLY"]);
  });
});

describe("DescribeTable's stream members", () => {
  it("shows the enabled stream's specification, and the latest stream's label and ARN even once disabled", () => {
    const enabled = createdStreams({ StreamEnabled: true, StreamViewType: "OLD_IMAGE" }, T0)!;
    const label = streamLabel(T0);
    expect(describeStreams(ARN, enabled)).toEqual({
      StreamSpecification: { StreamEnabled: true, StreamViewType: "OLD_IMAGE" },
      LatestStreamLabel: label,
      LatestStreamArn: `${ARN}/stream/${label}`,
    });
    const disabled = changedStreams("t", enabled, { StreamEnabled: false }, T0 + 1, DAY);
    expect(describeStreams(ARN, disabled)).toEqual({
      LatestStreamLabel: label,
      LatestStreamArn: `${ARN}/stream/${label}`,
    });
    expect(describeStreams(ARN, undefined)).toEqual({});
  });
});
