/**
 * A table's streams as its catalog entry keeps them, and the changes StreamSpecification makes to
 * them (CreateTable, UpdateTable), by DynamoDB's rules:
 * - enabling makes a new stream, labelled by the time it was enabled
 *   (`2026-12-07T07:45:00.000`, UTC, as DynamoDB's labels); a table takes one enabled stream at a
 *   time, so changing the view type is disabling then enabling, which makes another stream;
 * - a disabled stream stays readable for the retention (24 hours), then is forgotten.
 * Messages: docs/dynamodb-messages.md, "Streams".
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.Enabling
 */
import { ValidationException } from "../errors";

export const STREAM_VIEW_TYPES = ["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"] as const;
export type StreamViewType = (typeof STREAM_VIEW_TYPES)[number];

/** StreamSpecification as the requests carry it (validated: a view type exactly when enabled). */
export interface StreamSpecification {
  StreamEnabled: boolean;
  StreamViewType?: string;
}

/** One stream of a table. */
export interface StreamMeta {
  label: string;
  viewType: StreamViewType;
  /** Epoch ms: when it was enabled (its label's time). */
  createdAt: number;
  /** Epoch ms: when it was disabled; absent while it is enabled. */
  disabledAt?: number;
}

/** The label of a stream enabled at `ms`: its ISO time, UTC, without the zone. */
export const streamLabel = (ms: number) => new Date(ms).toISOString().slice(0, -1);

/** The ARN of the stream labelled `label` of the table `tableArn`. */
export const streamArn = (tableArn: string, label: string) => `${tableArn}/stream/${label}`;

/** The enabled stream among `streams`, if any (always the latest). */
export function enabledStream(streams: readonly StreamMeta[] | undefined): StreamMeta | undefined {
  const latest = streams?.at(-1);
  return latest && latest.disabledAt === undefined ? latest : undefined;
}

/** The streams still readable at `now`: the enabled one, and those disabled within `retentionMs`. */
export function liveStreams(
  streams: readonly StreamMeta[] | undefined,
  now: number,
  retentionMs: number,
): StreamMeta[] {
  return (streams ?? []).filter((s) => s.disabledAt === undefined || now - s.disabledAt < retentionMs);
}

/** A new stream enabled at `now`, after `streams`: its label is later than theirs, even within one millisecond. */
function newStream(streams: readonly StreamMeta[] | undefined, viewType: string, now: number): StreamMeta {
  const last = streams?.at(-1)?.createdAt ?? 0;
  const createdAt = Math.max(now, last + 1);
  return { label: streamLabel(createdAt), viewType: viewType as StreamViewType, createdAt };
}

/** The streams of a table created at `now` with `specification` (validated). */
export function createdStreams(specification: StreamSpecification | undefined, now: number): StreamMeta[] | undefined {
  if (!specification?.StreamEnabled) return undefined;
  return [newStream(undefined, specification.StreamViewType!, now)];
}

/**
 * The streams of table `tableName` after UpdateTable's `specification` (validated) at `now`, or
 * DynamoDB's ValidationException: enabling while a stream is enabled, disabling while none is.
 * Streams disabled longer ago than `retentionMs` are forgotten.
 */
export function changedStreams(
  tableName: string,
  streams: readonly StreamMeta[] | undefined,
  specification: StreamSpecification,
  now: number,
  retentionMs: number,
): StreamMeta[] {
  const enabled = enabledStream(streams);
  const live = liveStreams(streams, now, retentionMs);
  if (specification.StreamEnabled) {
    if (enabled) throw new ValidationException(`Table already has an enabled stream: TableName: ${tableName}`);
    return [...live, newStream(streams, specification.StreamViewType!, now)];
  }
  if (!enabled) throw new ValidationException(`Table has no stream to disable: TableName: ${tableName}`);
  return live.map((s) => (s === enabled ? { ...s, disabledAt: now } : s));
}

/** DescribeTable's stream members: the enabled stream's specification, and the latest stream's label and ARN. */
export interface StreamDescription {
  StreamSpecification?: { StreamEnabled: true; StreamViewType: StreamViewType };
  LatestStreamLabel?: string;
  LatestStreamArn?: string;
}

export function describeStreams(tableArn: string, streams: readonly StreamMeta[] | undefined): StreamDescription {
  const latest = streams?.at(-1);
  if (!latest) return {};
  return {
    ...(latest.disabledAt === undefined
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: latest.viewType } }
      : {}),
    LatestStreamLabel: latest.label,
    LatestStreamArn: streamArn(tableArn, latest.label),
  };
}
