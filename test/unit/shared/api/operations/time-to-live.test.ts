import { describe, expect, it } from "vitest";
import {
  planTimeToLiveChange,
  TIME_TO_LIVE_WINDOW_MS,
  type TimeToLiveState,
  timeToLiveDescription,
  timeToLiveSpecification,
  validateDescribeTimeToLive,
  validateUpdateTimeToLive,
} from "../../../../../shared/api/operations/time-to-live";
import { thrown } from "./helpers";

const NULL_SPEC =
  "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null";
const nullMember = (member: string) =>
  `Value null at 'timeToLiveSpecification.${member}' failed to satisfy constraint: Member must not be null`;
const PATTERN = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";
const update = (body: Record<string, unknown>) => () => validateUpdateTimeToLive(body);
const spec = (TimeToLiveSpecification: unknown) => ({ TableName: "abc", TimeToLiveSpecification });

describe("UpdateTimeToLive validation", () => {
  it.each([
    ["no TableName", {}, "The parameter 'TableName' is required but was not present in the request"],
    [
      "a short TableName, reported alone before the specification's violations",
      { TableName: "ab", TimeToLiveSpecification: {} },
      "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    ],
    [
      "an empty TableName, length before pattern",
      { TableName: "" },
      `2 validation errors detected: Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; Value '' at 'tableName' failed to satisfy constraint: ${PATTERN}`,
    ],
    [
      "a TableName with a bad character",
      { TableName: "abc;", TimeToLiveSpecification: { Enabled: true, AttributeName: "ttl" } },
      `1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: ${PATTERN}`,
    ],
    ["no TimeToLiveSpecification", { TableName: "abc" }, NULL_SPEC],
    ["a null TimeToLiveSpecification", spec(null), NULL_SPEC],
    [
      "an empty TimeToLiveSpecification, Enabled first",
      spec({}),
      `2 validation errors detected: ${nullMember("enabled")}; ${nullMember("attributeName")}`,
    ],
    [
      "no AttributeName, even to enable",
      spec({ Enabled: true }),
      `1 validation error detected: ${nullMember("attributeName")}`,
    ],
    [
      "no AttributeName to disable",
      spec({ Enabled: false, AttributeName: null }),
      `1 validation error detected: ${nullMember("attributeName")}`,
    ],
    ["no Enabled", spec({ AttributeName: "ttl" }), `1 validation error detected: ${nullMember("enabled")}`],
    [
      "an empty AttributeName",
      spec({ Enabled: true, AttributeName: "" }),
      "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      "an AttributeName of 256 characters",
      spec({ Enabled: true, AttributeName: "a".repeat(256) }),
      `1 validation error detected: Value '${"a".repeat(256)}' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length less than or equal to 255`,
    ],
  ])("rejects %s with ValidationException", (_, body, message) => {
    expect(thrown(update(body))).toEqual({ type: "ValidationException", message });
  });

  it.each([
    ["TableName a boolean", { TableName: true }, "TRUE_VALUE cannot be converted to String"],
    ["TimeToLiveSpecification a string", spec("ttl"), "Unexpected field type"],
    [
      "TimeToLiveSpecification a list",
      spec([]),
      "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.TimeToLiveSpecification",
    ],
    ["Enabled a number", spec({ Enabled: 1, AttributeName: "ttl" }), "NUMBER_VALUE cannot be converted to Boolean"],
    ["AttributeName a number", spec({ Enabled: true, AttributeName: 1 }), "NUMBER_VALUE cannot be converted to String"],
  ])("rejects %s with SerializationException", (_, body, message) => {
    expect(thrown(update(body))).toEqual({ type: "SerializationException", message });
  });

  it("returns the table, the flag and the attribute, dropping unknown members", () => {
    const body = { TableName: "abc", TimeToLiveSpecification: { Enabled: false, AttributeName: "ttl", X: 1 }, Y: 2 };
    expect(validateUpdateTimeToLive(body)).toEqual({
      input: { TableName: "abc", TimeToLiveSpecification: { Enabled: false, AttributeName: "ttl" } },
      tableName: "abc",
      enabled: false,
      attributeName: "ttl",
    });
  });

  it("accepts an AttributeName of 255 characters and the key attribute's name", () => {
    expect(
      validateUpdateTimeToLive(spec({ Enabled: true, AttributeName: "a".repeat(255) })).attributeName,
    ).toHaveLength(255);
    expect(validateUpdateTimeToLive(spec({ Enabled: true, AttributeName: "pk" })).enabled).toBe(true);
  });
});

describe("DescribeTimeToLive validation", () => {
  it.each([
    [{}, "ValidationException", "The parameter 'TableName' is required but was not present in the request"],
    [
      { TableName: "ab" },
      "ValidationException",
      "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    ],
    [
      { TableName: "a".repeat(256) },
      "ValidationException",
      `1 validation error detected: Value '${"a".repeat(256)}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255`,
    ],
    [
      { TableName: "abc;" },
      "ValidationException",
      `1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: ${PATTERN}`,
    ],
    [{ TableName: 1 }, "SerializationException", "NUMBER_VALUE cannot be converted to String"],
  ])("rejects %j with %s", (body, type, message) => {
    expect(thrown(() => validateDescribeTimeToLive(body as Record<string, unknown>))).toEqual({ type, message });
  });

  it("returns the table name, dropping unknown members", () => {
    expect(validateDescribeTimeToLive({ TableName: "abc", X: 1 })).toEqual({ TableName: "abc" });
  });
});

const T0 = Date.UTC(2026, 9, 9, 12, 0, 0);
const WINDOW = 60_000;
const enabledTtl: TimeToLiveState = { attributeName: "ttl", enabled: true, changedAt: T0 };
const disabledTtl: TimeToLiveState = { attributeName: "ttl", enabled: false, changedAt: T0 };
const ALREADY_ENABLED = "TimeToLive is already enabled";
const ALREADY_DISABLED = "TimeToLive is already disabled";
const DIFFERENT = "TimeToLive is active on a different AttributeName: current AttributeName is ttl";
const TOO_SOON = "Time to live has been modified multiple times within a fixed interval";

describe("UpdateTimeToLive change rules", () => {
  it("enables TTL on a table that never had it, stamping the change", () => {
    expect(planTimeToLiveChange(undefined, true, "expires", T0, WINDOW)).toEqual({
      attributeName: "expires",
      enabled: true,
      changedAt: T0,
    });
  });

  it("disables TTL on its attribute once the window has passed, keeping the attribute in the state", () => {
    expect(planTimeToLiveChange(enabledTtl, false, "ttl", T0 + WINDOW, WINDOW)).toEqual({
      attributeName: "ttl",
      enabled: false,
      changedAt: T0 + WINDOW,
    });
  });

  it("enables TTL on another attribute after a disable, once the window has passed", () => {
    expect(planTimeToLiveChange(disabledTtl, true, "other", T0 + WINDOW, WINDOW)).toMatchObject({
      attributeName: "other",
      enabled: true,
    });
  });

  it.each<[string, TimeToLiveState | undefined, boolean, string, number, string]>([
    ["disabling a table that never had TTL", undefined, false, "ttl", T0, ALREADY_DISABLED],
    [
      "disabling a disabled table, on another attribute, inside the window",
      disabledTtl,
      false,
      "x",
      T0,
      ALREADY_DISABLED,
    ],
    ["disabling a disabled table after the window", disabledTtl, false, "ttl", T0 + WINDOW, ALREADY_DISABLED],
    ["enabling the enabled attribute, inside the window", enabledTtl, true, "ttl", T0, ALREADY_ENABLED],
    ["enabling the enabled attribute after the window", enabledTtl, true, "ttl", T0 + WINDOW, ALREADY_ENABLED],
    ["enabling another attribute, inside the window", enabledTtl, true, "other", T0, DIFFERENT],
    ["enabling another attribute after the window", enabledTtl, true, "other", T0 + WINDOW, DIFFERENT],
    ["disabling naming another attribute than the enabled one", enabledTtl, false, "other", T0 + WINDOW, DIFFERENT],
    ["disabling an attribute differing only in case", enabledTtl, false, "TTL", T0 + WINDOW, DIFFERENT],
    ["disabling just after the enable", enabledTtl, false, "ttl", T0 + 1, TOO_SOON],
    ["disabling 1 ms before the window ends", enabledTtl, false, "ttl", T0 + WINDOW - 1, TOO_SOON],
    ["enabling again just after a disable", disabledTtl, true, "ttl", T0 + 1, TOO_SOON],
    ["enabling another attribute just after a disable", disabledTtl, true, "other", T0, TOO_SOON],
  ])("refuses %s with ValidationException", (_, current, enabled, attributeName, now, message) => {
    expect(thrown(() => planTimeToLiveChange(current, enabled, attributeName, now, WINDOW))).toEqual({
      type: "ValidationException",
      message,
    });
  });

  it("the window follows the last successful change: a refused request does not extend it", () => {
    expect(() => planTimeToLiveChange(enabledTtl, false, "ttl", T0 + WINDOW / 2, WINDOW)).toThrow(TOO_SOON);
    const disabled = planTimeToLiveChange(enabledTtl, false, "ttl", T0 + WINDOW, WINDOW);
    expect(() => planTimeToLiveChange(disabled, true, "ttl", T0 + 2 * WINDOW - 1, WINDOW)).toThrow(TOO_SOON);
    expect(planTimeToLiveChange(disabled, true, "ttl", T0 + 2 * WINDOW, WINDOW).enabled).toBe(true);
  });

  it("a state without a last change has no window", () => {
    expect(planTimeToLiveChange({ enabled: false }, true, "ttl", T0, WINDOW).changedAt).toBe(T0);
  });

  it("DynamoDB's window is the documented hour", () => {
    expect(TIME_TO_LIVE_WINDOW_MS).toBe(3_600_000);
    expect(() => planTimeToLiveChange(enabledTtl, false, "ttl", T0 + 31 * 60_000, TIME_TO_LIVE_WINDOW_MS)).toThrow(
      TOO_SOON,
    );
  });
});

describe("UpdateTimeToLive and DescribeTimeToLive answers", () => {
  it("UpdateTimeToLive echoes the specification, Enabled first, on enable and disable", () => {
    expect(JSON.stringify(timeToLiveSpecification(true, "ttl"))).toBe('{"Enabled":true,"AttributeName":"ttl"}');
    expect(timeToLiveSpecification(false, "ttl")).toEqual({ Enabled: false, AttributeName: "ttl" });
  });

  it.each<[string, TimeToLiveState | undefined, object]>([
    ["never configured", undefined, { TimeToLiveStatus: "DISABLED" }],
    ["enabled", enabledTtl, { TimeToLiveStatus: "ENABLED", AttributeName: "ttl" }],
    ["disabled, its attribute forgotten", disabledTtl, { TimeToLiveStatus: "DISABLED" }],
  ])("DescribeTimeToLive of a table %s", (_, state, description) => {
    expect(timeToLiveDescription(state)).toEqual(description);
  });

  it("DescribeTimeToLive shows a change at once, never ENABLING or DISABLING", () => {
    const enabled = planTimeToLiveChange(undefined, true, "ttl", T0, WINDOW);
    expect(timeToLiveDescription(enabled).TimeToLiveStatus).toBe("ENABLED");
    const disabled = planTimeToLiveChange(enabled, false, "ttl", T0 + WINDOW, WINDOW);
    expect(timeToLiveDescription(disabled)).toEqual({ TimeToLiveStatus: "DISABLED" });
  });
});
