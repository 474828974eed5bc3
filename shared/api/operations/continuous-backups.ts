/**
 * UpdateContinuousBackups and DescribeContinuousBackups (point-in-time recovery): their request
 * shapes, the checks DynamoDB makes before it looks at the table, a table's PITR state after a
 * change, its restorable window, and their answer (`continuousBackupsDescription`).
 *
 * Request checks, in the service's order:
 *   1. the member constraints (schema.ts): TableName (a name or table ARN, then the naming rules),
 *      PointInTimeRecoverySpecification not null, its PointInTimeRecoveryEnabled not null and
 *      RecoveryPeriodInDays from 1 to 35;
 *   2. no RecoveryPeriodInDays when disabling, even 35.
 * As the service behaves (recorded): enabling and disabling are synchronous and idempotent; an
 * enable keeps the window of an enabled table, a disable then enable starts it again; the period
 * defaults to 35 days; ContinuousBackupsStatus is ENABLED; a DISABLED description has no other
 * member; right after an enable EarliestRestorableDateTime == LatestRestorableDateTime == the
 * enable time, and LatestRestorableDateTime then trails the clock by 5 minutes.
 * Sources of each wording: docs/dynamodb-messages.md, "Backups and point-in-time recovery".
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContinuousBackups.html
 */
import { ValidationException } from "../errors";
import { type Members, parseRequest, type Shape } from "../schema";
import type { PitrState } from "../table";
import { invalidRestoreTime, PERIOD_WHEN_DISABLING } from "./backup-errors";
import { checkTableNameOrArn, TABLE_NAME_OR_ARN } from "./backups";

/** The recovery period when a request names none, and the longest. */
export const DEFAULT_RECOVERY_PERIOD_DAYS = 35;
/** How far LatestRestorableDateTime trails the clock (the API reference's "typically 5 minutes"). */
export const LATEST_RESTORABLE_LAG_MS = 300_000;
const DAY_MS = 24 * 3_600_000;

const PITR_SPECIFICATION: Shape = {
  type: "struct",
  name: "PointInTimeRecoverySpecification",
  notNull: true,
  members: {
    PointInTimeRecoveryEnabled: { type: "boolean", notNull: true },
    RecoveryPeriodInDays: { type: "integer", min: 1, max: DEFAULT_RECOVERY_PERIOD_DAYS },
  },
};

const TABLE_NAME: Shape = { ...TABLE_NAME_OR_ARN, required: true };
const UPDATE_MEMBERS: Members = { TableName: TABLE_NAME, PointInTimeRecoverySpecification: PITR_SPECIFICATION };
const DESCRIBE_MEMBERS: Members = { TableName: TABLE_NAME };

export interface UpdateContinuousBackupsRequest {
  /** As sent: a name or a table ARN (backups.ts `tableNameOf`). */
  tableName: string;
  enabled: boolean;
  recoveryPeriodInDays?: number;
}

export function validateUpdateContinuousBackups(body: Record<string, unknown>): UpdateContinuousBackupsRequest {
  const input = parseRequest<{
    TableName: string;
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: boolean; RecoveryPeriodInDays?: number };
  }>(body, UPDATE_MEMBERS);
  checkTableNameOrArn(input.TableName);
  const { PointInTimeRecoveryEnabled: enabled, RecoveryPeriodInDays: period } = input.PointInTimeRecoverySpecification;
  if (!enabled && period !== undefined) throw new ValidationException(PERIOD_WHEN_DISABLING);
  return { tableName: input.TableName, enabled, ...(period !== undefined && { recoveryPeriodInDays: period }) };
}

export function validateDescribeContinuousBackups(body: Record<string, unknown>): { tableName: string } {
  const input = parseRequest<{ TableName: string }>(body, DESCRIBE_MEMBERS);
  checkTableNameOrArn(input.TableName);
  return { tableName: input.TableName };
}

/**
 * The table's PITR state after `request` at `now`; `current` undefined: never configured.
 * Enabling an enabled table keeps `enabledAt` (its window) and takes the request's period, or
 * the default; disabling forgets both.
 */
export function updatedPitrState(
  current: PitrState | undefined,
  request: Pick<UpdateContinuousBackupsRequest, "enabled" | "recoveryPeriodInDays">,
  now: number,
): PitrState {
  if (!request.enabled) return { enabled: false, recoveryPeriodInDays: DEFAULT_RECOVERY_PERIOD_DAYS };
  return {
    enabled: true,
    recoveryPeriodInDays: request.recoveryPeriodInDays ?? DEFAULT_RECOVERY_PERIOD_DAYS,
    enabledAt: current?.enabled && current.enabledAt !== undefined ? current.enabledAt : now,
  };
}

const ceilSecond = (ms: number) => Math.ceil(ms / 1000) * 1000;
const floorSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/**
 * The restorable window of an enabled table at `now`, in whole seconds: from its enabling or the
 * start of its recovery period, whichever is later, to `lagMs` before `now` but never before the
 * window's start (right after an enable both are the enable time).
 * Undefined while PITR is disabled.
 */
export function restorableWindow(
  state: PitrState | undefined,
  now: number,
  lagMs = LATEST_RESTORABLE_LAG_MS,
): { earliestMs: number; latestMs: number } | undefined {
  if (!state?.enabled || state.enabledAt === undefined) return undefined;
  const earliestMs = ceilSecond(Math.max(state.enabledAt, now - state.recoveryPeriodInDays * DAY_MS));
  return { earliestMs, latestMs: Math.max(earliestMs, floorSecond(now - lagMs)) };
}

export interface PointInTimeRecoveryDescription {
  PointInTimeRecoveryStatus: "ENABLED" | "DISABLED";
  RecoveryPeriodInDays?: number;
  EarliestRestorableDateTime?: number;
  LatestRestorableDateTime?: number;
}

export interface ContinuousBackupsDescription {
  ContinuousBackupsStatus: "ENABLED";
  PointInTimeRecoveryDescription: PointInTimeRecoveryDescription;
}

/**
 * Both operations' ContinuousBackupsDescription: continuous backups always ENABLED (this server
 * has no window after a table's creation where they are not), PITR ENABLED with its period and
 * window (epoch seconds, when given), or DISABLED alone.
 */
export function continuousBackupsDescription(
  state: PitrState | undefined,
  earliestMs?: number,
  latestMs?: number,
): ContinuousBackupsDescription {
  const description: PointInTimeRecoveryDescription = state?.enabled
    ? {
        PointInTimeRecoveryStatus: "ENABLED",
        RecoveryPeriodInDays: state.recoveryPeriodInDays,
        ...(earliestMs !== undefined && { EarliestRestorableDateTime: earliestMs / 1000 }),
        ...(latestMs !== undefined && { LatestRestorableDateTime: latestMs / 1000 }),
      }
    : { PointInTimeRecoveryStatus: "DISABLED" };
  return { ContinuousBackupsStatus: "ENABLED", PointInTimeRecoveryDescription: description };
}

/** A RestoreDateTime outside [earliest, latest] (in the future included): InvalidRestoreTimeException. */
export function checkRestoreTime(requestedMs: number, earliestMs: number, latestMs: number): void {
  if (requestedMs < earliestMs || requestedMs > latestMs) throw invalidRestoreTime(requestedMs, earliestMs, latestMs);
}

/** The time a point-in-time restore restores to: the latest restorable time, or the request's, checked. */
export function restoreTimeOf(
  request: { useLatestRestorableTime: boolean; restoreDateTime?: number },
  window: { earliestMs: number; latestMs: number },
): number {
  if (request.useLatestRestorableTime || request.restoreDateTime === undefined) return window.latestMs;
  checkRestoreTime(request.restoreDateTime, window.earliestMs, window.latestMs);
  return request.restoreDateTime;
}
