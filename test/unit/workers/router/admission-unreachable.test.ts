/**
 * The router's admission (workers/router/admission.ts) when the table's admission object cannot
 * be reached (its process restarting, under `--processes`): the request goes on, unthrottled by
 * it, and nothing is held, so the next request asks again; a grant refused is still a throttle.
 */
import { describe, expect, test } from "vitest";
import { admit, type Subject } from "../../../../workers/router/admission";
import type { OperationContext } from "../../../../workers/router/context";

const subject = (id: string): Subject => ({
  id,
  table: "t",
  index: "",
  of: "Table",
  arn: "arn:aws:dynamodb:us-east-1:000000000000:table/t",
  capacity: { billingMode: "PAY_PER_REQUEST", read: 0, write: 0 },
});

/** A context whose admission objects answer with `grant` (a function: it may throw). */
function contextWith(grant: () => Promise<unknown>) {
  const calls = { grants: 0 };
  const ctx = {
    now: () => 1_000,
    region: "us-east-1",
    link: {
      admission: () => ({
        grant: () => {
          calls.grants++;
          return grant();
        },
      }),
    },
  } as unknown as OperationContext;
  return { ctx, calls };
}

describe("router admission", () => {
  test("an admission object that cannot be reached admits the request, and holds nothing for the next", async () => {
    const { ctx, calls } = contextWith(() => Promise.reject(new Error("process 1 did not answer")));
    await expect(admit(ctx, subject("unreachable"), "write", 1)).resolves.toBeUndefined();
    await expect(admit(ctx, subject("unreachable"), "write", 1)).resolves.toBeUndefined();
    expect(calls.grants).toBe(2);
  });

  test("a refused grant is still a throttle", async () => {
    const { ctx } = contextWith(() => Promise.resolve({ units: 0, limit: "TableLimitExceeded" }));
    await expect(admit(ctx, subject("refused"), "write", 1)).rejects.toMatchObject({ type: "ThrottlingException" });
  });
});
