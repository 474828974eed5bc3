import { expect } from "vitest";
import { DynamoError } from "../../../../../shared/api/errors";

/** Runs `fn` and returns the DynamoError it throws as `{ type, message }`. */
export function thrown(fn: () => unknown): { type: string; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DynamoError);
    const e = error as DynamoError;
    return { type: e.type, message: e.message };
  }
  throw new Error("expected a DynamoError, nothing was thrown");
}
