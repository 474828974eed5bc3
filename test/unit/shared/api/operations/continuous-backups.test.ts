import { describe, expect, it } from "vitest";
import {
  checkRestoreTime,
  continuousBackupsDescription,
  DEFAULT_RECOVERY_PERIOD_DAYS,
  LATEST_RESTORABLE_LAG_MS,
  restorableWindow,
  restoreTimeOf,
  updatedPitrState,
  validateDescribeContinuousBackups,
  validateUpdateContinuousBackups,
} from "../../../../../shared/api/operations/continuous-backups";
import type { PitrState } from "../../../../../shared/api/table";
import { thrown } from "./helpers";

const TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Music";
const SPEC = "pointInTimeRecoverySpecification";
const nullAt = (path: string) => `Value null at '${path}' failed to satisfy constraint: Member must not be null`;
const one = (error: string) => ({ type: "ValidationException", message: `1 validation error detected: ${error}` });
const spec = (specification: unknown) => ({ TableName: "abc", PointInTimeRecoverySpecification: specification });
const DISABLING_WITH_PERIOD = {
  type: "ValidationException",
  message: "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.",
};

describe("UpdateContinuousBackups validation", () => {
  it("returns the table as sent, the flag and the period when given, dropping unknown members", () => {
    expect(validateUpdateContinuousBackups(spec({ PointInTimeRecoveryEnabled: true, X: 1 }))).toEqual({
      tableName: "abc",
      enabled: true,
    });
    expect(
      validateUpdateContinuousBackups({
        TableName: TABLE_ARN,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 },
      }),
    ).toEqual({ tableName: TABLE_ARN, enabled: true, recoveryPeriodInDays: 7 });
    expect(validateUpdateContinuousBackups(spec({ PointInTimeRecoveryEnabled: false })).enabled).toBe(false);
  });

  it.each([
    [
      "no TableName",
      {},
      {
        type: "ValidationException",
        message: "The parameter 'TableName' is required but was not present in the request",
      },
    ],
    ["no specification", { TableName: "abc" }, one(nullAt(SPEC))],
    ["a null specification", spec(null), one(nullAt(SPEC))],
    ["no PointInTimeRecoveryEnabled", spec({}), one(nullAt(`${SPEC}.pointInTimeRecoveryEnabled`))],
    [
      "a period of 36 days",
      spec({ PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 36 }),
      one(
        `Value '36' at '${SPEC}.recoveryPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 35`,
      ),
    ],
    [
      "a period of 0 days",
      spec({ PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 0 }),
      one(
        `Value '0' at '${SPEC}.recoveryPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 1`,
      ),
    ],
    [
      "a period when disabling",
      spec({ PointInTimeRecoveryEnabled: false, RecoveryPeriodInDays: 7 }),
      DISABLING_WITH_PERIOD,
    ],
    [
      "even the default period when disabling",
      spec({ PointInTimeRecoveryEnabled: false, RecoveryPeriodInDays: 35 }),
      DISABLING_WITH_PERIOD,
    ],
    [
      "a table name breaking the naming rules",
      { TableName: "ab", PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } },
      one("Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"),
    ],
    [
      "a table name of 1025 characters",
      { TableName: "a".repeat(1025), PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } },
      one(
        `Value '${"a".repeat(1025)}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 1024`,
      ),
    ],
  ])("rejects %s", (_, body, error) => {
    expect(thrown(() => validateUpdateContinuousBackups(body as Record<string, unknown>))).toEqual(error);
  });

  it.each([
    [spec({ PointInTimeRecoveryEnabled: 1 }), "NUMBER_VALUE cannot be converted to Boolean"],
    [
      spec({ PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: "7" }),
      "STRING_VALUE cannot be converted to Integer",
    ],
    [spec("on"), "Unexpected field type"],
  ])("rejects %j with SerializationException", (body, message) => {
    expect(thrown(() => validateUpdateContinuousBackups(body))).toEqual({ type: "SerializationException", message });
  });
});

describe("DescribeContinuousBackups validation", () => {
  it("takes a table name or ARN", () => {
    expect(validateDescribeContinuousBackups({ TableName: "abc", X: 1 })).toEqual({ tableName: "abc" });
    expect(validateDescribeContinuousBackups({ TableName: TABLE_ARN })).toEqual({ tableName: TABLE_ARN });
  });

  it.each([
    [{}, "The parameter 'TableName' is required but was not present in the request"],
    [
      { TableName: "abc;" },
      "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    ],
  ])("rejects %j", (body, message) => {
    expect(thrown(() => validateDescribeContinuousBackups(body))).toEqual({ type: "ValidationException", message });
  });
});

const T0 = Date.UTC(2026, 9, 8, 23, 4, 41);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const enabled: PitrState = { enabled: true, recoveryPeriodInDays: 35, enabledAt: T0 };

describe("PITR state changes", () => {
  it("enabling a table that never had PITR starts its window now, with the default period", () => {
    expect(updatedPitrState(undefined, { enabled: true }, T0)).toEqual(enabled);
    expect(DEFAULT_RECOVERY_PERIOD_DAYS).toBe(35);
  });

  it("enabling again keeps the window and takes the request's period, or the default", () => {
    const seven = updatedPitrState(enabled, { enabled: true, recoveryPeriodInDays: 7 }, T0 + MINUTE);
    expect(seven).toEqual({ enabled: true, recoveryPeriodInDays: 7, enabledAt: T0 });
    expect(updatedPitrState(seven, { enabled: true }, T0 + 2 * MINUTE)).toEqual(enabled);
  });

  it("disabling forgets the window and the period; enabling again starts a new window", () => {
    const disabled = updatedPitrState(enabled, { enabled: false }, T0 + MINUTE);
    expect(disabled).toEqual({ enabled: false, recoveryPeriodInDays: 35 });
    expect(updatedPitrState(disabled, { enabled: false }, T0 + 2 * MINUTE)).toEqual(disabled);
    expect(updatedPitrState(disabled, { enabled: true }, T0 + 3 * MINUTE).enabledAt).toBe(T0 + 3 * MINUTE);
  });
});

describe("the restorable window", () => {
  it("right after an enable, both bounds are the enable time", () => {
    expect(restorableWindow(enabled, T0)).toEqual({ earliestMs: T0, latestMs: T0 });
    expect(restorableWindow(enabled, T0 + 3 * MINUTE)).toEqual({ earliestMs: T0, latestMs: T0 });
  });

  it("then the latest trails the clock by 5 minutes", () => {
    expect(LATEST_RESTORABLE_LAG_MS).toBe(5 * MINUTE);
    expect(restorableWindow(enabled, T0 + 60 * MINUTE)).toEqual({ earliestMs: T0, latestMs: T0 + 55 * MINUTE });
  });

  it("the earliest is the start of the recovery period once it is later than the enable", () => {
    const now = T0 + 40 * DAY;
    expect(restorableWindow(enabled, now)?.earliestMs).toBe(now - 35 * DAY);
    expect(restorableWindow({ ...enabled, recoveryPeriodInDays: 1 }, T0 + 2 * DAY)?.earliestMs).toBe(T0 + DAY);
  });

  it("is in whole seconds, and never ends before it starts", () => {
    const window = restorableWindow({ ...enabled, enabledAt: T0 + 400 }, T0 + 10 * MINUTE + 700);
    expect(window).toEqual({ earliestMs: T0 + 1000, latestMs: T0 + 5 * MINUTE });
    expect(restorableWindow({ ...enabled, enabledAt: T0 + 400 }, T0 + 500)).toEqual({
      earliestMs: T0 + 1000,
      latestMs: T0 + 1000,
    });
  });

  it("does not exist while PITR is disabled or was never enabled", () => {
    expect(restorableWindow(undefined, T0)).toBeUndefined();
    expect(restorableWindow({ enabled: false, recoveryPeriodInDays: 35 }, T0)).toBeUndefined();
  });
});

describe("ContinuousBackupsDescription", () => {
  it("PITR disabled or never configured: its status alone, continuous backups ENABLED", () => {
    const disabled = {
      ContinuousBackupsStatus: "ENABLED",
      PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "DISABLED" },
    };
    expect(continuousBackupsDescription(undefined)).toEqual(disabled);
    expect(continuousBackupsDescription({ enabled: false, recoveryPeriodInDays: 35 }, T0, T0)).toEqual(disabled);
  });

  it("PITR enabled: its period and window in epoch seconds, in the model's order", () => {
    const description = continuousBackupsDescription(enabled, T0, T0 + 55 * MINUTE);
    expect(JSON.stringify(description)).toBe(
      JSON.stringify({
        ContinuousBackupsStatus: "ENABLED",
        PointInTimeRecoveryDescription: {
          PointInTimeRecoveryStatus: "ENABLED",
          RecoveryPeriodInDays: 35,
          EarliestRestorableDateTime: T0 / 1000,
          LatestRestorableDateTime: T0 / 1000 + 3300,
        },
      }),
    );
  });

  it("PITR enabled, no window given: its status and period", () => {
    expect(
      continuousBackupsDescription({ ...enabled, recoveryPeriodInDays: 7 }).PointInTimeRecoveryDescription,
    ).toEqual({
      PointInTimeRecoveryStatus: "ENABLED",
      RecoveryPeriodInDays: 7,
    });
  });
});

describe("restore time", () => {
  const window = { earliestMs: Date.UTC(2026, 9, 8, 23, 16, 33), latestMs: Date.UTC(2026, 9, 9, 10, 0, 0) };

  it("accepts any instant of the window, its bounds included", () => {
    expect(() => checkRestoreTime(window.earliestMs, window.earliestMs, window.latestMs)).not.toThrow();
    expect(() => checkRestoreTime(window.latestMs, window.earliestMs, window.latestMs)).not.toThrow();
    expect(restoreTimeOf({ useLatestRestorableTime: false, restoreDateTime: window.earliestMs + 1 }, window)).toBe(
      window.earliestMs + 1,
    );
  });

  it.each([
    ["before the window", Date.UTC(2026, 9, 6, 23, 16, 32), "2026-10-06T23:16:32Z"],
    ["1 ms before the window", Date.UTC(2026, 9, 8, 23, 16, 32, 999), "2026-10-08T23:16:32Z"],
    ["after the window (in the future)", Date.UTC(2026, 9, 9, 10, 0, 1), "2026-10-09T10:00:01Z"],
  ])("refuses a time %s with InvalidRestoreTimeException quoting both bounds", (_, requested, shown) => {
    expect(thrown(() => checkRestoreTime(requested, window.earliestMs, window.latestMs))).toEqual({
      type: "InvalidRestoreTimeException",
      message: `RestoreDateTime '${shown}' must be within EarliestRestorableDateTime '2026-10-08T23:16:33Z' and LatestRestorableDateTime '2026-10-09T10:00:00Z'`,
    });
  });

  it("UseLatestRestorableTime restores to the window's end", () => {
    expect(restoreTimeOf({ useLatestRestorableTime: true }, window)).toBe(window.latestMs);
  });
});
